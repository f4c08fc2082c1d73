import { deltaFigureFixture, figureFixture } from '../../test/fixtures/analysis-results';
import { formatFigureTable, germanDecimal } from './figure-table';
import { NO_CHANGE } from './intervals';

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
  it('prints the shares with their base, the change of the latest wave in pp, N and source', () => {
    expect(formatFigureTable(deltaFigureFixture()).split('\n')).toEqual([
      'Abbildung 5 (abb5): Beurteilen Sie die Relevanz folgender KI-Anwendungen und Use Cases für den Mittelstand',
      'Anteil Top-Box in %; n = Basis ohne „keine Angabe“, N = Antworten auf die Frage',
      '',
      '                        | ki-2021       | ki-2023       | Δ ki-2023',
      'Texterstellung          | 50,0 % (n=46) | 62,3 % (n=51) | +12,3 pp',
      'vorausschauende Wartung | 90,0 % (n=47) | 86,0 % (n=50) | −4,0 pp',
      'N                       | 48            | 52            |',
      'Quelle: WIK-Befragung der KI-Trainer:innen und KI-Expert:innen des Mittelstand-Digital Netzwerks',
      '',
    ]);
  });

  it('prints "nicht abgefragt" where a wave did not ask an item, no delta columns when the figure shows none, and the notes', () => {
    expect(formatFigureTable(figureFixture()).split('\n')).toEqual([
      'Abbildung 3 (abb3): Inwieweit eröffnet KI folgende Chancen für den Mittelstand?',
      'Anteil Top-Box in %; n = Basis ohne „keine Angabe“, N = Antworten auf die Frage',
      '',
      '                                             | ki-2019         | ki-2021         | ki-2023',
      'zielgenauere Werbung / Promotion             | 75,8 % (n=33)   | 81,3 % (n=48)   | 88,7 % (n=53)',
      'Verringerung des Personalaufwands            | 29,0 % (n=31)   | 62,5 % (n=48)   | 87,8 % (n=49)',
      'Verbesserung der ökologischen Nachhaltigkeit | nicht abgefragt | nicht abgefragt | 76,5 % (n=51)',
      'N                                            | 33              | 48              | 54',
      '',
      'Hinweis: Ein Thema wurde 2019 bzw. 2021 nicht abgefragt',
      'Hinweis: 2019 mit fünfstufiger Skala, ab 2021 vierstufig',
      'Quelle: WIK-Befragung der KI-Trainer:innen und KI-Expert:innen des Mittelstand-Digital Netzwerks',
      '',
    ]);
  });

  it('names a question a wave did not ask in the N row, and shows an empty base as "– (n=0)"', () => {
    const figure = deltaFigureFixture();
    figure.n = [
      { wave: 'ki-2021', nReported: null },
      { wave: 'ki-2023', nReported: 52 },
    ];
    figure.rows[1].values[1] = {
      wave: 'ki-2023',
      asked: true,
      share: null,
      nBase: 0,
      ci: null,
      smallBase: true,
      deltaPp: null,
      ...NO_CHANGE,
    };
    const text = formatFigureTable(figure);
    expect(text).toContain('N                       | nicht gestellt | 52            |');
    expect(text).toContain('vorausschauende Wartung | 90,0 % (n=47)  | – (n=0)       | –');
  });

  it('prints a figure without any existing wave', () => {
    expect(formatFigureTable({ ...figureFixture(), waves: [], n: [], rows: [], notes: [] })).toContain('(keine Welle vorhanden)');
  });
});
