import type { Options as StringifyOptions } from 'csv-stringify';
import { CellValue, neutralizeText } from './cell-safety';

/**
 * The two CSV dialects of every CSV export (`?format=`):
 * - `excel` (default): `;` separated, decimal comma, UTF-8 with BOM, CRLF:
 *   what German Excel opens by double click with umlauts intact, and what R's
 *   `read.csv2(fileEncoding = "UTF-8-BOM")` and SPSS ("Semikolon", "Komma") read.
 * - `plain`: `,` separated, decimal point, UTF-8 without BOM, LF: RFC 4180 as
 *   `read.csv`, pandas and most tools expect it.
 */
export enum CsvDialect {
  Excel = 'excel',
  Plain = 'plain',
}

export interface CsvDialectOptions {
  delimiter: ';' | ',';
  decimal: ',' | '.';
  bom: boolean;
  recordDelimiter: '\r\n' | '\n';
}

export const CSV_DIALECTS: Record<CsvDialect, CsvDialectOptions> = {
  [CsvDialect.Excel]: { delimiter: ';', decimal: ',', bom: true, recordDelimiter: '\r\n' },
  [CsvDialect.Plain]: { delimiter: ',', decimal: '.', bom: false, recordDelimiter: '\n' },
};

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/** A number as the dialect writes it: `88.7` → `88,7` with a decimal comma; never exponent notation for the values we export. */
export function formatCsvNumber(value: number, dialect: CsvDialect): string {
  const text = Number.isInteger(value) ? value.toFixed(0) : String(value);
  return CSV_DIALECTS[dialect].decimal === ',' ? text.replace('.', ',') : text;
}

/**
 * csv-stringify options of a dialect. Every text cell is neutralized here
 * (see cell-safety.ts), so no caller can forget it; dates are ISO 8601 (UTC); fields with a line break are quoted.
 */
export function csvStringifyOptions(dialect: CsvDialect): StringifyOptions {
  const options = CSV_DIALECTS[dialect];
  return {
    delimiter: options.delimiter,
    bom: options.bom,
    record_delimiter: options.recordDelimiter,
    // A field with a line break in quotes whatever the record delimiter (RFC 4180): with an explicit record_delimiter
    // csv-stringify would quote only fields holding that delimiter, and a free-text answer with a lone LF (excel
    // dialect) or CR would break the row for Excel and R.
    quote_record_delimiter: true,
    cast: {
      string: (value) => neutralizeText(value),
      number: (value) => formatCsvNumber(value, dialect),
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  };
}

/** The byte order mark the `excel` dialect starts with (as text: UTF-8 encodes it as EF BB BF). */
export const CSV_BOM = '\uFEFF';

/** A field as csv-stringify quotes it (RFC 4180): in quotes when it holds a quote, the delimiter or a line break; quotes doubled. */
function csvField(text: string, delimiter: string): string {
  if (text.includes('"')) return `"${text.replaceAll('"', '""')}"`;
  return text.includes(delimiter) || text.includes('\n') || text.includes('\r') ? `"${text}"` : text;
}

/**
 * One record in the dialect, its record delimiter included: the text csv-stringify writes for the same cells
 * with `csvStringifyOptions(dialect)` (a spec compares the two), without its allocations per field (a context
 * object and two arrays per cell): the raw exports write millions of cells, and less garbage per cell is less
 * memory while exporting. Text neutralized, numbers in the dialect, dates ISO 8601, null an empty field.
 */
export function csvRecord(cells: readonly CellValue[], dialect: CsvDialect): string {
  const { delimiter, recordDelimiter } = CSV_DIALECTS[dialect];
  let record = '';
  for (let index = 0; index < cells.length; index += 1) {
    if (index > 0) record += delimiter;
    const cell = cells[index];
    if (cell === null || cell === undefined) continue;
    const text =
      typeof cell === 'string' ? neutralizeText(cell) : typeof cell === 'number' ? formatCsvNumber(cell, dialect) : cell.toISOString();
    record += csvField(text, delimiter);
  }
  return record + recordDelimiter;
}
