import { detectDelimiter } from './csv-source';
import { isValidUtf8, sniffEncoding } from './text-encoding';

describe('sniffEncoding', () => {
  it.each([
    ['UTF-8 with BOM', [0xef, 0xbb, 0xbf, 0x61], true, 'utf-8-bom'],
    ['UTF-8 umlaut (ö = C3 B6)', [0x4c, 0xc3, 0xb6, 0x72], true, 'utf-8'],
    ['pure ASCII', [0x61, 0x3b, 0x62], true, 'utf-8'],
    ['Windows-1252 ö (F6)', [0x4c, 0xf6, 0x72], true, 'windows-1252'],
    ['Windows-1252 ß at the very end (DF alone is a cut sequence)', [0x61, 0xdf], true, 'windows-1252'],
    ['a UTF-8 sequence cut by the 64 KB head of a longer file', [0x61, 0xc3], false, 'utf-8'],
    ['Windows-1252 en dash (96)', [0x61, 0x96, 0x62], true, 'windows-1252'],
    ['UTF-16LE BOM', [0xff, 0xfe, 0x61, 0x00], true, 'utf-16le'],
    ['UTF-16BE BOM', [0xfe, 0xff, 0x00, 0x61], true, 'utf-16be'],
  ])('%s → %s', (_name, head, complete, expected) => {
    expect(sniffEncoding(Buffer.from(head), complete)).toBe(expected);
  });

  it('a cut sequence in the middle is still invalid', () => {
    expect(isValidUtf8(Buffer.from([0x61, 0xc3, 0x61]), false)).toBe(false);
  });
});

describe('detectDelimiter', () => {
  it.each([
    ['comma', 'id,zentrum,rolle\n1,2,3', ','],
    ['semicolon', 'id;zentrum;rolle\r\n', ';'],
    ['tab', 'id\tzentrum\trolle\n', '\t'],
    ['semicolons win over commas inside quotes', '"a,b,c";"d,e";f\n', ';'],
    ['commas win over semicolons inside quotes', '"a;b;c",d,e\n', ','],
    ['only the first line counts', 'a;b;c\n1,2,3,4,5,6\n', ';'],
    ['a quoted line break in the header does not end the first line', '"a\nb,c,d";e;f\n', ';'],
    ['a tie between ; and , goes to ;', 'a;b,c\n', ';'],
    ['a single column → comma', 'id\n1\n', ','],
  ])('%s', (_name, text, expected) => {
    expect(detectDelimiter(text)).toBe(expected);
  });
});
