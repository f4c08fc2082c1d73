import type { WaveResults } from '../analysis/analysis.types';
import type { Codebook } from '../definitions/codebook';
import { breakdownView, resultsView, shortLabel } from './results-view';

const codebook: Codebook = {
  title: 'Test',
  questions: [
    {
      code: 'rolle',
      type: 'radiogroup',
      kind: 'choice',
      title: 'Welche Rolle?',
      page: 'p',
      position: 0,
      choices: [
        { value: 'a', label: 'Alpha' },
        { value: 'b', label: 'Beta' },
      ],
      noAnswerLabel: 'keine Angabe',
      items: [{ code: 'rolle', title: 'Welche Rolle?' }],
    },
    {
      code: 'chancen',
      type: 'matrix',
      kind: 'topBox',
      title: 'Chancen?',
      page: 'p',
      position: 1,
      scale: {
        levels: [
          { value: 1, label: 'nein' },
          { value: 2, label: 'eher nein' },
          { value: 3, label: 'eher ja' },
          { value: 4, label: 'ja' },
        ],
        noAnswerLabel: 'k. A.',
        topBox: 2,
        topValues: [3, 4],
      },
      items: [{ code: 'x', title: 'Ix' }],
    },
    {
      code: 'hilfe',
      type: 'matrix',
      kind: 'yes',
      title: 'Hilft das?',
      page: 'p',
      position: 2,
      scale: {
        levels: [
          { value: 0, label: 'nein' },
          { value: 1, label: 'ja' },
        ],
        noAnswerLabel: 'keine Angabe',
        topBox: 1,
        topValues: [1],
      },
      items: [{ code: 'info', title: 'Information' }],
    },
    { code: 'notiz', type: 'comment', kind: 'text', title: 'Notiz', page: 'p', position: 3, items: [{ code: 'notiz', title: 'Notiz' }] },
  ],
};

const results: WaveResults = {
  wave: 'w',
  surveyId: 's',
  version: '1',
  completed: 53,
  include: 'completed',
  minBase: 10,
  counted: 53,
  methods: [],
  questions: [
    // Deliberately not in questionnaire order: the view follows the codebook.
    {
      code: 'chancen',
      title: 'Chancen?',
      kind: 'topBox',
      nReported: 55,
      items: [
        {
          code: 'x',
          title: 'Ix',
          nAnswered: 55,
          nNoAnswer: 2,
          nBase: 53,
          counts: { '1': 2, '2': 4, '3': 20, '4': 27, na: 2 },
          topCount: 47,
          share: 88.7,
          ci: { low: 77.4, high: 94.7 },
          smallBase: false,
        },
      ],
    },
    {
      code: 'rolle',
      title: 'Welche Rolle?',
      kind: 'choice',
      nReported: 16,
      items: [
        {
          code: 'a',
          title: 'Alpha',
          nAnswered: 16,
          nNoAnswer: 0,
          nBase: 16,
          counts: { a: 1 },
          topCount: 1,
          share: 6.3,
          ci: { low: 1.1, high: 28.3 },
          smallBase: false,
        },
        {
          code: 'b',
          title: 'Beta',
          nAnswered: 16,
          nNoAnswer: 0,
          nBase: 16,
          counts: { b: 15 },
          topCount: 15,
          share: 93.8,
          ci: { low: 71.7, high: 98.9 },
          smallBase: false,
        },
      ],
    },
    {
      code: 'hilfe',
      title: 'Hilft das?',
      kind: 'yes',
      nReported: 1,
      items: [
        {
          code: 'info',
          title: 'Information',
          nAnswered: 1,
          nNoAnswer: 1,
          nBase: 0,
          counts: { '0': 0, '1': 0, na: 1 },
          topCount: 0,
          share: null,
          ci: null,
          smallBase: true,
        },
      ],
    },
    { code: 'notiz', title: 'Notiz', kind: 'text', nReported: 4, items: [] },
  ],
};

describe('resultsView', () => {
  const view = resultsView(codebook, results);

  it('follows the questionnaire order of the codebook', () => {
    expect(view.map((question) => [question.code, question.nReported])).toEqual([
      ['rolle', 16],
      ['chancen', 55],
      ['hilfe', 1],
      ['notiz', 4],
    ]);
  });

  it('lays out a rating question: counts per level with the share of each without "keine Angabe" (half up), N and the top-2 box', () => {
    expect(view[1].table).toEqual({
      kind: 'scale',
      levels: ['nein', 'eher nein', 'eher ja', 'ja'],
      noAnswerLabel: 'k. A.',
      topLabel: 'Top-2-Box',
      topDescription: 'Top-2-Box: Anteil „eher ja“ und „ja“ ohne „keine Angabe“',
      rows: [
        {
          code: 'x',
          title: 'Ix',
          cells: [
            { count: 2, share: 3.8 },
            { count: 4, share: 7.5 },
            { count: 20, share: 37.7 },
            { count: 27, share: 50.9 },
          ],
          noAnswer: 2,
          n: 55,
          nBase: 53,
          top: 88.7,
          ci: { low: 77.4, high: 94.7 },
          smallBase: false,
        },
      ],
    });
  });

  it('names the share of a yes/no question "ja" and makes up no share when only "keine Angabe" was given', () => {
    const table = view[2].table;
    expect(table).toMatchObject({ kind: 'scale', topLabel: 'Anteil „ja“', levels: ['nein', 'ja'] });
    expect(table.kind === 'scale' && table.rows[0]).toMatchObject({
      cells: [
        { count: 0, share: null },
        { count: 0, share: null },
      ],
      noAnswer: 1,
      n: 1,
      top: null,
      ci: null,
      // A base of 0 is small, but there is no share to mark.
      smallBase: false,
    });
  });

  it('lays out a single-choice question per option with "keine Angabe" and N', () => {
    expect(view[0].table).toEqual({
      kind: 'choice',
      noAnswerLabel: 'keine Angabe',
      rows: [
        { code: 'a', label: 'Alpha', count: 1, share: 6.3, ci: { low: 1.1, high: 28.3 }, smallBase: false },
        { code: 'b', label: 'Beta', count: 15, share: 93.8, ci: { low: 71.7, high: 98.9 }, smallBase: false },
      ],
      noAnswer: 0,
      n: 16,
      nBase: 16,
    });
  });

  it('counts free text only', () => {
    expect(view[3].table).toEqual({ kind: 'text', answered: 4 });
  });
});

describe('breakdownView', () => {
  const group = (code: string, title: string, n: number | null, suppressed: boolean, share: number | null) => ({
    code,
    title,
    n,
    suppressed,
    questions: suppressed
      ? null
      : [
          {
            ...results.questions[0],
            items: [{ ...results.questions[0].items[0], share, ci: share === null ? null : { low: 1, high: 99 } }],
          },
        ],
  });
  const broken = {
    ...results,
    breakdown: {
      by: 'rolle',
      title: 'Welche Rolle?',
      minGroup: 5,
      total: 16,
      groups: [
        group('a', 'Alpha (erklärt)', 12, false, 75),
        group('b', 'Beta', null, true, null),
        group('na', 'keine Angabe', 0, false, null),
      ],
    },
  };

  it('gives a column per group, short labels, and a suppressed group no number', () => {
    const view = breakdownView(codebook, broken);
    expect(view?.groups.map((entry) => [entry.label, entry.n, entry.suppressed])).toEqual([
      ['Alpha', 12, false],
      ['Beta', null, true],
      ['keine Angabe', 0, false],
    ]);
    expect(view?.suppressedText).toBe('zu wenige Antworten (< 5)');
    const chancen = view?.questions.find((question) => question.code === 'chancen');
    expect(chancen?.rows[0].cells).toEqual([
      { suppressed: false, share: 75, ci: { low: 1, high: 99 }, smallBase: false },
      { suppressed: true },
      { suppressed: false, share: null, ci: null, smallBase: false },
    ]);
    expect(view?.questions.map((question) => question.code)).not.toContain('notiz');
  });

  it('is null without a breakdown', () => {
    expect(breakdownView(codebook, results)).toBeNull();
  });

  it.each([
    ['Experimentierphase (der Impuls ist gesetzt)', 'Experimentierphase'],
    ['KI-Trainer:in', 'KI-Trainer:in'],
    ['(nur Klammer)', '(nur Klammer)'],
  ])('shortLabel(%j) is %j', (title, label) => {
    expect(shortLabel(title)).toBe(label);
  });
});
