import type { Options as StringifyOptions } from 'csv-stringify';
import { neutralizeText } from './cell-safety';

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
 * (see cell-safety.ts), so no caller can forget it; dates are ISO 8601 (UTC).
 */
export function csvStringifyOptions(dialect: CsvDialect): StringifyOptions {
  const options = CSV_DIALECTS[dialect];
  return {
    delimiter: options.delimiter,
    bom: options.bom,
    record_delimiter: options.recordDelimiter,
    cast: {
      string: (value) => neutralizeText(value),
      number: (value) => formatCsvNumber(value, dialect),
      date: (value) => value.toISOString(),
      boolean: (value) => (value ? 'true' : 'false'),
    },
  };
}
