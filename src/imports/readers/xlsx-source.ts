/**
 * XLSX → SourceTable with exceljs' streaming WorkbookReader (rows are parsed as the zip streams by; only the shared
 * strings table is kept in memory, as the format requires). The first sheet in tab order, or the one named in the
 * options. Row numbers are the sheet's; empty rows are left out. Cell values as the sheet has them: numbers stay numbers,
 * text stays text, rich text → its plain text, dates → ISO text ("2021-05-03", or "2021-05-03T14:30:00" with a time),
 * booleans → "TRUE"/"FALSE", a formula → its cached result with a `formula` issue, an error value (#N/A …) → its text
 * with an `excel-error` issue.
 */
import * as ExcelJS from 'exceljs';
import type { Readable } from 'node:stream';
import { CellIssue, isEmptyRow, once, OpenSourceOptions, SourceCell, SourceReadError, SourceRow, SourceTable } from './source-table';

interface SheetModel {
  name: string;
  state?: string;
}
interface StreamWorksheet {
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<ExcelJS.Row>;
}

export async function openXlsx(stream: Readable, options: OpenSourceOptions = {}): Promise<SourceTable> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to tell dates from numbers
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const model = reader as unknown as { model?: { sheets?: SheetModel[] } };
  const close = () => stream.destroy();
  const worksheets = reader[Symbol.asyncIterator]() as unknown as AsyncIterator<StreamWorksheet>;

  let sheetNames: string[] = [];
  let worksheet: StreamWorksheet | undefined;
  try {
    for (;;) {
      const next = await worksheets.next();
      if (next.done) break;
      sheetNames = (model.model?.sheets ?? []).map((sheet) => sheet.name);
      const wanted = options.sheet ?? sheetNames[0] ?? next.value.name;
      if (next.value.name === wanted) {
        worksheet = next.value;
        break;
      }
    }
  } catch (error) {
    close();
    throw unreadable(error);
  }
  if (!worksheet) {
    close();
    if (options.sheet !== undefined) {
      throw new SourceReadError(
        'SHEET_NOT_FOUND',
        `The workbook has no sheet named "${options.sheet}"; it has: ${sheetNames.map((name) => `"${name}"`).join(', ') || 'no sheets'}`,
      );
    }
    throw new SourceReadError('XLSX_UNREADABLE', 'The file is a zip archive without worksheets; it is not an XLSX workbook');
  }

  const skip = new Set(options.skipRows ?? []);
  const sheetRows = worksheet[Symbol.asyncIterator]();
  const nextRow = async (): Promise<{ number: number; cells: ConvertedCell[] } | null> => {
    for (;;) {
      let result: IteratorResult<ExcelJS.Row>;
      try {
        result = await sheetRows.next();
      } catch (error) {
        close();
        throw unreadable(error);
      }
      if (result.done) return null;
      if (skip.has(result.value.number)) continue;
      const cells = rowCells(result.value);
      if (isEmptyRow(cells.map((cell) => cell.value))) continue;
      return { number: result.value.number, cells };
    }
  };

  const first = await nextRow();
  if (!first) {
    close();
    throw new SourceReadError('EMPTY_FILE', `The sheet "${worksheet.name}" has no header row (it is empty)`);
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
    meta: { sheet: worksheet.name, sheets: sheetNames },
    close,
  };
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

/** The row's cells from column A on (exceljs' `values` is 1-based and sparse). */
function rowCells(row: ExcelJS.Row): ConvertedCell[] {
  const values = row.values as unknown[];
  const cells: ConvertedCell[] = [];
  for (let index = 1; index < values.length; index++) cells.push(convertCell(values[index]));
  return cells;
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
  return new SourceReadError('XLSX_UNREADABLE', `The file is not a readable XLSX workbook (${detail.slice(0, 200)})`);
}
