import { isStaticDefinition, verdictKeyOf } from './answer-pattern';

/** A static definition with every kind of requirement the key must follow. */
const DEFINITION = {
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'radiogroup', name: 'rolle', isRequired: true, choices: ['a', 'b'] },
        { type: 'comment', name: 'anmerkung', isRequired: true },
        { type: 'matrix', name: 'chancen', isRequired: true, columns: [1, 2], rows: ['werbung', 'logistik'] },
        { type: 'matrix', name: 'alle', isAllRowRequired: true, columns: [1, 2], rows: [{ value: 'x', text: 'X' }, 'y'] },
        { type: 'radiogroup', name: 'frei', choices: ['a', 'b'] },
        { type: 'text', name: 'notiz' },
      ],
    },
  ],
};

describe('verdictKeyOf', () => {
  const keyOf = verdictKeyOf(DEFINITION) as (answers: Record<string, unknown>, complete: boolean) => string;
  const full = { rolle: 'a', anmerkung: 'gut', chancen: { werbung: 1 }, alle: { x: 1, y: 2 } };

  it('is null for a definition that is not static (every response then checked in full)', () => {
    expect(isStaticDefinition(DEFINITION)).toBe(true);
    expect(verdictKeyOf({ pages: [{ name: 'p', elements: [{ type: 'text', name: 't', visibleIf: '{a} = 1' }] }] })).toBeNull();
  });

  it.each<[string, Record<string, unknown>]>([
    ['other values of required questions', { ...full, rolle: 'b', chancen: { logistik: 2 }, alle: { x: 2, y: 'na' } }],
    ['optional questions answered or not', { ...full, frei: 'a', notiz: 'x' }],
    ['a required text with other words', { ...full, anmerkung: '  sehr gut ' }],
  ])('is the same for %s', (_, other) => {
    expect(keyOf(other, true)).toBe(keyOf(full, true));
  });

  it.each<[string, Record<string, unknown>]>([
    ['a required question empty', { ...full, rolle: undefined }],
    ['a required text blank', { ...full, anmerkung: '   ' }],
    ['a required matrix without any row', { ...full, chancen: {} }],
    ['a row of an all-rows matrix missing', { ...full, alle: { x: 1 } }],
    ['another row of it missing', { ...full, alle: { y: 1 } }],
  ])('tells apart %s', (_, other) => {
    expect(keyOf(other, true)).not.toBe(keyOf(full, true));
  });

  it('gives every partial response one key (nothing is required before completion)', () => {
    expect(keyOf({}, false)).toBe(keyOf(full, false));
    expect(keyOf(full, false)).not.toBe(keyOf(full, true));
  });
});
