/**
 * XLSX → SourceTable, read from the file on disk: the zip's central directory is read with node:fs (zip-entries.ts) and
 * the workbook's XML parts are parsed with saxes (xlsx-parts.ts). Rows are parsed as the sheet's XML inflates; only the
 * shared strings table (the format requires it) and the date styles are kept in memory. A stream input is first written
 * to a temporary file (removed on close), so that the shared strings can be read before the sheet whatever their order
 * in the zip. The first worksheet in tab order, or the one named in the options. Row numbers are the sheet's; empty rows
 * are left out. Cell values as the sheet has them: numbers stay numbers, text stays text, rich text → its plain text,
 * dates → ISO text ("2021-05-03", or "2021-05-03T14:30:00" with a time), booleans → "TRUE"/"FALSE", a formula → its
 * cached result with a `formula` issue, an error value (#N/A …) → its text with an `excel-error` issue.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CellIssue, isEmptyRow, once, OpenSourceOptions, SourceCell, SourceReadError, SourceRow, SourceTable } from './source-table';
import {
  RawCell,
  readDateStyles,
  readRelationships,
  readSharedStrings,
  readSheetRows,
  readWorkbook,
  Relationship,
  SheetRow,
  XlsxPartError,
} from './xlsx-parts';
import { openZip, ZipArchive, ZipEntry } from './zip-entries';

/** Largest workbook.xml / relationships / styles.xml read (uncompressed); real ones are kilobytes. */
export const MAX_META_PART_BYTES = 32 * 1024 * 1024;
/** Largest sharedStrings.xml read (uncompressed): it is held in memory, so it is bounded. */
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;

/** Reads an XLSX stream: it is written to a temporary file first (removed when the table is closed or read to the end). */
export async function openXlsx(stream: Readable, options: OpenSourceOptions = {}, tempRoot = tmpdir()): Promise<SourceTable> {
  const dir = await mkdtemp(join(tempRoot, 'survey-waves-xlsx-'));
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    void rm(dir, { recursive: true, force: true }).catch(() => undefined);
  };
  const path = join(dir, 'upload.xlsx');
  try {
    await pipeline(stream, createWriteStream(path));
    return await openXlsxFile(path, options, remove);
  } catch (error) {
    remove();
    throw unreadable(error);
  }
}

/** Reads an XLSX file on disk; `onClose` runs once when the table is closed or its rows are read to the end. */
export async function openXlsxFile(path: string, options: OpenSourceOptions = {}, onClose?: () => void): Promise<SourceTable> {
  let zip: ZipArchive;
  let chosen: { name: string; entry: ZipEntry; sheetNames: string[]; shared: string[]; dateStyles: Set<number>; date1904: boolean };
  try {
    zip = await openZip(path);
    chosen = await readWorkbookParts(zip, options);
  } catch (error) {
    throw unreadable(error);
  }
  const { shared, dateStyles, date1904 } = chosen;
  const sheetRows = readSheetRows(zip.read(chosen.entry), (cell) => sheetCell(cell, shared, dateStyles, date1904), NULL_CELL);
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    void sheetRows.return(undefined).catch(() => undefined);
    onClose?.();
  };

  const skip = new Set(options.skipRows ?? []);
  const nextRow = async (): Promise<SheetRow<ConvertedCell> | null> => {
    for (;;) {
      let result: IteratorResult<SheetRow<ConvertedCell>>;
      try {
        result = await sheetRows.next();
      } catch (error) {
        close();
        throw unreadable(error);
      }
      if (result.done) return null;
      if (skip.has(result.value.number)) continue;
      if (isEmptyRow(result.value.cells.map((cell) => cell.value))) continue;
      return result.value;
    }
  };

  const first = await nextRow();
  if (!first) {
    close();
    throw new SourceReadError('EMPTY_FILE', `The sheet "${chosen.name}" has no header row (it is empty)`);
  }
  const header = first.cells.map((cell) => (cell.value === null ? '' : String(cell.value).trim()));
  while (header.length > 0 && header[header.length - 1] === '') header.pop();

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (let next = await nextRow(); next; next = await nextRow()) {
        yield xlsxRow(next.number, next.cells, header.length);
      }
    } finally {
      close();
    }
  }

  return {
    format: 'xlsx',
    header,
    headerRow: first.number,
    rows: once(rows()),
    meta: { sheet: chosen.name, sheets: chosen.sheetNames },
    close,
  };
}

const WORKSHEET_TYPE = /\/worksheet$/;

async function readWorkbookParts(zip: ZipArchive, options: OpenSourceOptions) {
  const notWorkbook = () =>
    new SourceReadError('XLSX_UNREADABLE', 'The file is a zip archive without worksheets; it is not an XLSX workbook');
  const part = (entry: ZipEntry, limit: number) => {
    if (entry.uncompressedSize > limit) {
      throw new XlsxPartError(
        `${entry.name} is ${Math.round(entry.uncompressedSize / 1024 / 1024)} MB; more than ${limit / 1024 / 1024} MB`,
      );
    }
    return zip.read(entry);
  };
  const relationships = async (path: string, baseDir: string): Promise<Relationship[]> => {
    const entry = zip.entry(path);
    return entry ? readRelationships(part(entry, MAX_META_PART_BYTES), baseDir) : [];
  };

  const root = await relationships('_rels/.rels', '');
  const workbookPath = root.find((relation) => !relation.external && /\/officeDocument$/.test(relation.type))?.target ?? 'xl/workbook.xml';
  const workbookEntry = zip.entry(workbookPath);
  if (!workbookEntry) throw notWorkbook();
  const slash = workbookPath.lastIndexOf('/');
  const baseDir = workbookPath.slice(0, slash + 1);
  const related = await relationships(`${baseDir}_rels/${workbookPath.slice(slash + 1)}.rels`, baseDir);
  const { sheets, date1904 } = await readWorkbook(part(workbookEntry, MAX_META_PART_BYTES));
  const sheetNames = sheets.map((sheet) => sheet.name);
  const relationOf = (id: string) => related.find((relation) => relation.id === id && !relation.external);

  let sheet;
  if (options.sheet !== undefined) {
    sheet = sheets.find((candidate) => candidate.name === options.sheet);
    if (!sheet) {
      throw new SourceReadError(
        'SHEET_NOT_FOUND',
        `The workbook has no sheet named "${options.sheet}"; it has: ${sheetNames.map((name) => `"${name}"`).join(', ') || 'no sheets'}`,
      );
    }
    const type = relationOf(sheet.relationshipId)?.type;
    if (type !== undefined && !WORKSHEET_TYPE.test(type)) {
      throw new SourceReadError('SHEET_NOT_FOUND', `The sheet "${sheet.name}" is a chart or dialog sheet, not a table`);
    }
  } else {
    // the first sheet in tab order that is a worksheet (a chart sheet has no cells)
    sheet = sheets.find((candidate) => {
      const type = relationOf(candidate.relationshipId)?.type;
      return type === undefined || WORKSHEET_TYPE.test(type);
    });
    if (!sheet) throw notWorkbook();
  }
  const sheetEntry = zip.entry(relationOf(sheet.relationshipId)?.target ?? '');
  if (!sheetEntry) throw new XlsxPartError(`the sheet "${sheet.name}" is missing from the archive`);

  const target = (type: RegExp, fallback: string) => {
    const relation = related.find((candidate) => !candidate.external && type.test(candidate.type));
    return zip.entry(relation?.target ?? fallback);
  };
  const stylesEntry = target(/\/styles$/, `${baseDir}styles.xml`);
  const sharedEntry = target(/\/sharedStrings$/, `${baseDir}sharedStrings.xml`);
  const dateStyles = stylesEntry ? await readDateStyles(part(stylesEntry, MAX_META_PART_BYTES)) : new Set<number>();
  const shared = sharedEntry ? await readSharedStrings(part(sharedEntry, MAX_SHARED_STRINGS_BYTES)) : [];
  return { name: sheet.name, entry: sheetEntry, sheetNames, shared, dateStyles, date1904 };
}

const NULL_CELL: ConvertedCell = { value: null };

/**
 * One raw sheet cell → a converted cell. The value is first built as exceljs' streaming reader built it (formula →
 * `{formula, result}` with a text result for `t="str"` and a number otherwise; `s` → shared string; `inlineStr`/`str` →
 * text; `e` → `{error}`; `b` → boolean; otherwise a number, or a date when the cell's style is a date format), then
 * converted by `convertCell`. Exported for its table test.
 */
export function sheetCell(cell: RawCell, shared: readonly string[], dateStyles: ReadonlySet<number>, date1904: boolean): ConvertedCell {
  const { t, v } = cell;
  if (cell.f !== null) {
    return convertCell({ formula: cell.f, result: v === null ? undefined : t === 'str' ? v : parseFloat(v) });
  }
  if (t === 'inlineStr') return convertCell(cell.inline ?? v);
  if (v === null) return NULL_CELL;
  switch (t) {
    case 's':
      return convertCell(shared[parseInt(v, 10)]);
    case 'str':
      return convertCell(v);
    case 'e':
      return convertCell({ error: v });
    case 'b':
      return convertCell(parseInt(v, 10) !== 0);
    case 'd': {
      // ISO 8601 date cell (rare; Excel writes numbers): taken as the wall-clock value it names
      const date = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) || !v.includes('T') ? v : `${v}Z`);
      return Number.isNaN(date.getTime()) ? convertCell(v) : convertCell(date);
    }
    default: {
      const number = parseFloat(v);
      if (!dateStyles.has(cell.s)) return convertCell(number);
      const date = new Date(Math.round((number - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
      return Number.isNaN(date.getTime()) ? convertCell(number) : convertCell(date);
    }
  }
}

/** A converted XLSX cell: its value and, for formulas and error values, why it deserves a second look. */
export interface ConvertedCell {
  value: SourceCell;
  issue?: Omit<CellIssue, 'column'>;
}

function xlsxRow(number: number, converted: ConvertedCell[], width: number): SourceRow {
  const beyond = converted
    .slice(width)
    .filter((cell) => cell.value !== null && !(typeof cell.value === 'string' && cell.value.trim() === ''));
  const cells: SourceCell[] = [];
  for (let column = 0; column < width; column++) cells.push(converted[column]?.value ?? null);
  const row: SourceRow = { row: number, cells };
  if (beyond.length > 0) {
    row.problem = `Row ${number} has ${beyond.length} filled cell(s) right of the last header column`;
  }
  const issues: CellIssue[] = [];
  converted.slice(0, width).forEach((cell, column) => {
    if (cell.issue) issues.push({ column, ...cell.issue });
  });
  if (issues.length > 0) row.issues = issues;
  return row;
}

/** One exceljs cell value → a SourceCell (exported for its table test). */
export function convertCell(value: unknown): ConvertedCell {
  if (value === null || value === undefined) return { value: null };
  if (typeof value === 'number') return Number.isFinite(value) ? { value } : { value: null };
  if (typeof value === 'string') return { value: value === '' ? null : value };
  if (typeof value === 'boolean') return { value: value ? 'TRUE' : 'FALSE' };
  if (value instanceof Date) return { value: isoDate(value) };
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if ('formula' in object || 'sharedFormula' in object) {
      const result = object.result;
      const shown = typeof result === 'number' && !Number.isFinite(result) ? null : convertCell(result).value;
      const formula = typeof object.formula === 'string' && object.formula !== '' ? `=${object.formula}` : 'a shared formula';
      return { value: shown, issue: { kind: 'formula', message: `The cell is a formula (${formula}); its last calculated value is used` } };
    }
    if ('error' in object) {
      return {
        value: String(object.error),
        issue: { kind: 'excel-error', message: `The cell holds the Excel error ${String(object.error)}` },
      };
    }
    if (Array.isArray(object.richText)) {
      const text = (object.richText as Array<{ text?: string }>).map((part) => part.text ?? '').join('');
      return { value: text === '' ? null : text };
    }
    if ('text' in object) return convertCell(object.text);
    return { value: JSON.stringify(object) };
  }
  return { value: typeof value === 'bigint' ? value.toString() : null }; // functions/symbols cannot come from a sheet
}

/** Excel dates carry no zone: exceljs gives them as UTC; shown as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS". */
function isoDate(date: Date): string {
  const iso = date.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

function unreadable(error: unknown): Error {
  if (error instanceof SourceReadError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const row = error instanceof XlsxPartError ? error.row : undefined;
  return new SourceReadError('XLSX_UNREADABLE', `The file is not a readable XLSX workbook (${detail.slice(0, 200)})`, row);
}
