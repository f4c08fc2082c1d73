/**
 * The mapping of an import: which column of a file holds which question or
 * matrix row, which column is the external id and the status, which labels
 * mean which codes, which lines to skip and which columns to leave out on
 * purpose. Saved with an import as JSON and reusable for the next file. Pure:
 * parsing untrusted JSON, checking a mapping against a codebook and a header,
 * and the automatic mapping of the service's own raw export. Messages are
 * English, like the API's other 422 details.
 */
import { allowedValues, Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import { columnName, FIXED_COLUMNS } from '../exports/raw/raw-columns';

/** What a label maps to: a scale level (number), a choice code or `na` (string), or no answer (null). */
export type ValueTarget = number | string | null;

/** The key of a value map that applies to every scale and choice question (question-specific entries win). */
export const ALL_QUESTIONS = '*';

/** A value-map key for an empty cell: `{"": "na"}` makes empty cells the answer "keine Angabe" (default: no answer). */
export const EMPTY_CELL = '';

export interface StatusMapping {
  column: string;
  /** Cell values (case- and whitespace-tolerant) that mean a completed response. */
  completed: string[];
  /** Cell values that mean a partial response. */
  partial: string[];
}

export interface ImportMapping {
  /** XLSX: the sheet to read (default: the first). */
  sheet?: string;
  /** File line numbers to skip (the header is line 1), e.g. Qualtrics' lines 2 and 3. */
  skipRows?: number[];
  /** The column with each row's external id (unique per wave; what "never twice" is decided by). */
  externalId: string;
  /** The completed/partial column; without it every row is a completed response. */
  status?: StatusMapping;
  /** A column with the completion time (ISO 8601); without it the import decides. */
  completedAt?: string;
  /**
   * How a completion time without a zone is read (an Excel date cell has none): `UTC` (the default; this service's
   * exports write UTC) or `Europe/Berlin` (wall-clock times of a German tool). A time with a zone keeps its own.
   */
  completedAtZone?: CompletedAtZone;
  /** Column → `question` (single choice, text) or `question.item` (matrix row). */
  columns: Record<string, string>;
  /** Per question code (or `*` for all): cell value → code, `na` or null (no answer). */
  values?: Record<string, Record<string, ValueTarget>>;
  /** Columns deliberately not imported (timestamps, IP addresses …). */
  ignore?: string[];
}

export const COMPLETED_AT_ZONES = ['UTC', 'Europe/Berlin'] as const;
export type CompletedAtZone = (typeof COMPLETED_AT_ZONES)[number];

export interface MappingProblem {
  /** Where in the mapping JSON, e.g. `columns.Q1`, `values.chancen.trifft voll zu`, `externalId`. */
  path: string;
  message: string;
}

/** Limits on an untrusted mapping (a mapping is small; these only stop abuse). */
export const MAPPING_LIMITS = { columns: 10_000, keyLength: 1_000, skipRows: 10_000, valuesPerQuestion: 1_000 } as const;

const MAPPING_KEYS = new Set([
  'sheet',
  'skipRows',
  'externalId',
  'status',
  'completedAt',
  'completedAtZone',
  'columns',
  'values',
  'ignore',
]);

/** Case- and whitespace-tolerant, otherwise exact: trimmed, inner runs of whitespace as one space, lower case, NFC. */
export function normalizeKey(text: string): string {
  return text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The question and item a target names; item undefined for `question` alone. */
export function splitTarget(target: string): { question: string; item?: string } {
  const dot = target.indexOf('.');
  return dot < 0 ? { question: target } : { question: target.slice(0, dot), item: target.slice(dot + 1) };
}

// ---------------------------------------------------------------- parsing

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shortText(value: unknown, max = 80): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A mapping from untrusted input (the `mapping` form field as text, or parsed
 * JSON). Never throws: anything that is not a well-formed mapping gives
 * problems for a 422. Checks the form only; `mappingProblems` checks it
 * against the codebook and the file's header. Objects are rebuilt from own
 * entries, so keys like `__proto__` or `toString` are plain keys.
 */
export function parseMapping(input: unknown): { mapping: ImportMapping } | { problems: MappingProblem[] } {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { problems: [{ path: '', message: 'The mapping is not valid JSON' }] };
    }
  }
  if (!isObject(value)) return { problems: [{ path: '', message: 'The mapping must be a JSON object' }] };
  const problems: MappingProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const text = (path: string, given: unknown): string | undefined => {
    if (typeof given !== 'string' || given.trim() === '') return void problem(path, 'Expected a non-empty text');
    if (given.length > MAPPING_LIMITS.keyLength) return void problem(path, `Longer than ${MAPPING_LIMITS.keyLength} characters`);
    return given;
  };
  const texts = (path: string, given: unknown): string[] | undefined => {
    if (!Array.isArray(given)) return void problem(path, 'Expected a list of texts');
    if (given.length > MAPPING_LIMITS.columns) return void problem(path, `More than ${MAPPING_LIMITS.columns} entries`);
    const found: string[] = [];
    given.forEach((entry, index) => {
      const checked = text(`${path}.${index}`, entry);
      if (checked !== undefined) found.push(checked);
    });
    return found.length === given.length ? found : undefined;
  };

  for (const key of Object.keys(value)) if (!MAPPING_KEYS.has(key)) problem(key, `Unknown field "${shortText(key)}"`);

  const mapping: ImportMapping = { externalId: '', columns: {} };
  const externalId = text('externalId', value.externalId);
  if (externalId !== undefined) mapping.externalId = externalId;

  if (value.sheet !== undefined) mapping.sheet = text('sheet', value.sheet);
  if (value.completedAt !== undefined) mapping.completedAt = text('completedAt', value.completedAt);
  if (value.completedAtZone !== undefined) {
    const zone = value.completedAtZone;
    if (typeof zone === 'string' && (COMPLETED_AT_ZONES as readonly string[]).includes(zone))
      mapping.completedAtZone = zone as CompletedAtZone;
    else problem('completedAtZone', `Expected ${COMPLETED_AT_ZONES.map((name) => `"${name}"`).join(' or ')}`);
  }
  if (value.ignore !== undefined) mapping.ignore = texts('ignore', value.ignore);

  if (value.skipRows !== undefined) {
    const rows = value.skipRows;
    if (!Array.isArray(rows) || rows.length > MAPPING_LIMITS.skipRows) {
      problem('skipRows', `Expected a list of at most ${MAPPING_LIMITS.skipRows} line numbers`);
    } else {
      rows.forEach((row, index) => {
        if (!Number.isInteger(row) || (row as number) < 2) {
          problem(`skipRows.${index}`, `Expected a line number of the file from 2 on (the header is line 1), got ${shortText(row)}`);
        }
      });
      mapping.skipRows = rows.filter((row): row is number => Number.isInteger(row) && row >= 2);
    }
  }

  if (value.status !== undefined) {
    if (!isObject(value.status)) {
      problem('status', 'Expected an object {column, completed, partial}');
    } else {
      for (const key of Object.keys(value.status)) {
        if (!['column', 'completed', 'partial'].includes(key)) problem(`status.${key}`, `Unknown field "${shortText(key)}"`);
      }
      const column = text('status.column', value.status.column);
      const completed = texts('status.completed', value.status.completed);
      const partial = value.status.partial === undefined ? [] : texts('status.partial', value.status.partial);
      if (completed && completed.length === 0) problem('status.completed', 'Name at least one value that means "completed"');
      if (column !== undefined && completed && partial) mapping.status = { column, completed, partial };
    }
  }

  if (!isObject(value.columns)) {
    problem('columns', 'Expected an object: column of the file → "question" or "question.item"');
  } else {
    const entries = Object.entries(value.columns);
    if (entries.length > MAPPING_LIMITS.columns) problem('columns', `More than ${MAPPING_LIMITS.columns} columns`);
    else if (entries.length === 0) problem('columns', 'Map at least one column to a question');
    const kept: Array<[string, string]> = [];
    for (const [column, target] of entries.slice(0, MAPPING_LIMITS.columns)) {
      const path = `columns.${column}`;
      if (column.length > MAPPING_LIMITS.keyLength) problem(path, `Column name longer than ${MAPPING_LIMITS.keyLength} characters`);
      const checked = text(path, target);
      if (checked !== undefined && column.length <= MAPPING_LIMITS.keyLength) kept.push([column, checked]);
    }
    mapping.columns = Object.fromEntries(kept);
  }

  if (value.values !== undefined) {
    if (!isObject(value.values)) {
      problem('values', 'Expected an object: question code (or "*") → {cell value → code, "na" or null}');
    } else {
      const maps: Array<[string, Record<string, ValueTarget>]> = [];
      for (const [question, map] of Object.entries(value.values).slice(0, MAPPING_LIMITS.columns)) {
        const path = `values.${question}`;
        if (!isObject(map)) {
          problem(path, 'Expected an object: cell value → code, "na" or null');
          continue;
        }
        const entries = Object.entries(map);
        if (entries.length > MAPPING_LIMITS.valuesPerQuestion) {
          problem(path, `More than ${MAPPING_LIMITS.valuesPerQuestion} values`);
          continue;
        }
        const kept: Array<[string, ValueTarget]> = [];
        for (const [cell, target] of entries) {
          if (target === null || typeof target === 'string' || (typeof target === 'number' && Number.isFinite(target))) {
            kept.push([cell, target]);
          } else {
            problem(`${path}.${cell}`, `Expected a code (number or text), "${NO_ANSWER}" or null, got ${shortText(target)}`);
          }
        }
        maps.push([question, Object.fromEntries(kept)]);
      }
      mapping.values = Object.fromEntries(maps);
    }
  }

  return problems.length > 0 ? { problems } : { mapping };
}

// ---------------------------------------------------------------- checking

function questionsByCode(codebook: Codebook): Map<string, CodebookQuestion> {
  return new Map(codebook.questions.map((question) => [question.code, question]));
}

function allowedText(question: CodebookQuestion): string {
  return (allowedValues(question) ?? []).map((value) => (value === NO_ANSWER ? `"${NO_ANSWER}"` : value)).join(', ');
}

/** Why a value-map target is not a code of the question (undefined when it is). */
export function targetProblem(question: CodebookQuestion | undefined, target: ValueTarget): string | undefined {
  if (target === null) return undefined;
  if (!question) {
    return target === NO_ANSWER ? undefined : `A value map for all questions ("${ALL_QUESTIONS}") may only give "${NO_ANSWER}" or null`;
  }
  const allowed = allowedValues(question) ?? [];
  if (question.scale) {
    if (target === NO_ANSWER || (typeof target === 'number' && question.scale.levels.some((level) => level.value === target)))
      return undefined;
    return `${shortText(target)} is outside the scale of ${question.code} (${allowedText(question)})`;
  }
  if (typeof target === 'string' && allowed.includes(target)) return undefined;
  return `${shortText(target)} is not a choice of ${question.code} (${allowedText(question)})`;
}

/**
 * Everything wrong with a well-formed mapping for this codebook and this
 * file's header: unknown question or item codes, a matrix without its row or a
 * single question with one, columns not in the header (or in it twice),
 * targets mapped from two columns, a column both mapped and ignored (or used
 * as the external id or status), value maps to codes outside the scale or
 * choices, or for text questions, and keys that differ only in case and spaces
 * but map to different codes. Empty when the mapping can be compiled.
 */
export function mappingProblems(mapping: ImportMapping, codebook: Codebook, header: string[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const questions = questionsByCode(codebook);
  const counts = new Map<string, number>();
  for (const name of header) counts.set(name.trim(), (counts.get(name.trim()) ?? 0) + 1);
  const inHeader = (path: string, column: string) => {
    const count = counts.get(column.trim()) ?? 0;
    if (count === 0) problem(path, `Column "${shortText(column)}" is not in the file's header`);
    else if (count > 1) problem(path, `Column "${shortText(column)}" appears ${count} times in the file's header`);
  };

  const roles = new Map<string, string>();
  const claim = (path: string, column: string, role: string) => {
    const key = column.trim();
    const earlier = roles.get(key);
    if (earlier) problem(path, `Column "${shortText(column)}" is already used as ${earlier}`);
    else roles.set(key, role);
  };
  inHeader('externalId', mapping.externalId);
  claim('externalId', mapping.externalId, 'the external id');
  if (mapping.status) {
    inHeader('status.column', mapping.status.column);
    claim('status.column', mapping.status.column, 'the status');
    const completed = new Set(mapping.status.completed.map(normalizeKey));
    mapping.status.partial.forEach((value, index) => {
      if (completed.has(normalizeKey(value)))
        problem(`status.partial.${index}`, `"${shortText(value)}" cannot mean both completed and partial`);
    });
  }
  if (mapping.completedAt !== undefined) {
    inHeader('completedAt', mapping.completedAt);
    claim('completedAt', mapping.completedAt, 'the completion time');
  }

  const targets = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping.columns)) {
    const path = `columns.${column}`;
    inHeader(path, column);
    claim(path, column, `the answer to ${target}`);
    const { question: code, item } = splitTarget(target);
    const question = questions.get(code);
    if (!question) {
      problem(path, `Unknown question "${shortText(code)}"`);
      continue;
    }
    if (question.scale) {
      if (item === undefined) {
        problem(
          path,
          `${code} is a matrix: name its row as "${code}.<row>" (rows: ${question.items.map((entry) => entry.code).join(', ')})`,
        );
        continue;
      }
      if (!question.items.some((entry) => entry.code === item)) {
        problem(path, `Unknown row "${shortText(item)}" of ${code} (rows: ${question.items.map((entry) => entry.code).join(', ')})`);
        continue;
      }
    } else if (item !== undefined) {
      problem(path, `${code} has no rows: map the column to "${code}"`);
      continue;
    }
    const canonical = item === undefined ? code : `${code}.${item}`;
    const earlier = targets.get(canonical);
    if (earlier !== undefined) problem(path, `${canonical} is already mapped from column "${shortText(earlier)}"`);
    else targets.set(canonical, column);
  }

  (mapping.ignore ?? []).forEach((column, index) => {
    const role = roles.get(column.trim());
    if (role) problem(`ignore.${index}`, `Column "${shortText(column)}" is ignored and used as ${role}`);
  });

  for (const [code, map] of Object.entries(mapping.values ?? {})) {
    const question = code === ALL_QUESTIONS ? undefined : questions.get(code);
    if (code !== ALL_QUESTIONS && !question) {
      problem(`values.${code}`, `Unknown question "${shortText(code)}"`);
      continue;
    }
    if (question && question.kind === 'text') {
      problem(`values.${code}`, `${code} is a text question: its cells are imported as written, without a value map`);
      continue;
    }
    const seen = new Map<string, { cell: string; target: ValueTarget }>();
    for (const [cell, target] of Object.entries(map)) {
      const path = `values.${code}.${cell}`;
      const wrong = targetProblem(question, target);
      if (wrong) problem(path, wrong);
      const key = normalizeKey(cell);
      const other = seen.get(key);
      if (other && other.target !== target) {
        problem(path, `"${shortText(cell)}" and "${shortText(other.cell)}" differ only in case or spaces but map to different codes`);
      }
      seen.set(key, { cell, target });
    }
  }
  return problems;
}

/**
 * The header's columns a mapping neither maps nor ignores nor uses as external
 * id, status or completion time: listed in the dry run, never dropped silently.
 * In header order; blank header cells are named by position (`(column 7)`).
 */
export function unmappedColumns(mapping: ImportMapping, header: string[]): string[] {
  const used = new Set(
    [mapping.externalId, mapping.status?.column, mapping.completedAt, ...Object.keys(mapping.columns), ...(mapping.ignore ?? [])]
      .filter((column): column is string => column !== undefined)
      .map((column) => column.trim()),
  );
  return header.flatMap((name, index) => {
    const column = name.trim();
    if (used.has(column)) return [];
    return [column === '' ? `(column ${index + 1})` : column];
  });
}

// ---------------------------------------------------------------- the service's own raw export

/** Columns of the raw export that are not answers and not imported (`source`: the import a response came from). */
export const OWN_EXPORT_IGNORED = ['wave', 'source'] as const;

/** The columns an export of this service always had: exports made before `source` existed import too. */
const OWN_EXPORT_REQUIRED = ['response_id', 'status', 'completed_at'] as const;

/**
 * The mapping of a file the service exported itself (raw export, either CSV
 * dialect or XLSX, codes or labels): `response_id` is the external id,
 * `status` the completed/partial column, `completed_at` the completion time,
 * `wave` and `source` ignored when present (older exports have no `source`), every other column an item column
 * named by `columnName` of this codebook. Values need no map: codes and the
 * codebook's labels (including "keine Angabe") are always understood.
 * Null when the header is not such an export (a mapping is then required):
 * response_id, status or completed_at missing, a column twice, or a column this
 * codebook does not name (e.g. an item of another version, `chancen_werbung_2019`).
 */
export function autoMapping(header: string[], codebook: Codebook): ImportMapping | null {
  const names = header.map((name) => name.trim());
  if (new Set(names).size !== names.length) return null;
  if (!OWN_EXPORT_REQUIRED.every((column) => names.includes(column))) return null;
  const items = new Map<string, string>();
  for (const question of codebook.questions) {
    for (const item of question.items)
      items.set(columnName(question, item), question.scale ? `${question.code}.${item.code}` : question.code);
  }
  const columns: Array<[string, string]> = [];
  const ignore: string[] = [];
  for (const name of names) {
    if ((OWN_EXPORT_IGNORED as readonly string[]).includes(name)) {
      ignore.push(name);
      continue;
    }
    if ((FIXED_COLUMNS as readonly string[]).includes(name)) continue;
    const target = items.get(name);
    if (target === undefined) return null;
    columns.push([name, target]);
  }
  if (columns.length === 0) return null;
  return {
    externalId: 'response_id',
    status: { column: 'status', completed: ['completed'], partial: ['partial'] },
    completedAt: 'completed_at',
    columns: Object.fromEntries(columns),
    ignore,
  };
}
