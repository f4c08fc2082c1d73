import { answerPattern } from './answer-pattern';

/** The pattern is the key a verdict is reused by: it must tell apart everything SurveyJS's verdict can depend on. */
describe('answerPattern', () => {
  const same: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['other levels of a scale', { chancen: { werbung: 1 } }, { chancen: { werbung: 4 } }],
    ['other choices', { rolle: 'ki_trainer' }, { rolle: 'ki_experte' }],
    ['other texts', { zentrum: 'Hamburg' }, { zentrum: ' Berlin ' }],
    ['blank and empty text', { zentrum: '' }, { zentrum: '   ' }],
    ['the order of questions and rows', { a: 1, b: { x: 1, y: 2 } }, { b: { y: 3, x: 4 }, a: 2 }],
    ['an unanswered question given as null or left out', { a: 1, b: null }, { a: 2 }],
  ];
  it.each(same)('is the same for %s', (_, first, second) => {
    expect(answerPattern(first, true)).toBe(answerPattern(second, true));
  });

  const different: Array<[string, Record<string, unknown>, Record<string, unknown>, boolean?]> = [
    ['a question answered or not', { a: 1 }, {}],
    ['a matrix row answered or not', { chancen: { werbung: 1, logistik: 2 } }, { chancen: { werbung: 1 } }],
    ['another matrix row', { chancen: { werbung: 1 } }, { chancen: { logistik: 1 } }],
    ['a blank text or a real one', { zentrum: '  ' }, { zentrum: 'Hamburg' }],
    ['a level or "keine Angabe"', { chancen: { werbung: 1 } }, { chancen: { werbung: 'na' } }],
    ['a matrix with no row answered or none at all', { chancen: {} }, {}],
    ['complete or not', { a: 1 }, { a: 1 }, false],
  ];
  it.each(different)('tells apart %s', (_, first, second, secondComplete = true) => {
    expect(answerPattern(first, true)).not.toBe(answerPattern(second, secondComplete));
  });
});
