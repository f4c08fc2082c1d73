import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { AGREE5, CASES, CHANCEN } from '../../../test/fixtures/imports/make-fixtures';
import { openSource } from './open-source';
import { missingOf, savCell } from './sav-source';
import { SourceReadError, SourceRow, SourceTable } from './source-table';

const SAV = join(__dirname, '../../../test/fixtures/imports/survey-2019.sav');
const CHANCEN_VARS = CHANCEN.map((item) => `chancen_${item}`);

async function readAll(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

describe('SPSS .sav fixture (written by GNU PSPP from survey-2019.sps)', () => {
  it('variables, rows numbered record + 1, values as numbers, system-missing → null, user-missing 9 kept', async () => {
    const table = await openSource({ path: SAV, fileName: 'survey-2019.sav' });
    expect(table.format).toBe('sav');
    expect(table.headerRow).toBe(1);
    expect(table.header).toEqual(['id', 'datum', 'zentrum', 'rolle', ...CHANCEN_VARS]);
    const rolle = { ki_trainer: 1, ki_experte: 2, na: 9 } as const;
    const expected = CASES.map((c, index) => ({
      row: index + 2,
      cells: [
        c.id,
        c.submitted.slice(0, 10),
        c.zentrum === null ? null : c.zentrum.replace('\n', ' / '),
        c.rolle === null ? null : rolle[c.rolle],
        ...c.chancen.map((code) => (code === 'na' ? 9 : code)),
      ],
    }));
    expect(await readAll(table)).toEqual(expected);
  });

  it('meta: variable labels, value labels per column, user-missing declarations, encoding, case count', async () => {
    const { meta } = await openSource({ stream: Readable.from([await readFile(SAV)]), fileName: 'upload.bin' });
    expect(meta.columnLabels).toEqual({
      id: 'Antwort-ID',
      datum: 'Datum der Abgabe',
      zentrum: 'In welchem Mittelstand-Digital Zentrum sind Sie tätig?',
      rolle: 'In welcher Rolle sind Sie tätig?',
      chancen_prozesseffizienz: 'Chancen: gesteigerte Prozesseffizienz',
      chancen_logistik: 'Chancen: Optimierung der Distribution und Logistik',
      chancen_kundenservice: 'Chancen: verbesserter Kundenservice',
      chancen_werbung: 'Chancen: zielgenauere Werbung / Promotion',
      chancen_personalaufwand: 'Chancen: Verringerung des Personalaufwands',
    });
    const agree = [...AGREE5.map((label, index) => ({ value: index + 1, label })), { value: 9, label: 'keine Angabe' }];
    expect(meta.valueLabels).toEqual({
      rolle: [
        { value: 1, label: 'KI-Trainer:in' },
        { value: 2, label: 'weitere:r KI-Expert:in' },
        { value: 9, label: 'keine Angabe' },
      ],
      ...Object.fromEntries(CHANCEN_VARS.map((name) => [name, agree])),
    });
    expect(meta.missingValues).toEqual(Object.fromEntries(['rolle', ...CHANCEN_VARS].map((name) => [name, { values: [9] }])));
    expect(meta.encoding).toBe('UTF-8');
    expect(meta.declaredRows).toBe(8);
    expect(meta.product).toMatch(/GNU pspp/);
  });

  it('skipRows leaves out cases by their row number', async () => {
    const rows = await readAll(await openSource({ path: SAV, fileName: 's.sav', skipRows: [2, 9] }));
    expect(rows.map((row) => row.row)).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('reads every case from a stream too (an upload re-chunked by Readable.from), and stops at the end', async () => {
    const bytes = await readFile(SAV);
    const fromStream = await readAll(await openSource({ stream: Readable.from([bytes]), fileName: 'survey-2019.sav' }));
    const fromPath = await readAll(await openSource({ path: SAV, fileName: 'survey-2019.sav' }));
    expect(fromStream).toEqual(fromPath);
    expect(fromStream).toHaveLength(CASES.length);
  });

  it('a file cut inside its last case → SAV_UNREADABLE at that case (row 9), not a wait for more data', async () => {
    const bytes = await readFile(SAV);
    const table = await openSource({ stream: Readable.from([bytes.subarray(0, bytes.length - 40)]), fileName: 'kurz.sav' });
    await expect(readAll(table)).rejects.toMatchObject({ code: 'SAV_UNREADABLE', row: 9, message: expect.stringContaining('at case 8') });
  });

  it('a truncated file → SAV_UNREADABLE, not a crash', async () => {
    const bytes = await readFile(SAV);
    let error: unknown;
    try {
      const table = await openSource({ stream: Readable.from([bytes.subarray(0, 300)]), fileName: 'kaputt.sav' });
      await readAll(table);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SourceReadError);
    expect((error as SourceReadError).code).toBe('SAV_UNREADABLE');
    expect((error as SourceReadError).message).toMatch(/^The SPSS file cannot be read/);
  });
});

describe('savCell', () => {
  const numeric = { type: 0, printFormat: { type: 5 } };
  const date = { type: 0, printFormat: { type: 39 } }; // SDATE
  const dateTime = { type: 0, printFormat: { type: 22 } }; // DATETIME
  it.each([
    ['a code', numeric, 4, 4],
    ['a decimal', numeric, 2.5, 2.5],
    ['system-missing (compressed: null)', numeric, null, null],
    ['system-missing (uncompressed: -DBL_MAX)', numeric, -Number.MAX_VALUE, null],
    ['NaN', numeric, NaN, null],
    ['text, padded', { type: 1 }, 'Zentrum Würzburg   ', 'Zentrum Würzburg'],
    ['blank text', { type: 1 }, '        ', null],
    ['SDATE 2019-05-06 (seconds since 1582-10-14)', date, 13776480000, '2019-05-06'],
    ['DATETIME with a time', dateTime, 13776480000 + 8 * 3600 + 15 * 60, '2019-05-06T08:15:00'],
  ])('%s', (_name, variable, value, expected) => {
    expect(savCell(variable, value)).toEqual(expected);
  });
});

describe('missingOf', () => {
  it.each([
    ['none', null, undefined],
    ['one value', 9, { values: [9] }],
    ['three values', [7, 8, 9], { values: [7, 8, 9] }],
    ['a range', { min: 90, max: 99 }, { range: { low: 90, high: 99 } }],
    ['a range and a value', { min: 90, max: 99, value: -1 }, { range: { low: 90, high: 99 }, values: [-1] }],
  ])('%s', (_name, spec, expected) => {
    expect(missingOf(spec)).toEqual(expected);
  });
});
