import type { FigureSpec, ScaleChange, TrendItem, TrendQuestion } from './analysis.types';
import { buildFigure, FigureInput, levelsAdjective, scaleChangeNote } from './figure-builder';
import { NO_CHANGE } from './intervals';

const WAVES = [
  { code: 'ki-2019', title: 'Befragung 2019' },
  { code: 'ki-2021', title: 'Befragung 2021' },
  { code: 'ki-2023', title: 'Befragung 2023' },
];
const CODES = WAVES.map((wave) => wave.code);

const AGREE5 = ['trifft gar nicht zu', 'trifft eher nicht zu', 'teils/teils', 'trifft eher zu', 'trifft voll zu'];
const AGREE4 = ['trifft nicht zu', 'trifft eher nicht zu', 'trifft eher zu', 'trifft zu'];

function change(from: string, to: string, fromLevels: string[], toLevels: string[], fromTopBox = 2, toTopBox = 2): ScaleChange {
  return { from, to, detail: '', fromLevels, toLevels, fromTopBox, toTopBox };
}

/** A trend item from its shares per wave; undefined = not asked. */
function item(code: string, title: string, shares: Array<number | null | undefined>): TrendItem {
  const notAskedIn = CODES.filter((_, index) => shares[index] === undefined);
  return {
    code,
    title,
    newIn: null,
    notAskedIn,
    rewordedIn: [],
    series: CODES.map((wave, index) => ({
      wave,
      asked: shares[index] !== undefined,
      share: shares[index] ?? null,
      nBase: shares[index] === undefined ? null : 10,
      topCount: shares[index] === undefined || shares[index] === null ? null : shares[index] / 10,
      ci: null,
      smallBase: false,
      deltaPp: null,
      ...NO_CHANGE,
    })),
  };
}

function question(items: TrendItem[], n: Array<number | null>, scaleChanged: ScaleChange[] = []): TrendQuestion {
  return { code: 'q', title: 'Frage', kind: 'topBox', n: CODES.map((wave, index) => ({ wave, nReported: n[index] })), scaleChanged, items };
}

const spec: FigureSpec = {
  id: 'abb7',
  number: 7,
  title: 'Inwieweit hemmen folgende Gegebenheiten den Einsatz?',
  question: 'q',
  statistic: 'topBox',
  items: ['immer', 'neu_a', 'neu_b'],
  waves: CODES,
  delta: false,
  notes: ['Mehrfachnennungen möglich'],
};

function input(overrides: Partial<FigureInput>): FigureInput {
  return { surveyId: 's', source: 'Quelle: Befragung', spec, waves: WAVES, missingWaves: [], question: undefined, ...overrides };
}

describe('levelsAdjective', () => {
  it.each([
    [2, 'zweistufig'],
    [4, 'vierstufig'],
    [5, 'fünfstufig'],
    [7, 'siebenstufig'],
    [13, '13-stufig'],
  ])('%i levels: %s', (levels, word) => {
    expect(levelsAdjective(levels)).toBe(word);
  });
});

describe('scaleChangeNote', () => {
  const labels = new Map([
    ['ki-2019', '2019'],
    ['ki-2021', '2021'],
  ]);
  it.each([
    [
      'five to four levels, last change',
      change('ki-2019', 'ki-2021', AGREE5, AGREE4),
      true,
      '2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), ab 2021 vierstufig (trifft nicht zu … trifft zu)',
    ],
    [
      'five to four levels, a later change follows',
      change('ki-2019', 'ki-2021', AGREE5, AGREE4),
      false,
      '2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), 2021 vierstufig (trifft nicht zu … trifft zu)',
    ],
    [
      'same number of levels, other labels',
      change('ki-2019', 'ki-2021', ['a', 'b', 'c'], ['a', 'x', 'c']),
      true,
      '2019 mit dreistufiger Skala (a / b / c), ab 2021 dreistufig mit anderen Stufen (a / x / c)',
    ],
    [
      'another top box',
      change('ki-2019', 'ki-2021', AGREE5, AGREE4, 3, 2),
      true,
      '2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), ab 2021 vierstufig (trifft nicht zu … trifft zu); Top-Box: 2019 die oberen 3 Stufen, ab 2021 die oberen 2 Stufen',
    ],
  ])('%s', (_, scaleChange, last, note) => {
    expect(scaleChangeNote(scaleChange, labels, last)).toBe(note);
  });
});

describe('buildFigure', () => {
  it('shows the spec items in the spec order with their series', () => {
    const figure = buildFigure(
      input({
        question: question([item('neu_a', 'Neu A', [undefined, undefined, 55.8]), item('immer', 'Immer', [42.4, 50, 72.5])], [33, 48, 54]),
      }),
    );
    expect(figure).toMatchObject({
      surveyId: 's',
      source: 'Quelle: Befragung',
      id: 'abb7',
      number: 7,
      statistic: 'topBox',
      waves: CODES,
      n: [
        { wave: 'ki-2019', nReported: 33 },
        { wave: 'ki-2021', nReported: 48 },
        { wave: 'ki-2023', nReported: 54 },
      ],
    });
    expect(
      figure.rows.map((row) => [row.code, row.title, row.values.map((value) => (value.asked ? value.share : 'nicht abgefragt'))]),
    ).toEqual([
      ['immer', 'Immer', [42.4, 50, 72.5]],
      ['neu_a', 'Neu A', ['nicht abgefragt', 'nicht abgefragt', 55.8]],
      ['neu_b', 'neu_b', ['nicht abgefragt', 'nicht abgefragt', 'nicht abgefragt']],
    ]);
  });

  it('generates the "nicht abgefragt" notes after the spec notes', () => {
    const figure = buildFigure(
      input({
        question: question(
          [
            item('immer', 'Immer', [42.4, 50, 72.5]),
            item('neu_a', 'Neu A', [undefined, undefined, 55.8]),
            item('neu_b', 'Neu B', [undefined, 20, 30]),
          ],
          [33, 48, 54],
        ),
      }),
    );
    expect(figure.notes).toEqual([
      'Mehrfachnennungen möglich',
      'Einige Themen wurden 2019 bzw. 2021 nicht abgefragt',
      'Nicht in allen Wellen abgefragt: Neu A (nicht abgefragt 2019, 2021); Neu B (nicht abgefragt 2019)',
    ]);
  });

  it('says "Ein Thema" for one item and "Antwortmöglichkeit" for a choice figure', () => {
    const one = buildFigure(
      input({
        spec: { ...spec, notes: [] },
        question: question(
          [item('immer', 'I', [1, 2, 3]), item('neu_a', 'A', [undefined, 1, 2]), item('neu_b', 'B', [1, 2, 3])],
          [3, 4, 5],
        ),
      }),
    );
    expect(one.notes[0]).toBe('Ein Thema wurde 2019 nicht abgefragt');
    const choice = buildFigure(
      input({
        spec: { ...spec, statistic: 'choice', notes: [] },
        question: question(
          [item('immer', 'I', [1, 2, 3]), item('neu_a', 'A', [undefined, 1, 2]), item('neu_b', 'B', [undefined, 2, 3])],
          [3, 4, 5],
        ),
      }),
    );
    expect(choice.notes[0]).toBe('Einige Antwortmöglichkeiten wurden 2019 nicht abgefragt');
  });

  it('says the question was not asked in a wave instead of listing every item', () => {
    const figure = buildFigure(
      input({
        spec: { ...spec, items: ['immer'], notes: [] },
        question: question([item('immer', 'Immer', [undefined, 60, 70])], [null, 48, 54]),
      }),
    );
    expect(figure.n[0]).toEqual({ wave: 'ki-2019', nReported: null });
    expect(figure.notes).toEqual(['Die Frage wurde 2019 nicht gestellt']);
  });

  it('notes the scale change, from the levels', () => {
    const figure = buildFigure(
      input({
        spec: { ...spec, items: ['immer'], notes: [] },
        question: question([item('immer', 'Immer', [29, 80, 87.8])], [31, 48, 54], [change('ki-2019', 'ki-2021', AGREE5, AGREE4)]),
      }),
    );
    expect(figure.notes).toEqual([
      '2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), ab 2021 vierstufig (trifft nicht zu … trifft zu)',
    ]);
    expect(figure.scaleChanged).toHaveLength(1);
  });

  it('uses wave codes in notes when the years do not tell the waves apart', () => {
    const waves = [
      { code: 'fruehjahr', title: 'Frühjahr 2023' },
      { code: 'herbst', title: 'Herbst 2023' },
    ];
    const figure = buildFigure(
      input({
        spec: { ...spec, waves: ['fruehjahr', 'herbst'], items: ['neu_a'], notes: [] },
        waves,
        question: {
          ...question([], [null, null]),
          n: [
            { wave: 'fruehjahr', nReported: 5 },
            { wave: 'herbst', nReported: 6 },
          ],
          items: [
            {
              ...item('neu_a', 'Neu A', []),
              notAskedIn: ['fruehjahr'],
              series: [
                {
                  wave: 'fruehjahr',
                  asked: false,
                  share: null,
                  nBase: null,
                  topCount: null,
                  ci: null,
                  smallBase: false,
                  deltaPp: null,
                  ...NO_CHANGE,
                },
                { wave: 'herbst', asked: true, share: 10, nBase: 10, topCount: 1, ci: null, smallBase: false, deltaPp: null, ...NO_CHANGE },
              ],
            },
          ],
        },
      }),
    );
    expect(figure.notes).toEqual([
      'Ein Thema wurde fruehjahr nicht abgefragt',
      'Nicht in allen Wellen abgefragt: Neu A (nicht abgefragt fruehjahr)',
    ]);
  });

  it('names spec waves that do not exist and shows only the ones that do', () => {
    const figure = buildFigure(
      input({
        spec: { ...spec, items: ['immer'], notes: [], waves: [...CODES, 'ki-2025'] },
        missingWaves: ['ki-2025'],
        question: question([item('immer', 'Immer', [1, 2, 3])], [3, 4, 5]),
      }),
    );
    expect(figure.waves).toEqual(CODES);
    expect(figure.notes).toEqual(['Keine Daten für ki-2025: diese Welle gibt es nicht']);
  });

  it('shows a figure whose question no wave asked as not asked everywhere, without crashing', () => {
    const figure = buildFigure(input({ spec: { ...spec, notes: [] } }));
    expect(figure.n.every((entry) => entry.nReported === null)).toBe(true);
    expect(figure.rows.every((row) => row.values.every((value) => !value.asked && value.share === null))).toBe(true);
    expect(figure.notes).toEqual(['Die Frage wurde in keiner der Wellen gestellt']);
  });
});
