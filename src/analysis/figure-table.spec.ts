import type { Figure } from './analysis.types';
import { formatFigureTable, germanDecimal } from './figure-table';

const figure: Figure = {
  surveyId: 's',
  source: 'Quelle: Befragung',
  id: 'abb5',
  number: 5,
  title: 'Relevanz',
  question: 'anwendungen',
  statistic: 'topBox',
  waves: ['ki-2021', 'ki-2023'],
  delta: true,
  n: [
    { wave: 'ki-2021', nReported: 48 },
    { wave: 'ki-2023', nReported: 52 },
  ],
  rows: [
    {
      code: 'wartung',
      title: 'vorausschauende Wartung',
      values: [
        { wave: 'ki-2021', asked: true, share: 85.4, nBase: 48, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: 80, nBase: 50, deltaPp: -5.4 },
      ],
    },
    {
      code: 'texterstellung',
      title: 'Texterstellung',
      values: [
        { wave: 'ki-2021', asked: false, share: null, nBase: null, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: 90.2, nBase: 51, deltaPp: null },
      ],
    },
    {
      code: 'leer',
      title: 'Leer',
      values: [
        { wave: 'ki-2021', asked: true, share: 10, nBase: 10, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: null, nBase: 0, deltaPp: null },
      ],
    },
  ],
  notes: ['Ein Thema wurde 2021 nicht abgefragt'],
  scaleChanged: [],
};

describe('germanDecimal', () => {
  it.each([
    [88.7, '88,7'],
    [0, '0,0'],
    [100, '100,0'],
    [6.3, '6,3'],
  ])('%d → %s', (value, text) => {
    expect(germanDecimal(value)).toBe(text);
  });
});

describe('formatFigureTable', () => {
  it('prints shares with their base, "nicht abgefragt", deltas, N, notes and source', () => {
    expect(formatFigureTable(figure).split('\n')).toEqual([
      'Abbildung 5 (abb5): Relevanz',
      'Anteil Top-Box in %; n = Basis ohne „keine Angabe“, N = Antworten auf die Frage',
      '',
      '                        | ki-2021         | ki-2023       | Δ ki-2023',
      'vorausschauende Wartung | 85,4 % (n=48)   | 80,0 % (n=50) | −5,4 pp',
      'Texterstellung          | nicht abgefragt | 90,2 % (n=51) | –',
      'Leer                    | 10,0 % (n=10)   | – (n=0)       | –',
      'N                       | 48              | 52            |',
      '',
      'Hinweis: Ein Thema wurde 2021 nicht abgefragt',
      'Quelle: Befragung',
      '',
    ]);
  });

  it('has no delta columns when the figure shows none, and names a question a wave did not ask', () => {
    const text = formatFigureTable({
      ...figure,
      delta: false,
      n: [
        { wave: 'ki-2021', nReported: null },
        { wave: 'ki-2023', nReported: 52 },
      ],
    });
    expect(text).not.toContain('Δ');
    expect(text).toContain('N                       | nicht gestellt  | 52');
  });

  it('prints a figure without any existing wave', () => {
    expect(formatFigureTable({ ...figure, waves: [], n: [], rows: [], notes: [] })).toContain('(keine Welle vorhanden)');
  });
});
