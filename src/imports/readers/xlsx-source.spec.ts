import * as ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CASES, CHANCEN } from '../../../test/fixtures/imports/make-fixtures';
import { openSource } from './open-source';
import { SourceReadError, SourceRow, SourceTable } from './source-table';
import { convertCell } from './xlsx-source';

const WORKBOOK = join(__dirname, '../../../test/fixtures/imports/workbook-2019.xlsx');

async function readAll(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

async function readError(promise: Promise<unknown>): Promise<SourceReadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceReadError) return error;
    throw error;
  }
  throw new Error('expected a SourceReadError');
}

describe('XLSX fixture', () => {
  it('sheet "Daten": header, values as the sheet has them, the sheet\'s row numbers (row 5 is empty), the formula marked', async () => {
    const table = await openSource({ path: WORKBOOK, fileName: 'workbook-2019.xlsx', sheet: 'Daten' });
    expect(table.format).toBe('xlsx');
    expect(table.meta).toEqual({ sheet: 'Daten', sheets: ['Hinweise', 'Daten', 'Codebuch'] });
    expect(table.headerRow).toBe(1);
    expect(table.header).toEqual(['id', 'submitdate', 'zentrum', 'rolle', ...CHANCEN.map((item) => `chancen.${item}`)]);
    const rows = await readAll(table);
    const expected = CASES.slice(0, 5).map((c, index) => ({
      row: [2, 3, 4, 6, 7][index],
      cells: [c.id, c.submitted.slice(0, 10), c.zentrum, c.rolle, ...c.chancen],
    }));
    expect(rows.map(({ row, cells }) => ({ row, cells }))).toEqual(expected);
    expect(rows[0].issues).toEqual([
      { column: 8, kind: 'formula', message: 'The cell is a formula (=E2-3); its last calculated value is used' },
    ]);
    expect(rows.slice(1).every((row) => row.issues === undefined && row.problem === undefined)).toBe(true);
    expect(rows[1].cells[2]).toBe('Zentrum Würzburg, Büro "Süd"'); // rich text → plain text
  });

  it('without a sheet name: the first sheet in tab order', async () => {
    const table = await openSource({ path: WORKBOOK, fileName: 'workbook-2019.xlsx' });
    expect(table.meta.sheet).toBe('Hinweise');
    expect(table.header).toEqual(['Export der Welle 2019; Daten im Blatt „Daten“.']);
    expect(await readAll(table)).toEqual([]);
  });

  it('the third sheet by name, read from a stream', async () => {
    const table = await openSource({ stream: createReadStream(WORKBOOK), fileName: 'upload', sheet: 'Codebuch' });
    expect(table.header).toEqual(['code', 'label']);
    const rows = await readAll(table);
    expect(rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rows[0].cells).toEqual([1, 'trifft gar nicht zu']);
    expect(rows[5].cells).toEqual(['na', 'keine Angabe']);
  });

  it('an unknown sheet name → SHEET_NOT_FOUND listing the sheets', async () => {
    const error = await readError(openSource({ path: WORKBOOK, fileName: 'w.xlsx', sheet: 'Tabelle1' }));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toBe('The workbook has no sheet named "Tabelle1"; it has: "Hinweise", "Daten", "Codebuch"');
  });

  it('skipRows and rows of only empty cells are left out, numbering kept', async () => {
    const table = await openSource({ path: WORKBOOK, fileName: 'w.xlsx', sheet: 'Daten', skipRows: [3] });
    expect((await readAll(table)).map((row) => row.row)).toEqual([2, 4, 6, 7]);
  });
});

describe('XLSX built in the test', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function write(build: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    build(workbook.addWorksheet('Tabelle1'));
    const path = join(dir, `w${Math.random().toString(36).slice(2)}.xlsx`);
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it('a header below title rows, cells right of the header, an error value, a shared formula', async () => {
    const path = await write((sheet) => {
      sheet.getCell('A2').value = 'Welle 2019';
      sheet.getRow(4).values = ['id', 'wert'];
      sheet.getRow(5).values = [1, 2, 'überzählig'];
      sheet.getRow(6).values = [2, { error: '#N/A' }];
      sheet.getRow(7).values = [3, { formula: 'A7*2', result: 6 }];
      sheet.getRow(8).values = [4, true];
    });
    const table = await openSource({ path, fileName: 'x.xlsx', skipRows: [2] });
    expect(table.headerRow).toBe(4);
    expect(await readAll(table)).toEqual([
      { row: 5, cells: [1, 2], problem: 'Row 5 has 1 filled cell(s) right of the last header column' },
      { row: 6, cells: [2, '#N/A'], issues: [{ column: 1, kind: 'excel-error', message: 'The cell holds the Excel error #N/A' }] },
      {
        row: 7,
        cells: [3, 6],
        issues: [{ column: 1, kind: 'formula', message: 'The cell is a formula (=A7*2); its last calculated value is used' }],
      },
      { row: 8, cells: [4, 'TRUE'] },
    ]);
  });

  it('an empty sheet → EMPTY_FILE', async () => {
    const path = await write(() => undefined);
    expect((await readError(openSource({ path, fileName: 'x.xlsx' }))).code).toBe('EMPTY_FILE');
  });

  it('a zip that is not a workbook → XLSX_UNREADABLE', async () => {
    // a minimal zip with one stored file "a.txt" (local header, central directory, end record)
    const name = Buffer.from('a.txt');
    const data = Buffer.from('hallo');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(10, 4);
    local.writeUInt32LE(0x3610a686, 14); // crc32("hallo")
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(10, 6);
    central.writeUInt32LE(0x3610a686, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(central.length + name.length, 12);
    end.writeUInt32LE(local.length + name.length + data.length, 16);
    const zip = Buffer.concat([local, name, data, central, name, end]);
    const path = join(dir, 'kein-workbook.xlsx');
    await writeFile(path, zip);
    const error = await readError(openSource({ path, fileName: 'kein-workbook.xlsx' }));
    expect(error.code).toBe('XLSX_UNREADABLE');
  });

  it('a truncated workbook → XLSX_UNREADABLE, not a crash', async () => {
    const bytes = await readFile(WORKBOOK);
    const error = await readError(
      (async () => {
        const table = await openSource({
          stream: Readable.from([bytes.subarray(0, Math.floor(bytes.length / 2))]),
          fileName: 'kaputt.xlsx',
          sheet: 'Codebuch',
        });
        await readAll(table);
      })(),
    );
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toMatch(/^The file is not a readable XLSX workbook/);
  });
});

describe('convertCell', () => {
  it.each([
    ['number', 3, { value: 3 }],
    ['decimal', 2.5, { value: 2.5 }],
    ['text', 'trifft zu', { value: 'trifft zu' }],
    ['empty text', '', { value: null }],
    ['nothing', undefined, { value: null }],
    ['null', null, { value: null }],
    ['boolean', false, { value: 'FALSE' }],
    ['date at midnight', new Date('2021-05-03T00:00:00Z'), { value: '2021-05-03' }],
    ['date with time', new Date('2021-05-03T14:30:00Z'), { value: '2021-05-03T14:30:00' }],
    ['rich text', { richText: [{ text: 'Lö' }, { text: 'rrach' }] }, { value: 'Lörrach' }],
    ['hyperlink', { text: 'Seite', hyperlink: 'https://example.org' }, { value: 'Seite' }],
    [
      'formula with text result',
      { formula: 'A1&"x"', result: 'ax' },
      { value: 'ax', issue: { kind: 'formula', message: 'The cell is a formula (=A1&"x"); its last calculated value is used' } },
    ],
    [
      'shared formula without result',
      { sharedFormula: 'B2' },
      { value: null, issue: { kind: 'formula', message: 'The cell is a formula (a shared formula); its last calculated value is used' } },
    ],
    [
      'formula whose result is an error',
      { formula: '1/0', result: NaN },
      { value: null, issue: { kind: 'formula', message: 'The cell is a formula (=1/0); its last calculated value is used' } },
    ],
    [
      'error value',
      { error: '#DIV/0!' },
      { value: '#DIV/0!', issue: { kind: 'excel-error', message: 'The cell holds the Excel error #DIV/0!' } },
    ],
  ])('%s', (_name, value, expected) => {
    expect(convertCell(value)).toEqual(expected);
  });
});
