import type { CellValue } from './cell-safety';

/** How a column is written to XLSX: counts as integers, percentages as numbers with one decimal, p-values with four. */
export type ColumnKind = 'text' | 'count' | 'percent' | 'pValue' | 'date';

export interface ExportColumn {
  header: string;
  kind: ColumnKind;
}

/**
 * One table of an aggregated export: one CSV file, or one sheet of an XLSX
 * workbook (title above, header row, rows, then N and notes below).
 */
export interface ExportTable {
  /** Preferred sheet name; the XLSX writer shortens it to 31 characters and makes it unique. */
  sheetName: string;
  /** Title above the header; null for data sheets (raw data, codebook), whose header is row 1 for R and SPSS. */
  title: string | null;
  columns: ExportColumn[];
  rows: CellValue[][];
  /** Lines under the table (N per wave, notes), cells aligned with the columns. */
  footer: CellValue[][];
}

/** The text written where a wave did not ask an item (never 0 %). */
export const NOT_ASKED = 'nicht abgefragt';
