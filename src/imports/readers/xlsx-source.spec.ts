import * as ExcelJS from 'exceljs';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CASES, CHANCEN } from '../../../test/fixtures/imports/make-fixtures';
import { sheetXml, workbookEntries, zipArchive, ZipWriterOptions } from '../../../test/fixtures/imports/zip-writer';
import { openSource } from './open-source';
import { SourceReadError, SourceRow, SourceTable } from './source-table';
import { RawCell, readSharedStrings } from './xlsx-parts';
import { convertCell, openXlsx, sheetCell } from './xlsx-source';

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

describe('XLSX written by other tools (hand-built zips)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-xlsx-zip-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function file(bytes: Buffer): Promise<string> {
    const path = join(dir, `h${Math.random().toString(36).slice(2)}.xlsx`);
    await writeFile(path, bytes);
    return path;
  }

  const SHARED =
    '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">' +
    '<si><t>id</t></si><si><t xml:space="preserve"> wert </t></si>' +
    '<si><r><rPr><b/></rPr><t>Lö</t></r><r><t>rrach</t></r><rPh sb="0" eb="1"><t>ロ</t></rPh></si>' +
    '<si><t>a &amp; b</t></si></sst>';
  const DATA =
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>' +
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="s"><v>2</v></c></row>' +
    '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="s"><v>3</v></c></row>';
  const EXPECTED = [
    { row: 2, cells: [1, 'Lörrach'] },
    { row: 3, cells: [2, 'a & b'] },
  ];

  it.each([
    ['shared strings after the sheet, deflated', { stored: false, options: {} }],
    ['every entry stored (method 0)', { stored: true, options: {} }],
    ['zip64 records', { stored: false, options: { zip64: true } }],
  ] as Array<[string, { stored: boolean; options: ZipWriterOptions }]>)(
    '%s: read from the path and from a stream alike',
    async (_name, variant) => {
      const entries = workbookEntries([{ name: 'Daten', xml: sheetXml(DATA) }], { sharedStrings: SHARED });
      expect(entries.map((entry) => entry.name).indexOf('xl/sharedStrings.xml')).toBeGreaterThan(
        entries.map((entry) => entry.name).indexOf('xl/worksheets/sheet1.xml'),
      );
      const bytes = zipArchive(
        entries.map((entry) => ({ ...entry, method: variant.stored ? 0 : 8 })),
        variant.options,
      );
      const path = await file(bytes);
      for (const input of [{ path }, { stream: Readable.from([bytes]) }]) {
        const table = await openSource({ ...input, fileName: 'fremd.xlsx' });
        expect(table.header).toEqual(['id', 'wert']);
        expect(table.meta).toEqual({ sheet: 'Daten', sheets: ['Daten'] });
        expect(await readAll(table)).toEqual(EXPECTED);
      }
    },
  );

  it('inline strings, str cells, CDATA, rows and cells without r, a namespace prefix: text exactly as written', async () => {
    const data =
      '<x:row><x:c t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>text</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c><x:v>1</x:v></x:c><x:c t="inlineStr"><x:is><x:r><x:t>Fe</x:t></x:r><x:r><x:t xml:space="preserve">tt </x:t></x:r></x:is></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5"><x:v>2</x:v></x:c><x:c r="B5" t="str"><x:v>&amp;lt; bleibt &amp;lt;</x:v></x:c></x:row>' +
      '<x:row><x:c><x:v>3</x:v></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[<kein Tag>]]></x:t></x:is></x:c></x:row>';
    const path = await file(zipArchive(workbookEntries([{ name: 'Export', xml: sheetXml(data, 'x') }])));
    const table = await openSource({ path, fileName: 'export.xlsx' });
    expect(table.header).toEqual(['id', 'text']);
    expect(await readAll(table)).toEqual([
      { row: 2, cells: [1, 'Fett '] },
      { row: 5, cells: [2, '&lt; bleibt &lt;'] },
      { row: 6, cells: [3, '<kein Tag>'] },
    ]);
  });

  it('dates by style (custom and built-in formats, 1904 system), t="d" cells and booleans', async () => {
    const styles =
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy\\ hh:mm"/><numFmt numFmtId="165" formatCode="&quot;Tag&quot;0"/></numFmts>' +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>';
    const data =
      '<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c><c r="C1" t="inlineStr"><is><t>c</t></is></c><c r="D1" t="inlineStr"><is><t>d</t></is></c></row>' +
      '<row r="2"><c r="A2" s="1"><v>0</v></c><c r="B2" s="2"><v>0.5</v></c><c r="C2" s="3"><v>7</v></c><c r="D2" t="d"><v>2021-05-03T14:30:00</v></c></row>' +
      '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" s="0"><v>44000</v></c><c r="D3" t="d"><v>2021-05-03</v></c></row>';
    const path = await file(zipArchive(workbookEntries([{ name: 'T', xml: sheetXml(data) }], { styles, date1904: true })));
    expect(await readAll(await openSource({ path, fileName: 'd.xlsx' }))).toEqual([
      { row: 2, cells: ['1904-01-01', '1904-01-01T12:00:00', 7, '2021-05-03T14:30:00'] },
      { row: 3, cells: ['TRUE', 'FALSE', 44000, '2021-05-03'] },
    ]);
  });

  it('a chart sheet first in tab order: the first worksheet is read; naming the chart sheet → SHEET_NOT_FOUND', async () => {
    const entries = workbookEntries(
      [
        { name: 'Diagramm', xml: '<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>', chart: true },
        { name: 'Daten', xml: sheetXml(DATA) },
      ],
      { sharedStrings: SHARED },
    );
    const path = await file(zipArchive(entries));
    const table = await openSource({ path, fileName: 'c.xlsx' });
    expect(table.meta).toEqual({ sheet: 'Daten', sheets: ['Diagramm', 'Daten'] });
    expect(await readAll(table)).toEqual(EXPECTED);
    const error = await readError(openSource({ path, fileName: 'c.xlsx', sheet: 'Diagramm' }));
    expect(error.code).toBe('SHEET_NOT_FOUND');
    expect(error.message).toBe('The sheet "Diagramm" is a chart or dialog sheet, not a table');
  });

  it.each([
    ['junk behind a PK header', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(5000, 'x')]), /no end of central directory record/],
    [
      'a sheet part that is not XML',
      zipArchive(workbookEntries([{ name: 'T', xml: 'kein XML <<<' }])),
      /^The file is not a readable XLSX workbook \(/,
    ],
    [
      'a workbook whose sheet part is missing',
      zipArchive(workbookEntries([{ name: 'T', xml: sheetXml(DATA) }]).filter((entry) => !entry.name.startsWith('xl/worksheets/'))),
      /the sheet "T" is missing from the archive/,
    ],
    [
      'a cell beyond column XFD',
      zipArchive(
        workbookEntries([
          { name: 'T', xml: sheetXml('<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ZZZZ2"><v>1</v></c></row>') },
        ]),
      ),
      /row 2: the cell reference "ZZZZ2" is not a column A–XFD/,
    ],
  ])('%s → XLSX_UNREADABLE (path and stream), never a crash', async (_name, bytes, message) => {
    const path = await file(bytes);
    for (const input of [{ path }, { stream: Readable.from([bytes]) }]) {
      const error = await readError(
        (async () => {
          await readAll(await openSource({ ...input, fileName: 'x.xlsx' }));
        })(),
      );
      expect(error.code).toBe('XLSX_UNREADABLE');
      expect(error.message).toMatch(message);
    }
  });

  it('a "zip bomb" sheet (64 MB of text without markup in 64 KB) is refused after 4 MB, memory stays bounded', async () => {
    const [before] = sheetXml('|').split('|');
    const bomb = Buffer.concat([
      Buffer.from(before + '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>'),
      Buffer.alloc(64 * 1024 * 1024, 'a'),
    ]);
    const path = await file(zipArchive(workbookEntries([{ name: 'T', xml: bomb.toString('latin1') }])));
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await readError(
      (async () => {
        await readAll(await openSource({ path, fileName: 'bombe.xlsx' }));
      })(),
    );
    expect(error.code).toBe('XLSX_UNREADABLE');
    expect(error.message).toMatch(/more than 4 million characters without any markup/);
    expect(error.row).toBe(2);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(48 * 1024 * 1024);
  });

  it('a stream input is written to a temporary file that is removed once the rows are read or the table is closed', async () => {
    const own = await mkdtemp(join(tmpdir(), 'import-xlsx-tmp-'));
    try {
      const bytes = zipArchive(workbookEntries([{ name: 'Daten', xml: sheetXml(DATA) }], { sharedStrings: SHARED }));
      const read = await openXlsx(Readable.from([bytes]), {}, own);
      expect(await readdir(own)).toHaveLength(1);
      await readAll(read);
      const closed = await openXlsx(Readable.from([bytes]), {}, own);
      expect(await readdir(own)).toHaveLength(1);
      closed.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await readdir(own)).toEqual([]);
      await readError(openXlsx(Readable.from([Buffer.from('PK\x03\x04 kaputt')]), {}, own));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await readdir(own)).toEqual([]);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe('sheetCell: raw cells as exceljs gave them', () => {
  const raw = (cell: Partial<RawCell>): RawCell => ({ t: 'n', s: 0, v: null, f: null, inline: null, ...cell });
  const shared = ['eins', ''];
  it.each([
    ['number', raw({ v: '2.5' }), { value: 2.5 }],
    ['no value', raw({}), { value: null }],
    ['shared string', raw({ t: 's', v: '0' }), { value: 'eins' }],
    ['empty shared string', raw({ t: 's', v: '1' }), { value: null }],
    ['shared string index out of range', raw({ t: 's', v: '7' }), { value: null }],
    ['str', raw({ t: 'str', v: 'x' }), { value: 'x' }],
    ['inline string', raw({ t: 'inlineStr', inline: 'innen' }), { value: 'innen' }],
    ['boolean', raw({ t: 'b', v: '0' }), { value: 'FALSE' }],
    [
      'error',
      raw({ t: 'e', v: '#REF!' }),
      { value: '#REF!', issue: { kind: 'excel-error', message: 'The cell holds the Excel error #REF!' } },
    ],
    ['date style', raw({ s: 1, v: '44319.5' }), { value: '2021-05-03T12:00:00' }],
    ['date style, not a number', raw({ s: 1, v: 'x' }), { value: null }],
    [
      'formula with a number result',
      raw({ f: 'A1+1', v: '3' }),
      { value: 3, issue: { kind: 'formula', message: 'The cell is a formula (=A1+1); its last calculated value is used' } },
    ],
    [
      'shared formula (empty <f>) with a text result',
      raw({ t: 'str', f: '', v: 'ab' }),
      { value: 'ab', issue: { kind: 'formula', message: 'The cell is a formula (a shared formula); its last calculated value is used' } },
    ],
    [
      'formula with an error result',
      raw({ t: 'e', f: '1/0', v: '#DIV/0!' }),
      { value: null, issue: { kind: 'formula', message: 'The cell is a formula (=1/0); its last calculated value is used' } },
    ],
  ])('%s', (_name, cell, expected) => {
    expect(sheetCell(cell, shared, new Set([1]), false)).toEqual(expected);
  });
});

describe('readSharedStrings: bounded', () => {
  const xml = (count: number, text: string) =>
    Buffer.from(`<sst xmlns="x" count="${count}">${`<si><t>${text}</t></si>`.repeat(count)}</sst>`, 'utf8');
  async function* chunksOf(buffer: Buffer): AsyncGenerator<Buffer> {
    for (let at = 0; at < buffer.length; at += 1024) yield buffer.subarray(at, at + 1024);
  }

  it('reads the texts within its limits', async () => {
    await expect(readSharedStrings(chunksOf(xml(3, 'trifft zu')), { entries: 3, characters: 27 })).resolves.toEqual([
      'trifft zu',
      'trifft zu',
      'trifft zu',
    ]);
  });

  it.each([
    ['more texts than allowed', { entries: 2, characters: 1000 }],
    ['more characters than allowed', { entries: 1000, characters: 20 }],
  ])('refuses %s (a small archive of a huge, repetitive table) instead of filling the memory', async (_, limits) => {
    await expect(readSharedStrings(chunksOf(xml(3, 'trifft zu')), limits)).rejects.toThrow(/shared strings hold more than/);
  });
});
