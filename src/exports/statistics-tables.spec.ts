import { itemOf, intervalFigureFixture } from '../../test/fixtures/statistics-views';
import { figureCsvTable, figureTable, methodsTable, resultsSheets, resultsTable } from './aggregate-tables';
import type { WaveResults } from '../analysis/analysis.types';

/** The statistics columns of issue 17 in the aggregated tables: interval, small base, the change's interval, p, test. */
describe('statistics in the aggregated tables', () => {
  const results: WaveResults = {
    wave: 'ki-2023',
    surveyId: 'ki-mittelstand',
    version: '2023',
    completed: 33,
    include: 'partial',
    minBase: 10,
    counted: 35,
    methods: [],
    questions: [
      {
        code: 'transfer',
        title: 'Transfer',
        kind: 'yes',
        nReported: 33,
        items: [itemOf('erfolg', 'Erfolgsgeschichten', 20, 33), itemOf('klein', 'Wenige', 3, 6)],
      },
    ],
  };

  it('writes the Wilson interval of every share and "geringe Fallzahl" where the base is small', () => {
    const table = resultsTable(results);
    const headers = table.columns.map((column) => column.header);
    const cells = (row: number) =>
      ['Anteil (%)', 'KI 95 % unten (%)', 'KI 95 % oben (%)', 'Fallzahl'].map((h) => table.rows[row][headers.indexOf(h)]);
    // 20 of 33: 60,6 % with 95 % interval 43,7–75,3 (Wilson).
    expect(cells(0)).toEqual([60.6, 43.7, 75.3, null]);
    expect(cells(1)).toEqual([50, 18.8, 81.2, 'geringe Fallzahl']);
    expect(table.columns.find((column) => column.header === 'KI 95 % unten (%)')?.kind).toBe('percent');
    expect(table.footer.map((line) => line[0])).toContain(
      'Gezählt: abgeschlossene und begonnene Antworten (beantwortete Fragen unvollständiger Antworten mitgezählt)',
    );
    expect(
      resultsSheets(results)[0]
        .footer.map((line) => line[0])
        .join('\n'),
    ).toContain('geringe Fallzahl: N Basis unter 10');
  });

  it('writes the change with its Newcombe interval, p-value, test and "signifikant" / "n.s."', () => {
    const figure = intervalFigureFixture();
    for (const table of [figureCsvTable(figure), figureTable(figure)]) {
      const headers = table.columns.map((column) => column.header);
      const column = (header: string) => table.rows.map((row) => row[headers.indexOf(header)]);
      const latest = figure.rows.map((row) => row.values[1]);
      expect(column('Veränderung ki-2023 ggü. ki-2021 (pp)')).toEqual([8.4, 55, 37.5, null]);
      expect(column('Signifikanz')).toEqual(['n.s.', 'signifikant', 'n.s.', null]);
      expect(column('Signifikanz')).toEqual(
        latest.map((value) => (value.significant === null ? null : value.significant ? 'signifikant' : 'n.s.')),
      );
      expect(column('p-Wert')).toEqual(latest.map((value) => value.pValue));
      expect(column('Veränderung KI 95 % unten (pp)')).toEqual(latest.map((value) => value.deltaCi?.low ?? null));
      expect(column('Veränderung KI 95 % oben (pp)')).toEqual(latest.map((value) => value.deltaCi?.high ?? null));
      expect(column('Test')).toEqual(['N−1-Chi²-Test', 'N−1-Chi²-Test', 'N−1-Chi²-Test', null]);
      expect(column('ki-2023 Fallzahl')).toEqual([null, null, 'geringe Fallzahl', null]);
      expect(column('ki-2021 KI 95 % unten (%)')).toEqual([43.7, 14.2, 18.8, null]);
    }
  });

  it('puts the method notes on a sheet of their own, one sentence a row', () => {
    const table = methodsTable(['Erster Satz.', 'Zweiter Satz.']);
    expect(table.sheetName).toBe('Methoden');
    expect(table.rows).toEqual([['Erster Satz.'], ['Zweiter Satz.']]);
  });
});
