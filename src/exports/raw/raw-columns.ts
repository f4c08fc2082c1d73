/**
 * Columns and cells of the raw data export, pure. One row per response; one
 * column per item: `<question>_<item>` for a matrix row, `<question>` for a
 * single-choice or text question. Values are the codes as answered (or the
 * labels), read through the codebook of the response's own version, so a
 * wave with another scale gets its own labels and an item a wave did not ask
 * stays blank. In a table over several versions a column holds one scale only. Tokens, invitations and contact data are not columns at all.
 */
import { Codebook, CodebookItem, CodebookQuestion, NO_ANSWER } from '../../definitions/codebook';
import type { CellValue } from '../cell-safety';

export const FIXED_COLUMNS = ['response_id', 'wave', 'status', 'completed_at', 'source'] as const;

/** The `source` of a response answered through its personal link. */
export const ONLINE_SOURCE = 'online';

/** The `source` of an imported response: `import:<id of the import>` (the console's import list shows the file of each id). */
export function importSource(importId: string): string {
  return `import:${importId}`;
}

/** Label of "na" when the codebook names none. */
export const NO_ANSWER_LABEL = 'keine Angabe';

export interface RawColumn {
  name: string;
  question: string;
  item: string;
  /** The questionnaire versions whose answers the column holds (latest first); all of them share one scale. */
  versions: string[];
}

/** A codebook with its version. */
export interface VersionedCodebook {
  version: string;
  codebook: Codebook;
}

/** The row of the responses table an export reads: never the invitation, never a token. */
export interface RawResponse {
  id: string;
  wave: string;
  status: string;
  completed_at: Date | null;
  /** The import it came with; null for an online response. */
  import_id: string | null;
  answers: Record<string, unknown>;
}

function isMatrix(question: CodebookQuestion): boolean {
  return question.scale !== undefined;
}

export function columnName(question: CodebookQuestion, item: CodebookItem): string {
  return isMatrix(question) ? `${question.code}_${item.code}` : question.code;
}

/** What makes two scales the same: their levels (values and labels) and top box. Null for questions without a scale. */
export function scaleKey(question: CodebookQuestion): string | null {
  if (!question.scale) return null;
  return JSON.stringify([question.scale.levels.map((level) => [level.value, level.label]), question.scale.topBox]);
}

/** `chancen_werbung` + version 2019 → `chancen_werbung_2019` (characters outside [A-Za-z0-9_] become `_`). */
function versionedName(base: string, version: string): string {
  return `${base}_${version.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/**
 * The item columns of one or more versions' codebooks, latest version first:
 * those of the latest in its order, then each further version's columns the
 * later ones lack. A column holds one scale only: where an earlier version
 * asked an item on another scale (levels, labels or top box), its answers get
 * a column of their own, named after that version (`chancen_werbung_2019`),
 * placed right after the item's other columns.
 */
export function rawColumns(versions: VersionedCodebook[]): RawColumn[] {
  const columns: Array<RawColumn & { scale: string | null }> = [];
  for (const { version, codebook } of versions) {
    for (const question of codebook.questions) {
      for (const item of question.items) {
        const scale = scaleKey(question);
        const same = columns.filter((column) => column.question === question.code && column.item === item.code);
        const match = same.find((column) => column.scale === scale);
        if (match) {
          match.versions.push(version);
          continue;
        }
        const base = columnName(question, item);
        let name = columns.some((column) => column.name === base) ? versionedName(base, version) : base;
        while (columns.some((column) => column.name === name)) name = `${name}_`;
        const column = { name, question: question.code, item: item.code, versions: [version], scale };
        const after = same.length > 0 ? columns.indexOf(same[same.length - 1]) + 1 : columns.length;
        columns.splice(after, 0, column);
      }
    }
  }
  return columns.map(({ name, question, item, versions: holding }) => ({ name, question, item, versions: holding }));
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
  if (typeof value !== 'number' && typeof value !== 'string' && typeof value !== 'boolean') return plain(value);
  const level = question.scale?.levels.find((candidate) => String(candidate.value) === String(value));
  const choice = question.choices?.find((candidate) => candidate.value === String(value));
  return level?.label ?? choice?.label ?? plain(value);
}

function cellReader(question: CodebookQuestion, item: CodebookItem, labels: boolean): CellOf {
  const convert = labels && question.kind !== 'text' ? (value: unknown) => labelOf(question, value) : plain;
  if (!isMatrix(question)) return (answers) => convert(answers[question.code]);
  return (answers) => {
    const rows = answers[question.code];
    return typeof rows === 'object' && rows !== null && !Array.isArray(rows) ? convert((rows as Record<string, unknown>)[item.code]) : null;
  };
}

/**
 * The function that turns a response of one version into its cells, in the
 * order of `rawHeader(columns)`. Columns that do not hold the version stay blank.
 */
export function rawRowMapper(
  columns: RawColumn[],
  { version, codebook }: VersionedCodebook,
  options: { labels: boolean },
): (response: RawResponse) => CellValue[] {
  const cells = columns.map((column): CellOf | undefined => {
    if (!column.versions.includes(version)) return undefined;
    const question = codebook.questions.find((candidate) => candidate.code === column.question);
    const item = question?.items.find((candidate) => candidate.code === column.item);
    return question && item ? cellReader(question, item, options.labels) : undefined;
  });
  return (response) => [
    response.id,
    response.wave,
    response.status,
    response.completed_at,
    response.import_id === null ? ONLINE_SOURCE : importSource(response.import_id),
    ...cells.map((read) => (read ? read(response.answers) : null)),
  ];
}
