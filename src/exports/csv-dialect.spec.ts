import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CellValue } from './cell-safety';
import { CSV_BOM, CsvDialect, csvRecord, csvStringifyOptions, formatCsvNumber } from './csv-dialect';

describe('formatCsvNumber', () => {
  it.each([
    [88.7, CsvDialect.Excel, '88,7'],
    [88.7, CsvDialect.Plain, '88.7'],
    [54, CsvDialect.Excel, '54'],
    [-4, CsvDialect.Excel, '-4'],
    [-12.3, CsvDialect.Excel, '-12,3'],
    [0, CsvDialect.Plain, '0'],
  ])('%d in the %s dialect is %s', (value, dialect, expected) => {
    expect(formatCsvNumber(value, dialect)).toBe(expected);
  });
});

describe('csvStringifyOptions', () => {
  const rows = [
    ['item', 'Anteil (%)', 'text'],
    ['werbung', 88.7, '=HYPERLINK("x";"y")'],
    ['logistik', -2, 'Sonstiges; mit Semikolon, und Komma'],
  ];

  it('writes the excel dialect: BOM, semicolons, decimal comma, CRLF, neutralized text', () => {
    const text = stringify(rows, csvStringifyOptions(CsvDialect.Excel));
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    expect(text.split('\r\n')[1]).toBe(`werbung;88,7;"'=HYPERLINK(""x"";""y"")"`);
    expect(parse(text, { bom: true, delimiter: ';' })).toEqual([
      ['item', 'Anteil (%)', 'text'],
      ['werbung', '88,7', `'=HYPERLINK("x";"y")`],
      ['logistik', '-2', 'Sonstiges; mit Semikolon, und Komma'],
    ]);
  });

  it('writes the plain dialect: no BOM, commas, decimal point, LF', () => {
    const text = stringify(rows, csvStringifyOptions(CsvDialect.Plain));
    expect(text.startsWith('item,')).toBe(true);
    expect(text).not.toContain('\r');
    expect(parse(text)).toEqual([
      ['item', 'Anteil (%)', 'text'],
      ['werbung', '88.7', `'=HYPERLINK("x";"y")`],
      ['logistik', '-2', 'Sonstiges; mit Semikolon, und Komma'],
    ]);
  });

  it.each(Object.values(CsvDialect))(
    '%s: quotes a field with a line break, whichever the record delimiter, so it reads back as one field',
    (dialect) => {
      const options = csvStringifyOptions(dialect);
      const text = stringify(
        [
          ['a\nb', 'c\rd', 'e\r\nf'],
          ['x', 'y', 'z'],
        ],
        options,
      );
      expect(parse(text, { bom: true, delimiter: options.delimiter })).toEqual([
        ['a\nb', 'c\rd', 'e\r\nf'],
        ['x', 'y', 'z'],
      ]);
    },
  );

  it('writes dates as ISO 8601 and empty cells as empty fields', () => {
    const text = stringify([[new Date('2023-07-01T10:00:00Z'), null, undefined, 'x']], csvStringifyOptions(CsvDialect.Plain));
    expect(text).toBe('2023-07-01T10:00:00.000Z,,,x\n');
  });
});

describe('csvRecord', () => {
  const date = new Date('2023-07-01T10:00:00Z');
  const cells: Array<[string, CellValue[]]> = [
    ['plain text and numbers', ['werbung', 88.7, -2, 0, 54]],
    ['empty cells: null, empty text, at the start and the end', [null, '', 'x', null]],
    ['a date', [date, 'x']],
    ['quotes', ['sagt "ja"', '"', '""']],
    ['semicolons and commas', ['a;b', 'a,b', ';', ',']],
    ['line breaks', ['a\nb', 'a\r\nb', 'a\r', '\n']],
    ['formula triggers (neutralized)', ['=HYPERLINK("x";"y")', '+1', '-2', '@SUM(A1)', '\tx', '\rx']],
    ['umlauts and emoji', ['Größe', 'Straße 🙂', 'keine Angabe']],
    ['negative and decimal numbers', [-12.3, 0.5, 123456789, -0.25]],
    ['one cell', ['x']],
    ['only empty cells', [null, null]],
  ];

  it.each(Object.values(CsvDialect).flatMap((dialect) => cells.map(([name, row]) => [dialect, name, row] as const)))(
    '%s: %s is the text csv-stringify writes',
    (dialect, _, row) => {
      const expected = stringify([row], { ...csvStringifyOptions(dialect), bom: false });
      expect(csvRecord(row, dialect)).toBe(expected);
    },
  );

  it('gives with the BOM in front of the first record the bytes of csv-stringify with its bom option', () => {
    const rows: CellValue[][] = [
      ['item', 'text'],
      ['werbung', 'Größe'],
    ];
    const text = CSV_BOM + rows.map((row) => csvRecord(row, CsvDialect.Excel)).join('');
    expect(Buffer.from(text, 'utf8').equals(Buffer.from(stringify(rows, csvStringifyOptions(CsvDialect.Excel)), 'utf8'))).toBe(true);
  });
});
