import { withoutUnanswered } from './answer-shape';

describe('withoutUnanswered', () => {
  it.each([
    ['null question', { rolle: null, zentrum: 'x' }, { zentrum: 'x' }],
    ['undefined question', { rolle: undefined }, {}],
    ['blank text', { zentrum: '  ', rolle: 'ki_trainer' }, { rolle: 'ki_trainer' }],
    ['null matrix rows', { chancen: { werbung: null, logistik: 3 } }, { chancen: { logistik: 3 } }],
    ['a matrix with only null rows', { chancen: { werbung: null } }, {}],
    ['an empty matrix', { chancen: {} }, {}],
    ['"keine Angabe" and 0 are answers', { chancen: { werbung: 'na', logistik: 0 } }, { chancen: { werbung: 'na', logistik: 0 } }],
    ['text keeps its blanks', { zentrum: ' Hamburg ' }, { zentrum: ' Hamburg ' }],
    ['wrong types are left for validation', { chancen: [], rolle: 1, zentrum: false }, { chancen: [], rolle: 1, zentrum: false }],
  ])('%s', (_, given, stored) => {
    expect(withoutUnanswered(given)).toEqual(stored);
  });

  it('does not change the object it was given', () => {
    const given = { rolle: null };
    withoutUnanswered(given);
    expect(given).toEqual({ rolle: null });
  });
});
