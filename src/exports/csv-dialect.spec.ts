import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { CsvDialect, csvStringifyOptions, formatCsvNumber } from './csv-dialect';

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

  it('writes dates as ISO 8601 and empty cells as empty fields', () => {
    const text = stringify([[new Date('2023-07-01T10:00:00Z'), null, undefined, 'x']], csvStringifyOptions(CsvDialect.Plain));
    expect(text).toBe('2023-07-01T10:00:00.000Z,,,x\n');
  });
});
