import type { Figure, TrendQuestion } from '../analysis/analysis.types';
import { intervalFigureFixture } from '../../test/fixtures/statistics-views';
import { FLAG_LABELS, figureView, wavesQuery } from './trends-view';

const waves = ['w19', 'w21', 'w23'];
const untested = { ci: null, smallBase: false, deltaCi: null, pValue: null, test: null, significant: null };
const point = (wave: string, share: number | null, deltaPp: number | null) => ({
  wave,
  asked: true,
  share,
  nBase: 40,
  deltaPp,
  ...untested,
});
const notAsked = (wave: string) => ({ wave, asked: false, share: null, nBase: null, deltaPp: null, ...untested });

const figure: Figure = {
  surveyId: 's',
  source: null,
  id: 'abb3',
  number: 3,
  title: 'Chancen',
  question: 'chancen',
  statistic: 'topBox',
  waves,
  delta: true,
  n: [
    { wave: 'w19', nReported: 33 },
    { wave: 'w21', nReported: 1234 },
    { wave: 'w23', nReported: null },
  ],
  rows: [
    { code: 'alt', title: 'Immer gefragt', values: [point('w19', 50, null), point('w21', 62.3, 12.3), point('w23', 58, -4.3)] },
    { code: 'neu', title: 'Später dazu', values: [notAsked('w19'), point('w21', 40, null), point('w23', null, null)] },
    { code: 'weg', title: 'Nicht mehr gefragt', values: [point('w19', 10, null), notAsked('w21'), notAsked('w23')] },
  ],
  notes: ['Skala 2019 anders'],
  scaleChanged: [{ from: 'w19', to: 'w21', detail: '', fromLevels: [], toLevels: [], fromTopBox: 2, toTopBox: 2 }],
  include: 'completed',
  minBase: 10,
  methods: [],
};

const trend = {
  items: [
    { code: 'alt', title: 'Immer gefragt', newIn: null, notAskedIn: [], rewordedIn: ['w23'], series: [] },
    { code: 'neu', title: 'Später dazu', newIn: 'w21', notAskedIn: ['w19'], rewordedIn: [], series: [] },
  ],
} as unknown as TrendQuestion;

describe('figureView', () => {
  const view = figureView(
    figure,
    trend,
    new Map([
      ['w19', '2019'],
      ['w21', '2021'],
      ['w23', '2023'],
    ]),
  );

  it('names the waves as the chart does and marks the wave whose scale changed', () => {
    expect(view.waves).toEqual([
      { code: 'w19', label: '2019', flags: [] },
      { code: 'w21', label: '2021', flags: ['Skala geändert'] },
      { code: 'w23', label: '2023', flags: [] },
    ]);
  });

  it.each([
    [
      'alt',
      [
        { value: '50,0 %', delta: null, flags: [] },
        { value: '62,3 %', delta: '+12,3 pp', flags: [] },
        { value: '58,0 %', delta: '−4,3 pp', flags: ['umformuliert'] },
      ],
    ],
    [
      'neu',
      [
        { value: 'nicht abgefragt', delta: null, flags: ['nicht abgefragt'] },
        { value: '40,0 %', delta: null, flags: ['neu'] },
        { value: '–', delta: null, flags: [] },
      ],
    ],
    [
      'weg',
      [
        { value: '10,0 %', delta: null, flags: [] },
        { value: 'nicht abgefragt', delta: null, flags: ['nicht abgefragt'] },
        { value: 'nicht abgefragt', delta: null, flags: ['nicht abgefragt'] },
      ],
    ],
  ])('row %s: values, change in pp and flags in German', (code, cells) => {
    const shown = view.rows.find((row) => row.code === code)?.cells;
    expect(shown?.map(({ value, delta, flags }) => ({ value, delta, flags }))).toEqual(cells);
    for (const cell of shown ?? []) expect(cell).toMatchObject({ ci: null, smallBase: false, significant: null, details: null });
  });

  it('gives N per wave in German format, "nicht abgefragt" where the wave did not ask', () => {
    expect(view.n).toEqual(['33', '1.234', 'nicht abgefragt']);
  });

  it('lists the flag words that occur, in a fixed order, and keeps the notes', () => {
    expect(view.flagWords).toEqual([FLAG_LABELS.notAsked, FLAG_LABELS.new, FLAG_LABELS.reworded, FLAG_LABELS.scaleChanged]);
    expect(view.notes).toEqual(['Skala 2019 anders']);
    expect(view.statistic).toContain('Top-Box');
  });

  it('works without a trend (no reworded flags) and without labels (codes)', () => {
    const plain = figureView(figure, undefined, new Map());
    expect(plain.waves.map((wave) => wave.label)).toEqual(waves);
    expect(plain.flagWords).not.toContain(FLAG_LABELS.reworded);
  });
});

describe('figureView with intervals and change statistics', () => {
  const view = figureView(intervalFigureFixture(), undefined, new Map());
  const cell = (code: string, wave: number) => view.rows.find((row) => row.code === code)?.cells[wave];

  it('gives every share its interval and marks small bases', () => {
    expect(cell('texterstellung', 0)).toMatchObject({ value: '60,6 %', ci: '43,7–75,3', smallBase: false });
    expect(cell('chatbots', 1)).toMatchObject({ value: '87,5 %', smallBase: true });
  });

  it('says of every change whether it is significant, with its interval, p and test as details', () => {
    expect(cell('texterstellung', 1)).toMatchObject({ delta: '+8,4 pp, n.s.', significant: false });
    expect(cell('texterstellung', 1)?.details).toMatch(/^KI 95 % der Differenz −\d+,\d bis \+\d+,\d pp, p = 0,\d+, N−1-Chi²-Test$/);
    expect(cell('wartung', 1)).toMatchObject({ delta: '+55,0 pp*', significant: true });
    expect(cell('wartung', 1)?.details).toContain('p < 0,001');
    expect(cell('robotik', 1)).toMatchObject({ delta: null, significant: null, details: null });
  });
});

describe('wavesQuery', () => {
  it.each([
    [undefined, ''],
    [[], ''],
    [['ki-2021', 'ki-2023'], 'wellen=ki-2021&wellen=ki-2023'],
  ])('%j → %j', (picked, query) => {
    expect(wavesQuery(picked)).toBe(query);
  });
});
