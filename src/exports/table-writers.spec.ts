import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { figureTable, resultsSheets } from './aggregate-tables';
import { CsvDialect } from './csv-dialect';
import { figureFixture, waveResultsFixture } from '../../test/fixtures/analysis-results';
import type { CellValue } from './cell-safety';
import { ExportTable } from './export-table';
import { tablesToXlsx, tableToCsv } from './table-writers';

/**
 * The figure table of the report's layout without the statistics columns (interval, small base) and notes of
 * issue 17: what these tests check is the writer, on a table whose every cell they know.
 */
function reportFigureTable(): ExportTable {
  const table = figureTable(figureFixture());
  const keep = table.columns.map((column) => !/KI 95 %|Fallzahl/.test(column.header));
  const cut = (cells: CellValue[]) => cells.filter((_, index) => keep[index] ?? true);
  return {
    ...table,
    columns: table.columns.filter((_, index) => keep[index]),
    rows: table.rows.map(cut),
    footer: [cut(table.footer[0]), ...table.footer.slice(1, 4)],
  };
}

const injection: ExportTable = {
  sheetName: '=evil',
  title: '@title',
  columns: [
    { header: 'Item', kind: 'text' },
    { header: 'Anteil (%)', kind: 'percent' },
  ],
  rows: [
    ['=HYPERLINK("http://evil.example","klick")', -2],
    ['+1', 12.5],
    ['-2', null],
    ['@SUM(A1:A9)', 0],
  ],
  footer: [['\tnote']],
};

async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

describe('tableToCsv', () => {
  it('writes the figure table with N and notes below, readable by a CSV parser', () => {
    const csv = tableToCsv(reportFigureTable(), CsvDialect.Excel, { footer: true });
    const records: string[][] = parse(csv, { bom: true, delimiter: ';' });
    expect(records[0]).toEqual([
      'Item',
      'Itemtitel',
      'ki-2019 Anteil (%)',
      'ki-2019 N Basis',
      'ki-2021 Anteil (%)',
      'ki-2021 N Basis',
      'ki-2023 Anteil (%)',
      'ki-2023 N Basis',
    ]);
    expect(records[1]).toEqual(['werbung', 'zielgenauere Werbung / Promotion', '75,8', '33', '81,3', '48', '88,7', '53']);
    expect(records[3]).toEqual([
      'nachhaltigkeit',
      'Verbesserung der ökologischen Nachhaltigkeit',
      'nicht abgefragt',
      '',
      'nicht abgefragt',
      '',
      '76,5',
      '51',
    ]);
    expect(records[4]).toEqual(['', '', '', '', '', '', '', '']);
    expect(records[5]).toEqual(['N', '', '33', '', '48', '', '54', '']);
    expect(records[6][0]).toBe('Ein Thema wurde 2019 bzw. 2021 nicht abgefragt');
    expect(records[8][0]).toMatch(/^Quelle: /);
  });

  it('leaves the footer out when asked to (a rectangular table for R)', () => {
    const csv = tableToCsv(reportFigureTable(), CsvDialect.Plain, { footer: false });
    expect(parse(csv)).toHaveLength(4);
  });

  it('neutralizes formula-like text but keeps numbers numbers', () => {
    const records: string[][] = parse(tableToCsv(injection, CsvDialect.Plain, { footer: true }));
    expect(records.slice(1, 5)).toEqual([
      [`'=HYPERLINK("http://evil.example","klick")`, '-2'],
      ["'+1", '12.5'],
      ["'-2", ''],
      ["'@SUM(A1:A9)", '0'],
    ]);
    expect(records[6]).toEqual(["'\tnote", '']);
  });
});

describe('tablesToXlsx', () => {
  it('writes one sheet per table: title, frozen header, shares as numbers with one decimal, "nicht abgefragt" as text', async () => {
    const workbook = await readWorkbook(await tablesToXlsx([reportFigureTable()]));
    const sheet = workbook.getWorksheet('Abb. 3') as ExcelJS.Worksheet;
    expect(sheet.getCell('A1').value).toBe('Abbildung 3: Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(sheet.getRow(2).values).toEqual([
      undefined,
      'Item',
      'Itemtitel',
      'ki-2019 Anteil (%)',
      'ki-2019 N Basis',
      'ki-2021 Anteil (%)',
      'ki-2021 N Basis',
      'ki-2023 Anteil (%)',
      'ki-2023 N Basis',
    ]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const share = sheet.getCell('G3');
    expect(share.value).toBe(88.7);
    expect(share.numFmt).toBe('0.0');
    expect(sheet.getCell('D3').numFmt).toBe('0');
    expect(sheet.getCell('C5').value).toBe('nicht abgefragt');
    expect(sheet.getCell('A7').value).toBe('N');
    expect(sheet.getCell('G7').value).toBe(54);
    expect(sheet.getCell('A8').value).toBe('Ein Thema wurde 2019 bzw. 2021 nicht abgefragt');
  });

  it('writes one sheet per question with unique names', async () => {
    const workbook = await readWorkbook(
      await tablesToXlsx([...resultsSheets(waveResultsFixture()), ...resultsSheets(waveResultsFixture())]),
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'chancen',
      'transfer',
      'reifegrad',
      'chancen (2)',
      'transfer (2)',
      'reifegrad (2)',
    ]);
  });

  it('neutralizes formula-like text in every cell and never writes a formula', async () => {
    const workbook = await readWorkbook(await tablesToXlsx([injection]));
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('=evil');
    expect(sheet.getCell('A1').value).toBe("'@title");
    expect([3, 4, 5, 6].map((row) => sheet.getCell(`A${row}`).value)).toEqual([
      `'=HYPERLINK("http://evil.example","klick")`,
      "'+1",
      "'-2",
      "'@SUM(A1:A9)",
    ]);
    expect(sheet.getCell('B3').value).toBe(-2);
    expect(sheet.getCell('A8').value).toBe("'\tnote");
    sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });
});
