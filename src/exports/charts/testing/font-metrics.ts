/**
 * Advance widths read straight from font files, for generating and checking
 * the glyph width table (glyph-widths.ts). TrueType: cmap format 4 + hmtx;
 * AFM (Adobe font metrics, as R ships them for Helvetica): the WX of each
 * named glyph. Not part of the build; used by the generator and a unit test.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** Character → advance width in 1/1000 em of a TrueType font, for the characters it maps. */
export function trueTypeWidths(file: string, characters: string[]): Map<string, number> {
  const font = readFileSync(file);
  const tables = new Map<string, number>();
  const numTables = font.readUInt16BE(4);
  for (let index = 0; index < numTables; index += 1) {
    const record = 12 + index * 16;
    tables.set(font.toString('latin1', record, record + 4), font.readUInt32BE(record + 8));
  }
  const head = tables.get('head') as number;
  const unitsPerEm = font.readUInt16BE(head + 18);
  const hhea = tables.get('hhea') as number;
  const metrics = font.readUInt16BE(hhea + 34);
  const hmtx = tables.get('hmtx') as number;
  const advance = (glyph: number) => font.readUInt16BE(hmtx + 4 * Math.min(glyph, metrics - 1));
  const cmap = tables.get('cmap') as number;
  let segments = -1;
  for (let index = 0; index < font.readUInt16BE(cmap + 2); index += 1) {
    const platform = font.readUInt16BE(cmap + 4 + index * 8);
    const encoding = font.readUInt16BE(cmap + 6 + index * 8);
    const offset = cmap + font.readUInt32BE(cmap + 8 + index * 8);
    if (platform === 3 && encoding === 1 && font.readUInt16BE(offset) === 4) segments = offset;
  }
  if (segments < 0) throw new Error(`${file}: no Unicode BMP cmap (format 4)`);
  const count = font.readUInt16BE(segments + 6) / 2;
  const ends = segments + 14;
  const starts = ends + 2 * count + 2;
  const deltas = starts + 2 * count;
  const rangeOffsets = deltas + 2 * count;
  const glyphOf = (code: number): number => {
    for (let segment = 0; segment < count; segment += 1) {
      if (font.readUInt16BE(ends + 2 * segment) < code) continue;
      const start = font.readUInt16BE(starts + 2 * segment);
      if (start > code) return 0;
      const delta = font.readInt16BE(deltas + 2 * segment);
      const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * segment);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = font.readUInt16BE(rangeOffsets + 2 * segment + rangeOffset + 2 * (code - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };
  const widths = new Map<string, number>();
  for (const character of characters) {
    const glyph = glyphOf(character.codePointAt(0) as number);
    if (glyph !== 0) widths.set(character, Math.round((advance(glyph) * 1000) / unitsPerEm));
  }
  return widths;
}

/** Character → WX of an AFM file (optionally gzipped), through the glyph names of Adobe's standard encoding. */
export function afmWidths(file: string, characters: string[]): Map<string, number> {
  const raw = readFileSync(file);
  const text = (file.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
  const byName = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^C\s+-?\d+\s*;\s*WX\s+(\d+)\s*;\s*N\s+(\S+)/.exec(line);
    if (match) byName.set(match[2], Number(match[1]));
  }
  const widths = new Map<string, number>();
  for (const character of characters) {
    const name = GLYPH_NAMES[character] ?? (/^[A-Za-z]$/.test(character) ? character : undefined);
    const width = name === undefined ? undefined : byName.get(name);
    if (width !== undefined) widths.set(character, width);
  }
  return widths;
}

/** Adobe glyph names of the characters the table covers (letters name themselves). */
const GLYPH_NAMES: Record<string, string> = {
  ' ': 'space',
  '!': 'exclam',
  '"': 'quotedbl',
  '#': 'numbersign',
  $: 'dollar',
  '%': 'percent',
  '&': 'ampersand',
  "'": 'quotesingle',
  '(': 'parenleft',
  ')': 'parenright',
  '*': 'asterisk',
  '+': 'plus',
  ',': 'comma',
  '-': 'hyphen',
  '.': 'period',
  '/': 'slash',
  '0': 'zero',
  '1': 'one',
  '2': 'two',
  '3': 'three',
  '4': 'four',
  '5': 'five',
  '6': 'six',
  '7': 'seven',
  '8': 'eight',
  '9': 'nine',
  ':': 'colon',
  ';': 'semicolon',
  '<': 'less',
  '=': 'equal',
  '>': 'greater',
  '?': 'question',
  '@': 'at',
  '[': 'bracketleft',
  '\\': 'backslash',
  ']': 'bracketright',
  '^': 'asciicircum',
  _: 'underscore',
  '`': 'grave',
  '{': 'braceleft',
  '|': 'bar',
  '}': 'braceright',
  '~': 'asciitilde',
  Ä: 'Adieresis',
  Ö: 'Odieresis',
  Ü: 'Udieresis',
  ä: 'adieresis',
  ö: 'odieresis',
  ü: 'udieresis',
  ß: 'germandbls',
  é: 'eacute',
  è: 'egrave',
  à: 'agrave',
  á: 'aacute',
  ç: 'ccedilla',
  ñ: 'ntilde',
  É: 'Eacute',
  '„': 'quotedblbase',
  '“': 'quotedblleft',
  '”': 'quotedblright',
  '‚': 'quotesinglbase',
  '‘': 'quoteleft',
  '’': 'quoteright',
  '–': 'endash',
  '—': 'emdash',
  '…': 'ellipsis',
  '€': 'Euro',
  '°': 'degree',
  '·': 'periodcentered',
  '×': 'multiply',
  '±': 'plusminus',
  '§': 'section',
  '²': 'twosuperior',
  '³': 'threesuperior',
  µ: 'mu',
  '«': 'guillemotleft',
  '»': 'guillemotright',
  '•': 'bullet',
  '−': 'minus',
  Δ: 'Delta',
  '≥': 'greaterequal',
  '≤': 'lessequal',
};

/** Every character the width table covers: printable ASCII, German letters and the punctuation of the figures. */
export const TABLE_CHARACTERS: string[] = [
  ...Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)),
  ...'ÄÖÜäöüßéèàáçñÉ„“”‚‘’–—…€°·×±§²³µ«»•−Δ≥≤',
];
