import { answersFingerprint, canonicalJson, responseFingerprint } from './answers-fingerprint';

describe('canonicalJson', () => {
  it.each<[string, unknown, string]>([
    ['sorts keys at every depth', { b: 1, a: { d: 'x', c: 'na' } }, '{"a":{"c":"na","d":"x"},"b":1}'],
    ['keeps array order', { a: [3, 1, 2] }, '{"a":[3,1,2]}'],
    ['leaves out undefined members', { a: undefined, b: null }, '{"b":null}'],
    ['escapes text as JSON does', { zentrum: 'Süd "Nord"\n' }, '{"zentrum":"Süd \\"Nord\\"\\n"}'],
    ['writes numbers as JSON does', { a: 4.0, b: -0.5 }, '{"a":4,"b":-0.5}'],
  ])('%s', (_, value, expected) => expect(canonicalJson(value)).toBe(expected));
});

describe('answersFingerprint', () => {
  const answers = { zentrum: 'Zentrum Nord', rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' } };

  it('is a SHA-256 in hex, equal for the same answers in another key order (JSONB keeps no order)', () => {
    const reordered = { chancen: { logistik: 'na', werbung: 4 }, rolle: 'ki_trainer', zentrum: 'Zentrum Nord' };
    expect(answersFingerprint(answers)).toMatch(/^[0-9a-f]{64}$/);
    expect(answersFingerprint(reordered)).toBe(answersFingerprint(answers));
    expect(answersFingerprint(JSON.parse(JSON.stringify(reordered)))).toBe(answersFingerprint(answers));
  });

  it.each<[string, Record<string, unknown>]>([
    ['a changed level', { ...answers, chancen: { werbung: 3, logistik: 'na' } }],
    ['"na" instead of no answer', { ...answers, chancen: { werbung: 4, logistik: 'na', kundenservice: 'na' } }],
    ['a level as text', { ...answers, chancen: { werbung: '4', logistik: 'na' } }],
    ['another choice', { ...answers, rolle: 'ki_experte' }],
    ['a text with a trailing space', { ...answers, zentrum: 'Zentrum Nord ' }],
    ['a question less', { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' } }],
  ])('differs for %s', (_, changed) => {
    expect(answersFingerprint(changed)).not.toBe(answersFingerprint(answers));
  });

  it('tells a partial from a completed response with the same answers in responseFingerprint', () => {
    expect(responseFingerprint('completed', answers)).not.toBe(responseFingerprint('partial', answers));
    expect(responseFingerprint('completed', { ...answers })).toBe(responseFingerprint('completed', answers));
  });
});
