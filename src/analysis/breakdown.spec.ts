import { buildCodebook } from '../definitions/codebook';
import { breakdownCodes, breakdownQuestion, buildBreakdown } from './breakdown';
import type { AnswerCount } from './wave-results';

const codebook = buildCodebook({
  title: 't',
  pages: [
    {
      name: 'p',
      elements: [
        {
          type: 'radiogroup',
          name: 'rolle',
          title: 'Ihre Rolle',
          choices: [
            { value: 'trainer', text: 'KI-Trainer:in' },
            { value: 'experte', text: 'KI-Expert:in' },
            { value: 'andere', text: 'Andere' },
          ],
        },
        {
          type: 'matrix',
          name: 'chancen',
          title: 'Chancen',
          columns: [
            { value: 1, text: 'nein' },
            { value: 2, text: 'eher nein' },
            { value: 3, text: 'eher ja' },
            { value: 4, text: 'ja' },
            { value: 'na', text: 'keine Angabe' },
          ],
          rows: [{ value: 'werbung', text: 'Werbung' }],
        },
        { type: 'comment', name: 'sonstiges', title: 'Sonstiges' },
      ],
    },
  ],
});

/** Counts of `chancen/werbung` per group: [group, value, n]. */
function counts(rows: Array<[string, string, number]>): Map<string, AnswerCount[]> {
  const groups = new Map<string, AnswerCount[]>();
  for (const [group, value, n] of rows) {
    const list = groups.get(group) ?? [];
    list.push({ questionCode: 'chancen', itemCode: 'werbung', value, n, nFirst: n });
    groups.set(group, list);
  }
  return groups;
}

describe('breakdownCodes / breakdownQuestion', () => {
  it('allows only single-choice questions', () => {
    expect(breakdownCodes(codebook)).toEqual(['rolle']);
    expect(breakdownQuestion(codebook, 'rolle')?.code).toBe('rolle');
    expect(breakdownQuestion(codebook, 'chancen')).toBeUndefined();
    expect(breakdownQuestion(codebook, 'gibtsnicht')).toBeUndefined();
  });
});

describe('buildBreakdown', () => {
  const question = breakdownQuestion(codebook, 'rolle')!;

  it('gives each option in order, then "keine Angabe", with its own results', () => {
    const breakdown = buildBreakdown({
      codebook,
      question,
      sizes: new Map([
        ['trainer', 6],
        ['experte', 12],
        ['andere', 5],
        ['na', 7],
      ]),
      counts: counts([
        ['trainer', '4', 5],
        ['trainer', '1', 1],
        ['experte', '3', 3],
        ['experte', '2', 9],
      ]),
      minBase: 10,
      minGroup: 5,
    });
    expect(breakdown).toMatchObject({ by: 'rolle', title: 'Ihre Rolle', minGroup: 5, total: 30 });
    expect(breakdown.groups.map((group) => [group.code, group.title, group.n, group.suppressed])).toEqual([
      ['trainer', 'KI-Trainer:in', 6, false],
      ['experte', 'KI-Expert:in', 12, false],
      ['andere', 'Andere', 5, false],
      ['na', 'keine Angabe', 7, false],
    ]);
    const werbung = (code: string) => breakdown.groups.find((group) => group.code === code)!.questions![1].items[0];
    // 5 of 6 by Wilson (R): 43.6 … 97.0; a base of 6 is below MIN_BASE 10.
    expect(werbung('trainer')).toMatchObject({ nBase: 6, topCount: 5, share: 83.3, ci: { low: 43.6, high: 97 }, smallBase: true });
    expect(werbung('experte')).toMatchObject({ nBase: 12, topCount: 3, share: 25, smallBase: false });
    expect(werbung('andere')).toMatchObject({ nBase: 0, share: null, ci: null });
  });

  it('suppresses a group of 2 and, as the only one, the next smallest group with it', () => {
    const breakdown = buildBreakdown({
      codebook,
      question,
      sizes: new Map([
        ['trainer', 2],
        ['experte', 20],
        ['andere', 6],
        ['na', 9],
      ]),
      counts: counts([
        ['trainer', '4', 2],
        ['andere', '4', 6],
        ['experte', '4', 20],
        ['na', '4', 9],
      ]),
      minBase: 10,
      minGroup: 5,
    });
    expect(breakdown.total).toBe(37);
    expect(breakdown.groups.map((group) => [group.code, group.n, group.suppressed, group.questions === null])).toEqual([
      ['trainer', null, true, true],
      ['experte', 20, false, false],
      ['andere', null, true, true],
      ['na', 9, false, false],
    ]);
  });

  it('with partial responses counted, decides on completed ones: 1 completed + 4 begun trainers are hidden, and so is a group with 1–4 begun ones', () => {
    const breakdown = buildBreakdown({
      codebook,
      question,
      sizes: new Map([
        ['trainer', 5],
        ['experte', 22],
        ['andere', 30],
        ['na', 9],
      ]),
      completedSizes: new Map([
        ['trainer', 1],
        ['experte', 20],
        ['andere', 30],
        ['na', 9],
      ]),
      counts: counts([
        ['trainer', '4', 5],
        ['experte', '4', 22],
        ['andere', '4', 30],
        ['na', '4', 9],
      ]),
      minBase: 10,
      minGroup: 5,
    });
    // trainer: 1 completed (primary); experte: 2 begun ones would show against the completed-only view (primary);
    // two hidden groups that the decision counts as 1 + 1 < 5: the smallest shown one (na) goes with them.
    expect(breakdown.groups.map((group) => [group.code, group.n, group.suppressed])).toEqual([
      ['trainer', null, true],
      ['experte', null, true],
      ['andere', 30, false],
      ['na', null, true],
    ]);
  });

  it('shows an option nobody chose as an empty group (it identifies nobody)', () => {
    const breakdown = buildBreakdown({ codebook, question, sizes: new Map([['experte', 8]]), counts: new Map(), minBase: 10, minGroup: 3 });
    expect(breakdown.groups.map((group) => [group.code, group.n, group.suppressed])).toEqual([
      ['trainer', 0, false],
      ['experte', 8, false],
      ['andere', 0, false],
      ['na', 0, false],
    ]);
    expect(breakdown.groups[0].questions?.[1].items[0]).toMatchObject({ nBase: 0, share: null, ci: null });
  });

  it('hides a non-empty group as the partner of a single small one, never an empty group', () => {
    const breakdown = buildBreakdown({
      codebook,
      question,
      sizes: new Map([
        ['trainer', 2],
        ['experte', 6],
        ['andere', 9],
      ]),
      counts: new Map(),
      minBase: 10,
      minGroup: 5,
    });
    expect(breakdown.groups.map((group) => [group.code, group.n, group.suppressed])).toEqual([
      ['trainer', null, true],
      ['experte', null, true],
      ['andere', 9, false],
      ['na', 0, false],
    ]);
  });
});
