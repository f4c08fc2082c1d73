/**
 * The common shape every import reader produces: a header and a stream of rows of cells, each row carrying its
 * line number in the file (header = line 1 for CSV; the sheet's row number for XLSX; record number + 1 for SAV),
 * so that the mapping can report `{row, column, value, message}` a person can find in the file.
 */
import type { Readable } from 'node:stream';

export type SourceFormat = 'csv' | 'xlsx' | 'sav';

/** Empty cells are `null` in every format; CSV cells are text, XLSX/SAV cells keep their numbers. */
export type SourceCell = string | number | null;

/** Why a cell deserves a second look; the mapper decides whether to refuse it. */
export type CellIssueKind = 'formula' | 'excel-error' | 'invalid-utf8';

export interface CellIssue {
  /** 0-based index into `header` / `cells`. */
  column: number;
  kind: CellIssueKind;
  /** English, for the dry-run report. */
  message: string;
}

export interface SourceRow {
  /** Line number in the file where the record starts (header = 1); XLSX: the sheet's row number; SAV: record number + 1. */
  row: number;
  /** Exactly `header.length` cells, except for a row with `problem` (CSV: as many as the line has). */
  cells: SourceCell[];
  /** A problem with the row as a whole (e.g. a different number of cells than the header); the row is still delivered. */
  problem?: string;
  /** Cells that are suspicious (a formula, an Excel error value, bytes that are not UTF-8). */
  issues?: CellIssue[];
}

export interface SourceValueLabel {
  value: number | string;
  label: string;
}

/** SPSS user-missing declaration of one variable: discrete values and/or a range. */
export interface SourceMissingValues {
  values?: Array<number | string>;
  range?: { low: number; high: number };
}

export interface SourceMeta {
  /** CSV: 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be'; SAV: the file's declared encoding, if any. */
  encoding?: string;
  /** CSV: the detected delimiter. */
  delimiter?: ',' | ';' | '\t';
  /** XLSX: the sheet that was read and the sheets the workbook has, in tab order. */
  sheet?: string;
  sheets?: string[];
  /** SAV: variable label per column name. */
  columnLabels?: Record<string, string>;
  /** SAV: value labels per column name (only columns that have some). */
  valueLabels?: Record<string, SourceValueLabel[]>;
  /** SAV: user-missing values per column name (only columns that declare some); their cells keep the value. */
  missingValues?: Record<string, SourceMissingValues>;
  /** SAV: the number of cases the header declares, when it does (-1/absent in some files). */
  declaredRows?: number;
  /** The product that wrote the file, when the format says (SAV). */
  product?: string;
}

export interface SourceTable {
  format: SourceFormat;
  header: string[];
  /** Line/row number of the header (1 unless skipped rows or blank lines come before it). */
  headerRow: number;
  /** Streams the data rows once (a second iteration throws). Empty rows are left out; their numbers are not reused. */
  rows: AsyncIterable<SourceRow>;
  meta: SourceMeta;
  /** Stops reading and releases the file (call when the rows are not read to the end). */
  close(): void;
}

export interface OpenSourceOptions {
  /** Sheet name for XLSX (default: the first sheet in tab order). Ignored for CSV/SAV. */
  sheet?: string;
  /** Line/row numbers to leave out entirely (e.g. Qualtrics' header rows 2 and 3); may include the lines before the header. */
  skipRows?: number[];
}

export type SourceInput = (
  | {
      path: string;
      /** Called with the size of each chunk read from the file (CSV and SAV; an XLSX is read by its zip directory). */
      onBytes?: (bytes: number) => void;
    }
  | { stream: Readable }
) & { fileName: string };

export type SourceReadErrorCode =
  'UNSUPPORTED_FORMAT' | 'EMPTY_FILE' | 'CSV_MALFORMED' | 'XLSX_UNREADABLE' | 'SHEET_NOT_FOUND' | 'SAV_UNREADABLE' | 'ROWS_ALREADY_READ';

/** A file that cannot be read as a table at all (or stops being readable at `row`). The message is English, for the API. */
export class SourceReadError extends Error {
  constructor(
    readonly code: SourceReadErrorCode,
    message: string,
    /** Line/row number where reading failed, when known. */
    readonly row?: number,
  ) {
    super(message);
    this.name = 'SourceReadError';
  }
}

/** Wraps a one-shot async generator so that a second iteration fails clearly instead of yielding nothing. */
export function once<T>(generator: AsyncGenerator<T>): AsyncIterable<T> {
  let used = false;
  return {
    [Symbol.asyncIterator]() {
      if (used) throw new SourceReadError('ROWS_ALREADY_READ', 'The rows of this file have already been read');
      used = true;
      return generator;
    },
  };
}

/** `true` when every cell is null or blank text: such rows are left out (their line numbers are not reused). */
export function isEmptyRow(cells: SourceCell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}
