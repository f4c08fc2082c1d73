import type { CodebookScale } from '../definitions/codebook';
import { buildCodebook } from '../definitions/codebook';
import { AnswerCount, buildQuestionResults } from './wave-results';
import { buildTrendQuestions, seriesOf, TrendWave, unionLatestFirst } from './trends';

const AGREE5 = ['gar nicht', 'eher nicht', 'teils', 'eher', 'voll'];
const AGREE4 = ['nicht', 'eher nicht', 'eher', 'voll'];
/** The two scales as a codebook has them (top box: the upper two levels). */
const scaleOf = (labels: string[]): CodebookScale => ({
  levels: labels.map((label, index) => ({ value: index + 1, label })),
  noAnswerLabel: 'keine Angabe',
  topBox: 2,
  topValues: [labels.length - 1, labels.length],
});
const AGREE5_SCALE = scaleOf(AGREE5);
const AGREE4_SCALE = scaleOf(AGREE4);

function matrix(name: string, levels: string[], rows: Array<[string, string]>) {
  return {
    type: 'matrix',
    name,
    title: `Frage ${name}`,
    columns: [...levels.map((text, index) => ({ value: index + 1, text })), { value: 'na', text: 'keine Angabe' }],
    rows: rows.map(([value, text]) => ({ value, text })),
  };
}

/**
 * A wave whose definition has the given elements and whose counts are [question, item, value, n];
 * every respondent answers the first item listed for a question.
 */
function wave(code: string, elements: unknown[], counts: Array<[string, string, string | null, number]>): TrendWave {
  const codebook = buildCodebook({ title: code, pages: [{ name: 'p', elements }] });
  const firstItem = new Map<string, string>();
  const rows: AnswerCount[] = counts.map(([questionCode, itemCode, value, n]) => {
    if (!firstItem.has(questionCode)) firstItem.set(questionCode, itemCode);
    return { questionCode, itemCode, value, n, nFirst: firstItem.get(questionCode) === itemCode ? n : 0 };
  });
  return { code, title: `Welle ${code}`, codebook, results: buildQuestionResults(codebook, rows) };
}

describe('unionLatestFirst', () => {
  it.each([
    [
      [
        ['a', 'b'],
        ['b', 'c', 'a'],
      ],
      ['b', 'c', 'a'],
    ],
    [
      [['a', 'x'], ['b']],
      ['b', 'a', 'x'],
    ],
    [
      [['x'], ['a'], ['b', 'a']],
      ['b', 'a', 'x'],
    ],
    [[], []],
  ])('%j → %j', (lists, order) => {
    expect(unionLatestFirst(lists)).toEqual(order);
  });
});

describe('seriesOf', () => {
  const item = (share: number | null, nBase: number) => ({
    code: 'i',
    title: 'I',
    nAnswered: nBase,
    nNoAnswer: 0,
    nBase,
    counts: {},
    topCount: share === null ? 0 : Math.round((share * nBase) / 100),
    share,
    ci: null,
    smallBase: nBase < 10,
  });

  it('takes deltas against the previous wave that asked the item, null for the first', () => {
    expect(seriesOf(['a', 'b', 'c', 'd'], [undefined, item(40, 10), undefined, item(52.5, 40)])).toEqual([
      expect.objectContaining({ wave: 'a', asked: false, share: null, nBase: null, deltaPp: null }),
      expect.objectContaining({ wave: 'b', asked: true, share: 40, nBase: 10, deltaPp: null }),
      expect.objectContaining({ wave: 'c', asked: false, share: null, nBase: null, deltaPp: null }),
      expect.objectContaining({ wave: 'd', asked: true, share: 52.5, nBase: 40, deltaPp: 12.5 }),
    ]);
  });

  it("tests the issue's example: 40 of 58 against 20 of 33 is no distinguishable change (values by R)", () => {
    const [first, second] = seriesOf(['ki-2019', 'ki-2023'], [item(60.6, 33), item(69, 58)]);
    expect(first).toMatchObject({ topCount: 20, deltaPp: null, deltaCi: null, pValue: null, test: null, significant: null });
    expect(second).toMatchObject({
      topCount: 40,
      deltaPp: 8.4,
      deltaCi: { low: -11.1, high: 28.2 },
      pValue: 0.421121,
      test: 'n-1-chi2',
      significant: false,
    });
  });

  it("takes Fisher's exact test when an expected count is below 1 (3 of 3 against 1 of 20, values by R)", () => {
    const [, second] = seriesOf(['a', 'b'], [item(5, 20), item(100, 3)]);
    expect(second).toMatchObject({ deltaPp: 95, deltaCi: { low: 35.8, high: 99.1 }, pValue: 0.002259, test: 'fisher', significant: true });
  });

  it('has change statistics exactly where there is a deltaPp', () => {
    const points = seriesOf(['a', 'b', 'c', 'd'], [item(50, 4), item(null, 0), undefined, item(75, 4)]);
    expect(points.map((point) => [point.deltaPp, point.test])).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('tests a change only between waves on the same scale (2 of 4 vs 1 of 4: by R, Newcombe −31.9557 … 65.5287 pp, p = 0.494525)', () => {
    const two = item(50, 4);
    const one = item(25, 4);
    const [, same] = seriesOf(['a', 'b'], [one, two], [AGREE4_SCALE, AGREE4_SCALE]);
    expect(same).toMatchObject({ deltaPp: 25, deltaCi: { low: -32, high: 65.5 }, pValue: 0.494525, test: 'n-1-chi2', significant: false });
    const [, changed] = seriesOf(['a', 'b'], [one, two], [AGREE5_SCALE, AGREE4_SCALE]);
    expect(changed).toMatchObject({ deltaPp: 25, deltaCi: null, pValue: null, test: null, significant: null });
  });

  it('has no delta next to an asked wave without a substantive answer', () => {
    expect(seriesOf(['a', 'b'], [item(null, 0), item(50, 2)]).map((point) => point.deltaPp)).toEqual([null, null]);
  });
});

describe('buildTrendQuestions', () => {
  const w1 = wave(
    'ki-2019',
    [
      matrix('chancen', AGREE5, [
        ['alt', 'Altes Thema'],
        ['kern', 'Kernthema'],
      ]),
      { type: 'comment', name: 'sonstiges', title: 'Sonstiges' },
      { type: 'radiogroup', name: 'nur_frueher', title: 'Früher', choices: ['x', 'y'] },
    ],
    [
      ['chancen', 'alt', '5', 3],
      ['chancen', 'alt', '1', 1],
      ['chancen', 'kern', '4', 1],
      ['chancen', 'kern', '3', 3],
      ['sonstiges', 'sonstiges', null, 2],
    ],
  );
  const w2 = wave(
    'ki-2021',
    [
      matrix('chancen', AGREE4, [
        ['kern', 'Kernthema, neu formuliert'],
        ['neu', 'Neues Thema'],
      ]),
    ],
    [
      ['chancen', 'kern', '4', 2],
      ['chancen', 'kern', '1', 2],
      ['chancen', 'kern', 'na', 1],
      ['chancen', 'neu', 'na', 5],
    ],
  );

  const questions = buildTrendQuestions([w1, w2]);

  it('orders questions and items by the latest wave, then earlier-only ones, and leaves out free text', () => {
    expect(questions.map((question) => question.code)).toEqual(['chancen', 'nur_frueher']);
    expect(questions[0].items.map((item) => item.code)).toEqual(['kern', 'neu', 'alt']);
    expect(questions[0]).toMatchObject({ title: 'Frage chancen', kind: 'topBox' });
  });

  it('reports N per wave and the scale change', () => {
    expect(questions[0].n).toEqual([
      { wave: 'ki-2019', nReported: 4 },
      { wave: 'ki-2021', nReported: 5 },
    ]);
    expect(questions[0].scaleChanged).toEqual([
      expect.objectContaining({
        from: 'ki-2019',
        to: 'ki-2021',
        detail: '2019: 5 Stufen (gar nicht … voll), 2021: 4 Stufen (nicht … voll)',
      }),
    ]);
    expect(questions[1].n).toEqual([
      { wave: 'ki-2019', nReported: 0 },
      { wave: 'ki-2021', nReported: null },
    ]);
  });

  it('flags reworded, new and dropped items with honest series', () => {
    const [kern, neu, alt] = questions[0].items;
    expect(kern).toEqual({
      code: 'kern',
      title: 'Kernthema, neu formuliert',
      newIn: null,
      notAskedIn: [],
      rewordedIn: ['ki-2021'],
      series: [
        {
          wave: 'ki-2019',
          asked: true,
          share: 25,
          nBase: 4,
          topCount: 1,
          ci: { low: 4.6, high: 69.9 },
          smallBase: true,
          deltaPp: null,
          deltaCi: null,
          pValue: null,
          test: null,
          significant: null,
        },
        // 2 of 4 against 1 of 4, but 2019 asked on five levels and 2021 on four: the change (as printed) stays, it is not
        // tested (a test would measure the new scale as much as the opinion).
        {
          wave: 'ki-2021',
          asked: true,
          share: 50,
          nBase: 4,
          topCount: 2,
          ci: { low: 15, high: 85 },
          smallBase: true,
          deltaPp: 25,
          deltaCi: null,
          pValue: null,
          test: null,
          significant: null,
        },
      ],
    });
    expect(neu).toMatchObject({
      newIn: 'ki-2021',
      notAskedIn: ['ki-2019'],
      series: [
        { wave: 'ki-2019', asked: false, share: null, nBase: null, deltaPp: null },
        { wave: 'ki-2021', asked: true, share: null, nBase: 0, deltaPp: null },
      ],
    });
    expect(alt).toMatchObject({
      title: 'Altes Thema',
      newIn: null,
      notAskedIn: ['ki-2021'],
      series: [
        { wave: 'ki-2019', asked: true, share: 75, nBase: 4, deltaPp: null },
        { wave: 'ki-2021', asked: false, share: null, nBase: null, deltaPp: null },
      ],
    });
  });

  it('treats the choices of a single-choice question as its items', () => {
    expect(questions[1]).toMatchObject({ kind: 'choice', items: [{ code: 'x' }, { code: 'y' }], scaleChanged: [] });
  });

  it('keeps the given order of waves', () => {
    const reversed = buildTrendQuestions([w2, w1]);
    expect(reversed[0].items.map((item) => item.code)).toEqual(['alt', 'kern', 'neu']);
    expect(reversed[0].items[1].series.map((point) => point.deltaPp)).toEqual([null, -25]);
  });
});
