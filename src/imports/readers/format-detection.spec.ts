import { randomBytes } from 'node:crypto';
import { detectFormat, looksLikeText } from './format-detection';
import { SourceReadError } from './source-table';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

describe('detectFormat', () => {
  it.each([
    ['xlsx by zip magic', bytes([0x50, 0x4b, 0x03, 0x04], 'rest'), 'upload.bin', 'xlsx'],
    ['xlsx even when named .csv', bytes([0x50, 0x4b, 0x03, 0x04]), 'daten.csv', 'xlsx'],
    ['sav by $FL2', bytes('$FL2@(#) SPSS DATA FILE'), 'welle.sav', 'sav'],
    ['csv: plain UTF-8 text', bytes('a;b\r\n1;2\r\n'), 'x.csv', 'csv'],
    ['csv: Windows-1252 umlauts', bytes('zentrum\r\nL\xf6rrach\r\n'), 'x.csv', 'csv'],
    ['csv: UTF-8 BOM', bytes([0xef, 0xbb, 0xbf], 'a,b\n'), 'x.csv', 'csv'],
    ['csv: UTF-16LE with BOM (NUL bytes allowed)', bytes([0xff, 0xfe, 0x61, 0, 0x09, 0, 0x62, 0]), 'x.txt', 'csv'],
    ['csv: a .sav name does not override text content', bytes('a,b\n1,2\n'), 'welle.sav', 'csv'],
  ])('%s', (_name, head, fileName, expected) => {
    expect(detectFormat(head, fileName)).toBe(expected);
  });

  it.each([
    ['an empty file', bytes(''), 'x.csv', 'EMPTY_FILE', 'The file is empty'],
    ['a PNG image', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'bild.csv', 'UNSUPPORTED_FORMAT', 'a PNG image'],
    ['a PDF', bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 'bericht.pdf', 'UNSUPPORTED_FORMAT', 'a PDF document'],
    ['a JPEG', bytes([0xff, 0xd8, 0xff, 0xe0]), 'foto.jpg', 'UNSUPPORTED_FORMAT', 'a JPEG image'],
    ['a gzip archive', bytes([0x1f, 0x8b, 0x08, 0x00]), 'daten.csv.gz', 'UNSUPPORTED_FORMAT', 'a gzip archive'],
    ['an old .xls', bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'alt.xls', 'UNSUPPORTED_FORMAT', 'Excel 97-2003'],
    ['a zlib-compressed .zsav', bytes('$FL3@(#) IBM SPSS'), 'welle.zsav', 'UNSUPPORTED_FORMAT', 'ZLIB compression'],
    ['an OpenDocument sheet', bytes([0x50, 0x4b, 0x03, 0x04]), 'tabelle.ods', 'UNSUPPORTED_FORMAT', '.ods'],
    ['text with a NUL byte', bytes('a,b\n1,\x00\n'), 'x.csv', 'UNSUPPORTED_FORMAT', 'binary data'],
    ['binary named .xlsx', bytes([0x01, 0x02, 0x00, 0x03]), 'daten.xlsx', 'UNSUPPORTED_FORMAT', 'its name says .xlsx, but it is not a zip'],
  ])('refuses %s', (_name, head, fileName, code, text) => {
    let error: unknown;
    try {
      detectFormat(head, fileName);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).code).toBe(code);
    expect((error as SourceReadError).message).toContain(text);
  });

  it('refuses 64 KB of random bytes as binary data (a NUL byte is all but certain)', () => {
    const junk = randomBytes(64 * 1024);
    junk[100] = 0;
    expect(() => detectFormat(junk, 'junk.csv')).toThrow(/binary data/);
  });
});

describe('looksLikeText', () => {
  it.each([
    ['German text', 'Größe;Öl;Straße\r\n', true],
    ['tabs, form feed and a DOS end-of-file mark', 'a\tb\f\r\n\x1a', true],
    ['one control character in 200', 'x'.repeat(199) + '\x07', true],
    ['many control characters', '\x01\x02\x03abc', false],
    ['a NUL byte', 'abc\x00', false],
  ])('%s → %s', (_name, text, expected) => {
    expect(looksLikeText(Buffer.from(text, 'latin1'))).toBe(expected);
  });
});
