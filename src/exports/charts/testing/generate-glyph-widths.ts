/**
 * Writes glyph-widths.ts: per character the widest advance of DejaVu Sans and
 * Helvetica (whose metrics Arial and Liberation Sans share), regular and bold.
 * Run: npx ts-node --transpile-only src/exports/charts/testing/generate-glyph-widths.ts
 * (needs fonts-dejavu-core and R's grDevices AFM files, as on Debian).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afmWidths, TABLE_CHARACTERS, trueTypeWidths } from './font-metrics';

const DEJAVU = '/usr/share/fonts/truetype/dejavu';
const AFM = '/usr/lib/R/library/grDevices/afm';

function widest(sources: Array<Map<string, number>>): number[] {
  return TABLE_CHARACTERS.map((character) => Math.max(...sources.map((source) => source.get(character) ?? 0)));
}

const regular = widest([
  trueTypeWidths(join(DEJAVU, 'DejaVuSans.ttf'), TABLE_CHARACTERS),
  trueTypeWidths(join(DEJAVU, 'DejaVuSans-Oblique.ttf'), TABLE_CHARACTERS),
  afmWidths(join(AFM, 'Helvetica.afm.gz'), TABLE_CHARACTERS),
  afmWidths(join(AFM, 'Helvetica-Oblique.afm.gz'), TABLE_CHARACTERS),
]);
const bold = widest([
  trueTypeWidths(join(DEJAVU, 'DejaVuSans-Bold.ttf'), TABLE_CHARACTERS),
  trueTypeWidths(join(DEJAVU, 'DejaVuSans-BoldOblique.ttf'), TABLE_CHARACTERS),
  afmWidths(join(AFM, 'Helvetica-Bold.afm.gz'), TABLE_CHARACTERS),
]);
const missing = TABLE_CHARACTERS.filter((_, index) => regular[index] === 0 || bold[index] === 0);
if (missing.length > 0) throw new Error(`No width for ${missing.join(' ')}`);

const source = `/**
 * Advance widths in 1/1000 em, per character the widest of DejaVu Sans and
 * Helvetica (= Arial = Liberation Sans metrics), upright and oblique. Generated
 * by testing/generate-glyph-widths.ts from the font files; do not edit by hand.
 * A chart measured with these widths fits whichever of those fonts the viewer has.
 */
export const GLYPH_CHARACTERS = ${JSON.stringify(TABLE_CHARACTERS.join(''))};
export const REGULAR_WIDTHS = [${regular.join(', ')}];
export const BOLD_WIDTHS = [${bold.join(', ')}];
`;
writeFileSync(join(__dirname, '..', 'glyph-widths.ts'), source);
process.stdout.write(`glyph-widths.ts: ${TABLE_CHARACTERS.length} characters\n`);
