import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { CellValue, neutralizeCell } from './cell-safety';
import { CsvDialect, csvStringifyOptions } from './csv-dialect';
import { ColumnKind, ExportTable, NOT_ASKED } from './export-table';
import { uniqueSheetNames } from './sheet-names';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Excel number formats: shares are percent values (88.7) shown with one decimal, counts as integers. */
export const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  count: '0',
  percent: '0.0',
  pValue: '0.0000',
  date: 'yyyy-mm-dd hh:mm:ss',
};

/**
 * A table as CSV: the header row, the rows and, with `footer`, an empty line
 * and the footer lines (N, notes). Text cells are neutralized by the dialect.
 */
export function tableToCsv(table: ExportTable, dialect: CsvDialect, options: { footer: boolean }): string {
  const width = table.columns.length;
  const pad = (cells: CellValue[]) => [...cells, ...Array<CellValue>(Math.max(0, width - cells.length)).fill(null)];
  const records: CellValue[][] = [table.columns.map((column) => column.header), ...table.rows];
  if (options.footer && table.footer.length > 0) records.push(pad([]), ...table.footer.map(pad));
  return stringify(records, csvStringifyOptions(dialect));
}

function columnWidth(header: string, kind: ColumnKind, index: number): number {
  if (kind !== 'text') return Math.min(Math.max(header.length + 2, 10), 22);
  return index === 1 ? 48 : 18;
}

/**
 * Tables as an XLSX workbook, one sheet each: the title in row 1, the header
 * in row 2 (both frozen; without a title the header is row 1), the rows, then
 * an empty row and the footer lines. Shares are numbers with the format "0.0",
 * "nicht abgefragt" stays text.
 */
export async function tablesToXlsx(tables: ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'survey-waves';
  const names = uniqueSheetNames(tables.map((table) => table.sheetName));
  tables.forEach((table, index) => {
    const headerRow = table.title === null ? 1 : 2;
    writeSheet(workbook.addWorksheet(names[index], { views: [{ state: 'frozen', ySplit: headerRow }] }), table, headerRow);
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function writeSheet(sheet: ExcelJS.Worksheet, table: ExportTable, headerRow: number): void {
  sheet.columns = table.columns.map((column, index) => ({ width: columnWidth(column.header, column.kind, index) }));
  if (table.title !== null) {
    const title = sheet.getRow(1);
    title.getCell(1).value = neutralizeCell(table.title);
    title.font = { bold: true, size: 12 };
  }

  const header = sheet.getRow(headerRow);
  header.values = table.columns.map((column) => neutralizeCell(column.header));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'bottom' };
  header.eachCell((cell) => {
    cell.border = { bottom: { style: 'thin' } };
  });

  table.rows.forEach((cells, rowIndex) => {
    const row = sheet.getRow(headerRow + 1 + rowIndex);
    cells.forEach((value, columnIndex) => {
      const cell = row.getCell(columnIndex + 1);
      cell.value = neutralizeCell(value);
      const format = NUMBER_FORMATS[table.columns[columnIndex]?.kind ?? 'text'];
      if (format && (typeof value === 'number' || value instanceof Date)) cell.numFmt = format;
      if (value === NOT_ASKED) cell.font = { italic: true, color: { argb: 'FF6E6E6E' } };
    });
  });

  const footerStart = headerRow + table.rows.length + 2;
  table.footer.forEach((cells, index) => {
    const row = sheet.getRow(footerStart + index);
    cells.forEach((value, columnIndex) => {
      row.getCell(columnIndex + 1).value = neutralizeCell(value);
    });
    row.font = { italic: true, size: 9 };
  });
}
