import { join } from 'node:path';
import { BOLD_WIDTHS, GLYPH_CHARACTERS, REGULAR_WIDTHS } from './glyph-widths';
import { afmWidths, TABLE_CHARACTERS, trueTypeWidths } from './testing/font-metrics';

const characters = Array.from(GLYPH_CHARACTERS);
const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const AFM = '/usr/lib/R/library/grDevices/afm';

describe('the glyph width table', () => {
  it('covers printable ASCII, the German letters and the punctuation of the figures, one width each', () => {
    expect(characters).toEqual(TABLE_CHARACTERS);
    expect(REGULAR_WIDTHS).toHaveLength(characters.length);
    expect(BOLD_WIDTHS).toHaveLength(characters.length);
    for (const character of 'äöüÄÖÜß„“–…') expect(characters).toContain(character);
  });

  it.each([
    ['DejaVu Sans', () => trueTypeWidths(join(DEJAVU, 'DejaVuSans.ttf'), characters), REGULAR_WIDTHS],
    ['DejaVu Sans Bold', () => trueTypeWidths(join(DEJAVU, 'DejaVuSans-Bold.ttf'), characters), BOLD_WIDTHS],
    ['Helvetica (= Arial, Liberation Sans)', () => afmWidths(join(AFM, 'Helvetica.afm.gz'), characters), REGULAR_WIDTHS],
    ['Helvetica Bold', () => afmWidths(join(AFM, 'Helvetica-Bold.afm.gz'), characters), BOLD_WIDTHS],
  ])('is never narrower than %s', (_, read, table) => {
    const widths = read();
    expect(widths.size).toBeGreaterThan(90);
    const narrower = characters.filter((character, index) => (widths.get(character) ?? 0) > table[index]);
    expect(narrower).toEqual([]);
  });

  it('is wider than Helvetica where DejaVu Sans is (e.g. "m", "a")', () => {
    const helvetica = afmWidths(join(AFM, 'Helvetica.afm.gz'), characters);
    expect(REGULAR_WIDTHS[characters.indexOf('m')]).toBeGreaterThan(helvetica.get('m') as number);
    expect(REGULAR_WIDTHS[characters.indexOf('a')]).toBeGreaterThan(helvetica.get('a') as number);
  });
});
