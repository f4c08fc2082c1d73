/**
 * Rows of a file → answer objects in the shape the respondent API stores
 * (`{chancen: {werbung: 4, logistik: "na"}, rolle: "ki_trainer", zentrum: "…"}`,
 * unanswered questions and rows absent). A mapping is compiled once per file
 * into a plan (column positions, value lookups); each row is then converted
 * on its own, with errors per cell `{row, column, value, code, message}`.
 * Pure: the codebook and SurveyJS checks of the respondent API run afterwards
 * through `validateAnswers` (src/responses/answer-validation.ts), whose
 * details `validationErrorsToCells` turns into cell errors.
 */
import { createHash } from 'node:crypto';
import { fromLocalInput } from '../common/german-time';
import { allowedValues, Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import type { ErrorDetail } from '../common/error-code';
import { MAX_TEXT_LENGTH } from '../responses/answer-shape';
import {
  ALL_QUESTIONS,
  CompletedAtZone,
  EMPTY_CELL,
  ImportMapping,
  mappingProblems,
  MappingProblem,
  normalizeKey,
  splitTarget,
  unmappedColumns,
  ValueTarget,
} from './mapping';

/** A cell as the readers give it (a reader may give a Date for a date cell of a sheet). */
export type ImportCell = string | number | Date | null;

export interface ImportRow {
  /** Line number in the file (the header is line 1); for XLSX the sheet's row number. */
  row: number;
  cells: ImportCell[];
}

/** SPSS value labels of a column: the stored value and its label. */
export interface ValueLabel {
  value: string | number;
  label: string;
}

export type ValueLabels = Record<string, ValueLabel[]>;

export const IMPORT_ERROR_CODES = [
  'EMPTY_ROW',
  'EXTERNAL_ID_MISSING',
  'EXTERNAL_ID_INVALID',
  'EXTERNAL_ID_DUPLICATE',
  'STATUS_UNKNOWN',
  'COMPLETED_AT_INVALID',
  'LABEL_UNKNOWN',
  'VALUE_OUTSIDE_SCALE',
  'NUMBER_FOR_CHOICE',
  'FORMULA_TEXT',
  'TEXT_TOO_LONG',
  'ANSWER_INVALID',
  'ROW_MALFORMED',
  'CELL_UNREADABLE',
  'FILE_UNREADABLE',
  'CONFLICT',
] as const;
export type ImportErrorCode = (typeof IMPORT_ERROR_CODES)[number];

/** German text per code, for the console (the API's `message` is English and more specific). */
export const IMPORT_ERROR_GERMAN: Record<ImportErrorCode, string> = {
  EMPTY_ROW: 'Die Zeile ist leer.',
  EXTERNAL_ID_MISSING: 'Die externe Kennung fehlt.',
  EXTERNAL_ID_INVALID: 'Die externe Kennung ist zu lang oder enthält Steuerzeichen.',
  EXTERNAL_ID_DUPLICATE: 'Die externe Kennung kommt in der Datei mehrfach vor.',
  STATUS_UNKNOWN: 'Unbekannter Status (weder abgeschlossen noch teilweise).',
  COMPLETED_AT_INVALID: 'Der Zeitpunkt des Abschlusses ist kein Datum mit Uhrzeit (wie 2023-05-04T08:15:00Z).',
  LABEL_UNKNOWN: 'Unbekannte Antwort: weder ein Code noch eine Beschriftung der Frage.',
  VALUE_OUTSIDE_SCALE: 'Der Wert liegt außerhalb der Skala der Frage.',
  NUMBER_FOR_CHOICE: 'Eine Zahl, wo eine Auswahl erwartet wird.',
  FORMULA_TEXT: 'Der Text sieht wie eine Tabellenformel aus (beginnt mit =, +, - oder @).',
  TEXT_TOO_LONG: `Der Text ist zu lang (höchstens ${MAX_TEXT_LENGTH} Zeichen).`,
  ANSWER_INVALID: 'Die Antworten verletzen eine Regel des Fragebogens.',
  ROW_MALFORMED: 'Die Zeile hat eine andere Zahl von Zellen als die Kopfzeile.',
  CELL_UNREADABLE: 'Die Zelle ist eine Formel, ein Excel-Fehlerwert oder enthält Zeichen, die nicht lesbar sind.',
  FILE_UNREADABLE: 'Die Datei kann ab hier nicht mehr als Tabelle gelesen werden.',
  CONFLICT: 'Diese Kennung gibt es in der Welle schon, mit anderen Antworten.',
};

export interface CellError {
  row: number;
  /** The column's header name; null for the row as a whole (an empty row, a rule about several questions). */
  column: string | null;
  /** The cell as text (at most 200 characters), null when empty. */
  value: string | null;
  code: ImportErrorCode;
  message: string;
}

export type ImportStatus = 'completed' | 'partial';

export type RowResult =
  | {
      outcome: 'answers';
      row: number;
      externalId: string;
      status: ImportStatus;
      /** Only with a `completedAt` column; null when that cell is empty. */
      completedAt: Date | null | undefined;
      answers: Record<string, unknown>;
    }
  | { outcome: 'errors'; row: number; errors: CellError[] }
  | { outcome: 'skipped'; row: number };

export const MAX_EXTERNAL_ID_LENGTH = 200;
const MAX_VALUE_IN_ERROR = 200;

/** What a cell turns into: a value to store, no answer, or an error. */
type Converted = { value: unknown } | { none: true } | { code: ImportErrorCode; message: string };

interface AnswerTarget {
  index: number;
  column: string;
  question: CodebookQuestion;
  /** Matrix row; undefined for single-choice and text questions. */
  item: string | undefined;
  convert: (cell: ImportCell) => Converted;
}

/** A mapping compiled for one codebook and one header: build once per file, use for every row. */
export interface ImportPlan {
  mapping: ImportMapping;
  header: string[];
  skipRows: ReadonlySet<number>;
  externalId: { index: number; column: string };
  status?: { index: number; column: string; completed: ReadonlySet<string>; partial: ReadonlySet<string> };
  completedAt?: { index: number; column: string };
  targets: AnswerTarget[];
  /** Header columns neither mapped nor ignored (for the dry run's `unmappedColumns`). */
  unmappedColumns: string[];
  /** `chancen.werbung` / `rolle` → the column it came from (for `validationErrorsToCells`). */
  columnOfPath: ReadonlyMap<string, string>;
}

// ---------------------------------------------------------------- cells

/** The characters that make a spreadsheet read text as a formula (cell-safety.ts neutralizes the same on export). */
const NEUTRALIZED = ['=', '+', '-', '@', '\t', '\r'];
/** Starts of text that is refused as formula-looking (tab and CR are whitespace here, not a formula). */
const FORMULA_STARTS = ['=', '+', '-', '@'];
const PLAIN_NUMBER = /^[+-]?\d+([.,]\d+)?$/;
const LEVEL_NUMBER = /^[+-]?\d+([.,]0+)?$/;

function isBlank(cell: ImportCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

function cellText(cell: ImportCell): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? String(cell) : cell.toISOString();
  return String(cell);
}

function shown(cell: ImportCell): string | null {
  if (cell === null) return null;
  const text = cellText(cell);
  return text.length > MAX_VALUE_IN_ERROR ? `${text.slice(0, MAX_VALUE_IN_ERROR)}…` : text;
}

/**
 * The inverse of the export's neutralization: `'=1+1` (an apostrophe before a
 * formula character, the spreadsheet mark for "this is text") is the text `=1+1`.
 */
export function unneutralizeText(text: string): string {
  return text.startsWith("'") && NEUTRALIZED.includes(text.charAt(1)) ? text.slice(1) : text;
}

/** Text a spreadsheet would run as a formula: starts with =, +, - or @ and is not a plain number (`-2`, `+3,5`). */
export function looksLikeFormula(text: string): boolean {
  return FORMULA_STARTS.includes(text.charAt(0)) && !PLAIN_NUMBER.test(text);
}

function formulaError(text: string): Converted {
  return {
    code: 'FORMULA_TEXT',
    message: `Text starting with "${text.charAt(0)}" looks like a spreadsheet formula; write an apostrophe before it ('${text.slice(0, 20)}) to import it as text`,
  };
}

function allowedText(question: CodebookQuestion): string {
  return (allowedValues(question) ?? []).map((value) => (value === NO_ANSWER ? `"${NO_ANSWER}"` : value)).join(', ');
}

function labelsText(question: CodebookQuestion): string {
  const labels = [...(question.scale?.levels ?? question.choices ?? []).map((entry) => entry.label)];
  const noAnswer = question.scale?.noAnswerLabel ?? question.noAnswerLabel;
  if (noAnswer) labels.push(noAnswer);
  return labels.map((label) => `"${label}"`).join(', ');
}

/**
 * The lookup of one scale or choice question: explicit value map (the
 * question's, then `*`), SPSS value labels, codes, then the codebook's labels
 * (including its "keine Angabe" → `na`); case- and whitespace-tolerant,
 * otherwise exact (no fuzzy matching). Numbers from a sheet or SPSS are codes.
 */
function codedConverter(
  question: CodebookQuestion,
  mapping: ImportMapping,
  valueLabels: ValueLabel[] | undefined,
): (cell: ImportCell) => Converted {
  const explicit = new Map<string, ValueTarget>();
  for (const source of [mapping.values?.[ALL_QUESTIONS], mapping.values?.[question.code]]) {
    if (!source) continue;
    for (const [cell, target] of Object.entries(source)) explicit.set(normalizeKey(cell), target);
  }
  const spss = new Map((valueLabels ?? []).map((entry) => [normalizeKey(String(entry.value)), entry.label]));
  const allowed = new Set(allowedValues(question) ?? []);
  const labels = new Map<string, string | number>();
  const codes = new Map<string, string | number>();
  if (question.scale) {
    for (const level of question.scale.levels) labels.set(normalizeKey(level.label), level.value);
    labels.set(normalizeKey(question.scale.noAnswerLabel), NO_ANSWER);
  } else {
    for (const choice of question.choices ?? []) {
      codes.set(normalizeKey(choice.value), choice.value);
      labels.set(normalizeKey(choice.label), choice.value);
    }
    if (question.noAnswerLabel) labels.set(normalizeKey(question.noAnswerLabel), NO_ANSWER);
  }
  codes.set(NO_ANSWER, NO_ANSWER);
  const levels = new Set(question.scale?.levels.map((level) => level.value));

  const outside = (given: string): Converted => ({
    code: 'VALUE_OUTSIDE_SCALE',
    message: question.scale
      ? `${given} is outside the scale of ${question.code} (${allowedText(question)})`
      : `${given} is not a choice of ${question.code} (${allowedText(question)})`,
  });
  const target = (value: ValueTarget, given: string): Converted => {
    if (value === null) return { none: true };
    return allowed.has(String(value)) ? { value } : outside(given);
  };
  const emptyTarget = explicit.get(EMPTY_CELL);

  return (cell) => {
    if (isBlank(cell)) return emptyTarget === undefined ? { none: true } : target(emptyTarget, '(empty)');
    if (typeof cell === 'string' && looksLikeFormula(cell.trim())) return formulaError(cell.trim());
    const text = typeof cell === 'string' ? unneutralizeText(cell.trim()) : cellText(cell);
    let key = normalizeKey(text);
    let shownValue = JSON.stringify(typeof cell === 'number' ? cell : text.trim());
    // SPSS: a stored value with a label stands for its label, unless the value map names the value itself.
    const label = spss.get(key);
    if (label !== undefined && !explicit.has(key)) {
      shownValue = `${shownValue} ("${label}")`;
      key = normalizeKey(label);
    }
    const mapped = explicit.get(key);
    if (mapped !== undefined) return target(mapped, shownValue);
    const code = codes.get(key);
    if (code !== undefined) return target(code, shownValue);
    if (question.scale) {
      const numeric = typeof cell === 'number' && label === undefined ? String(cell) : key;
      if (LEVEL_NUMBER.test(numeric)) {
        const value = Number(numeric.replace(',', '.'));
        return levels.has(value) ? { value } : outside(shownValue);
      }
      if (PLAIN_NUMBER.test(numeric) || (typeof cell === 'number' && label === undefined)) return outside(shownValue);
    }
    const byLabel = labels.get(key);
    if (byLabel !== undefined) return target(byLabel, shownValue);
    if (!question.scale && (typeof cell === 'number' || PLAIN_NUMBER.test(key))) {
      return {
        code: 'NUMBER_FOR_CHOICE',
        message: `${shownValue} is a number where a choice of ${question.code} is expected (${allowedText(question)}); map numbers in "values"`,
      };
    }
    return {
      code: 'LABEL_UNKNOWN',
      message: `Unknown answer ${shownValue} for ${question.code}: expected ${allowedText(question)} or a label (${labelsText(question)})`,
    };
  };
}

/** Distinct cells remembered per coded column: a file repeats a few codes or labels in every row, thousands of times. */
const REMEMBERED_CELLS = 256;

/** A coded question's conversion (a function of the cell alone) with the results of its first distinct cells kept. */
function remembered(convert: (cell: ImportCell) => Converted): (cell: ImportCell) => Converted {
  const byText = new Map<string, Converted>();
  const byNumber = new Map<number, Converted>();
  const recall = <K extends string | number>(known: Map<K, Converted>, cell: K): Converted => {
    const hit = known.get(cell);
    if (hit !== undefined) return hit;
    const converted = convert(cell);
    if (known.size < REMEMBERED_CELLS) known.set(cell, converted);
    return converted;
  };
  return (cell) => (typeof cell === 'string' ? recall(byText, cell) : typeof cell === 'number' ? recall(byNumber, cell) : convert(cell));
}

/** Text questions: the cell as written (numbers as digits); the export's apostrophe before a formula character removed. */
function textConverter(question: CodebookQuestion): (cell: ImportCell) => Converted {
  return (cell) => {
    if (isBlank(cell)) return { none: true };
    if (typeof cell === 'string' && looksLikeFormula(cell)) return formulaError(cell);
    const text = typeof cell === 'string' ? unneutralizeText(cell) : cellText(cell);
    if (text.length > MAX_TEXT_LENGTH) {
      return {
        code: 'TEXT_TOO_LONG',
        message: `The text of ${question.code} is ${text.length} characters long (at most ${MAX_TEXT_LENGTH})`,
      };
    }
    return { value: text };
  };
}

// ---------------------------------------------------------------- plan

/**
 * Compiles a (parsed) mapping for a codebook and a file's header; problems
 * (`mappingProblems`) instead when it does not fit. `valueLabels` are the SPSS
 * value labels per column name, if the file has them.
 */
export function compileMapping(
  mapping: ImportMapping,
  codebook: Codebook,
  header: string[],
  valueLabels: ValueLabels = {},
): { plan: ImportPlan } | { problems: MappingProblem[] } {
  const problems = mappingProblems(mapping, codebook, header);
  if (problems.length > 0) return { problems };
  const names = header.map((name) => name.trim());
  const indexOf = (column: string) => names.indexOf(column.trim());
  const questions = new Map(codebook.questions.map((question) => [question.code, question]));
  const labelsOf = new Map(Object.entries(valueLabels).map(([column, labels]) => [column.trim(), labels]));
  const targets: AnswerTarget[] = [];
  const columnOfPath = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping.columns)) {
    const { question: code, item } = splitTarget(target);
    const question = questions.get(code) as CodebookQuestion;
    const convert =
      question.kind === 'text' ? textConverter(question) : remembered(codedConverter(question, mapping, labelsOf.get(column.trim())));
    targets.push({ index: indexOf(column), column: column.trim(), question, item, convert });
    columnOfPath.set(item === undefined ? code : `${code}.${item}`, column.trim());
    // SurveyJS names the matrix as a whole (hidden, required): its first mapped column stands for it.
    if (!columnOfPath.has(code)) columnOfPath.set(code, column.trim());
  }
  targets.sort((a, b) => (a.question.position !== b.question.position ? a.question.position - b.question.position : a.index - b.index));
  const plan: ImportPlan = {
    mapping,
    header: names,
    skipRows: new Set(mapping.skipRows ?? []),
    externalId: { index: indexOf(mapping.externalId), column: mapping.externalId.trim() },
    targets,
    unmappedColumns: unmappedColumns(mapping, header),
    columnOfPath,
  };
  if (mapping.status) {
    plan.status = {
      index: indexOf(mapping.status.column),
      column: mapping.status.column.trim(),
      completed: new Set(mapping.status.completed.map(normalizeKey)),
      partial: new Set(mapping.status.partial.map(normalizeKey)),
    };
  }
  if (mapping.completedAt !== undefined) plan.completedAt = { index: indexOf(mapping.completedAt), column: mapping.completedAt.trim() };
  return { plan };
}

/**
 * The external ids seen so far in one file, to refuse a second row with the
 * same id. One tracker per file; `rowToAnswers` records every row's valid id
 * (also of rows with other errors), so the second occurrence is always the
 * one reported. Holds 132 bits of the id's SHA-256 (22 base64 characters) and a number per row,
 * whatever the ids' length (ids of 200 characters would hold far more).
 */
export class DuplicateTracker {
  private readonly firstRow = new Map<string, number>();

  /** The line where the id appeared first, or undefined (then it is recorded for this row). */
  seen(externalId: string, row: number): number | undefined {
    const key = createHash('sha256').update(externalId).digest('base64').slice(0, 22);
    const first = this.firstRow.get(key);
    if (first === undefined) this.firstRow.set(key, row);
    return first;
  }
}

const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A completion time: ISO 8601 with its zone, or without one (an Excel date cell) in `zone`. */
function completedAtOf(cell: ImportCell, zone: CompletedAtZone): Date | null | 'invalid' {
  if (isBlank(cell)) return null;
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? 'invalid' : cell;
  const match = typeof cell === 'string' ? ISO_DATE_TIME.exec(cell.trim()) : null;
  if (match === null) return 'invalid';
  const [, year, month, day, hour, minute, second = '00', fraction = '', offset] = match;
  if (offset === undefined && zone === 'Europe/Berlin') {
    const berlin = fromLocalInput(`${year}-${month}-${day}T${hour}:${minute}:${second}`);
    return berlin === undefined ? 'invalid' : new Date(berlin.getTime() + Math.round(Number(`0${fraction || '.0'}`) * 1000));
  }
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction}${offset ?? 'Z'}`);
  // Date.parse rolls 2021-02-30 over into March: a day that does not exist is refused.
  if (Number.isNaN(date.getTime()) || (offset === undefined && date.getUTCDate() !== Number(day))) return 'invalid';
  return date;
}

/**
 * One row of the file → its external id, status and answers, or its errors
 * (every bad cell of the row, not just the first), or `skipped` for a line in
 * `skipRows`. Pass one `DuplicateTracker` per file to refuse repeated external
 * ids. The answers hold only what was answered (as `withoutUnanswered` would
 * leave them); whether they pass the codebook and SurveyJS rules is decided by
 * `validateAnswers` afterwards.
 */
export function rowToAnswers(row: ImportRow, plan: ImportPlan, seen?: DuplicateTracker): RowResult {
  if (plan.skipRows.has(row.row)) return { outcome: 'skipped', row: row.row };
  const cellAt = (index: number): ImportCell => row.cells[index] ?? null;
  if (row.cells.every(isBlank)) {
    return {
      outcome: 'errors',
      row: row.row,
      errors: [{ row: row.row, column: null, value: null, code: 'EMPTY_ROW', message: 'The row is empty' }],
    };
  }
  const errors: CellError[] = [];
  const fail = (column: string, cell: ImportCell, code: ImportErrorCode, message: string) =>
    errors.push({ row: row.row, column, value: shown(cell), code, message });

  const idCell = cellAt(plan.externalId.index);
  const idColumn = plan.externalId.column;
  let externalId = '';
  if (isBlank(idCell)) {
    fail(idColumn, idCell, 'EXTERNAL_ID_MISSING', `The external id (column "${idColumn}") is empty`);
  } else {
    const raw = typeof idCell === 'string' ? idCell.trim() : cellText(idCell);
    externalId = typeof idCell === 'string' ? unneutralizeText(raw) : raw;
    if (externalId.length > MAX_EXTERNAL_ID_LENGTH) {
      fail(idColumn, idCell, 'EXTERNAL_ID_INVALID', `The external id is longer than ${MAX_EXTERNAL_ID_LENGTH} characters`);
    } else if (/\p{Cc}/u.test(externalId)) {
      fail(idColumn, idCell, 'EXTERNAL_ID_INVALID', 'The external id contains control characters');
    } else if (typeof idCell === 'string' && looksLikeFormula(raw)) {
      const error = formulaError(raw) as { code: ImportErrorCode; message: string };
      fail(idColumn, idCell, error.code, error.message);
    } else {
      const first = seen?.seen(externalId, row.row);
      if (first !== undefined) {
        fail(
          idColumn,
          idCell,
          'EXTERNAL_ID_DUPLICATE',
          `The external id "${shown(externalId)}" already appears in line ${first} of this file`,
        );
      }
    }
  }

  let status: ImportStatus = 'completed';
  if (plan.status) {
    const cell = cellAt(plan.status.index);
    const key = isBlank(cell) ? '' : normalizeKey(cellText(cell));
    if (plan.status.completed.has(key)) status = 'completed';
    else if (plan.status.partial.has(key)) status = 'partial';
    else {
      const expected = [...plan.status.completed, ...plan.status.partial].map((value) => `"${value}"`).join(', ');
      fail(plan.status.column, cell, 'STATUS_UNKNOWN', `Unknown status ${JSON.stringify(key)}: expected ${expected}`);
    }
  }

  let completedAt: Date | null | undefined;
  if (plan.completedAt) {
    const cell = cellAt(plan.completedAt.index);
    const parsed = completedAtOf(cell, plan.mapping.completedAtZone ?? 'UTC');
    if (parsed === 'invalid') {
      fail(
        plan.completedAt.column,
        cell,
        'COMPLETED_AT_INVALID',
        "Expected a date and time in ISO 8601, e.g. 2023-05-04T08:15:00.000Z (without a zone it is read as the mapping's completedAtZone, UTC by default)",
      );
    } else completedAt = parsed;
  }

  const answers: Record<string, unknown> = {};
  for (const target of plan.targets) {
    const cell = cellAt(target.index);
    const converted = target.convert(cell);
    if ('code' in converted) {
      fail(target.column, cell, converted.code, converted.message);
    } else if ('value' in converted) {
      const code = target.question.code;
      if (target.item === undefined) answers[code] = converted.value;
      else ((answers[code] ??= {}) as Record<string, unknown>)[target.item] = converted.value;
    }
  }

  if (errors.length > 0) return { outcome: 'errors', row: row.row, errors };
  return { outcome: 'answers', row: row.row, externalId, status, completedAt, answers };
}

/**
 * The details of `validateAnswers` (German messages of the respondent path,
 * e.g. a hidden question answered, a required one missing) as cell errors of
 * a row: `chancen.werbung` → its column; a path without a column (a question
 * the file does not have) → column null. Code `ANSWER_INVALID`.
 */
export function validationErrorsToCells(details: ErrorDetail[], row: ImportRow, plan: ImportPlan): CellError[] {
  return details.map((detail) => {
    const column = plan.columnOfPath.get(detail.path) ?? null;
    const index = column === null ? -1 : plan.header.indexOf(column);
    return {
      row: row.row,
      column,
      value: index < 0 ? null : shown(row.cells[index] ?? null),
      code: 'ANSWER_INVALID',
      message: `${detail.path}: ${detail.message}`,
    };
  });
}
