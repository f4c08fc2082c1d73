/**
 * Columns and cells of the raw data export, pure. One row per response; one
 * column per item: `<question>_<item>` for a matrix row, `<question>` for a
 * single-choice or text question. Values are the codes as answered (or the
 * labels), read through the codebook of the response's own version, so a
 * wave with another scale gets its own labels and an item a wave did not ask
 * stays blank. Tokens, invitations and contact data are not columns at all.
 */
import { Codebook, CodebookItem, CodebookQuestion, NO_ANSWER } from '../../definitions/codebook';
import type { CellValue } from '../cell-safety';

export const FIXED_COLUMNS = ['response_id', 'wave', 'status', 'completed_at'] as const;

/** Label of "na" when the codebook names none. */
export const NO_ANSWER_LABEL = 'keine Angabe';

export interface RawColumn {
  name: string;
  question: string;
  item: string;
}

/** The row of the responses table an export reads: never the invitation, never a token. */
export interface RawResponse {
  id: string;
  wave: string;
  status: string;
  completed_at: Date | null;
  answers: Record<string, unknown>;
}

function isMatrix(question: CodebookQuestion): boolean {
  return question.scale !== undefined;
}

export function columnName(question: CodebookQuestion, item: CodebookItem): string {
  return isMatrix(question) ? `${question.code}_${item.code}` : question.code;
}

/**
 * The item columns of one or more codebooks: those of the first (the latest
 * version) in its order, then each further codebook's columns the earlier ones
 * lack, in that codebook's order.
 */
export function rawColumns(codebooks: Codebook[]): RawColumn[] {
  const columns = new Map<string, RawColumn>();
  for (const codebook of codebooks) {
    for (const question of codebook.questions) {
      for (const item of question.items) {
        const name = columnName(question, item);
        if (!columns.has(name)) columns.set(name, { name, question: question.code, item: item.code });
      }
    }
  }
  return [...columns.values()];
}

export function rawHeader(columns: RawColumn[]): string[] {
  return [...FIXED_COLUMNS, ...columns.map((column) => column.name)];
}

type CellOf = (answers: Record<string, unknown>) => CellValue;

function plain(value: unknown): CellValue {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return JSON.stringify(value);
}

function labelOf(question: CodebookQuestion, value: unknown): CellValue {
  if (value === undefined || value === null || value === '') return null;
  if (value === NO_ANSWER) return question.scale?.noAnswerLabel ?? question.noAnswerLabel ?? NO_ANSWER_LABEL;
  const level = question.scale?.levels.find((candidate) => String(candidate.value) === String(value));
  const choice = question.choices?.find((candidate) => candidate.value === String(value));
  return level?.label ?? choice?.label ?? plain(value);
}

function cellReader(question: CodebookQuestion, item: CodebookItem, labels: boolean): CellOf {
  const convert = labels && question.kind !== 'text' ? (value: unknown) => labelOf(question, value) : plain;
  if (!isMatrix(question)) return (answers) => convert(answers[question.code]);
  return (answers) => {
    const rows = answers[question.code];
    return rows && typeof rows === 'object' && !Array.isArray(rows) ? convert((rows as Record<string, unknown>)[item.code]) : null;
  };
}

/**
 * The function that turns a response of one version into its cells, in the
 * order of `rawHeader(columns)`. Columns the version does not have stay blank.
 */
export function rawRowMapper(columns: RawColumn[], codebook: Codebook, options: { labels: boolean }): (response: RawResponse) => CellValue[] {
  const readers = new Map<string, CellOf>();
  for (const question of codebook.questions) {
    for (const item of question.items) readers.set(columnName(question, item), cellReader(question, item, options.labels));
  }
  const cells = columns.map((column) => readers.get(column.name));
  return (response) => [
    response.id,
    response.wave,
    response.status,
    response.completed_at,
    ...cells.map((read) => (read ? read(response.answers) : null)),
  ];
}
