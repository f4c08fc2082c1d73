import { createHash } from 'node:crypto';
import { DRAFT_PREFIX, Draft, draftKeyOf, mergeDraft, parseDraft, sameAnswers } from './answers';

const draft = (answers: Record<string, unknown>): Draft => ({ answers, revision: 3, savedAt: '2025-05-01T10:00:00.000Z' });

describe('sameAnswers', () => {
  it.each<[string, unknown, unknown, boolean]>([
    [
      'keys in another order (as JSONB returns them)',
      { rolle: 'a', chancen: { werbung: 4, logistik: 'na' } },
      { chancen: { logistik: 'na', werbung: 4 }, rolle: 'a' },
      true,
    ],
    ['equal scalars', 4, 4, true],
    ['a number and its text', 4, '4', false],
    ['a changed matrix level', { chancen: { werbung: 4 } }, { chancen: { werbung: 3 } }, false],
    ['an additional answer', { rolle: 'a' }, { rolle: 'a', reifegrad: 'b' }, false],
    ['a missing answer on the other side', { rolle: 'a', reifegrad: 'b' }, { rolle: 'a' }, false],
    ['the same keys with different names', { a: 1 }, { b: 1 }, false],
    ['arrays in the same order', { tools: ['x', 'y'] }, { tools: ['x', 'y'] }, true],
    ['arrays in another order (a ranking differs)', { tools: ['x', 'y'] }, { tools: ['y', 'x'] }, false],
    ['an array and an object with index keys', ['x'], { 0: 'x' }, false],
    ['null and an empty object', null, {}, false],
    ['null and null', null, null, true],
    ['empty objects', {}, {}, true],
    ['a nested null and a missing key', { a: null }, {}, false],
  ])('%s', (_, left, right, expected) => {
    expect(sameAnswers(left, right)).toBe(expected);
    expect(sameAnswers(right, left)).toBe(expected);
  });
});

describe('mergeDraft', () => {
  const saved = { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' } };

  it('starts with the saved answers when there is no draft', () => {
    expect(mergeDraft(saved, null)).toEqual({ answers: saved, restored: false });
  });

  it('does not call a draft restored that differs from the saved answers only in the order of keys', () => {
    const reordered = JSON.parse('{"chancen":{"logistik":"na","werbung":4},"rolle":"ki_trainer"}') as Record<string, unknown>;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(saved));
    expect(mergeDraft(saved, draft(reordered))).toEqual({ answers: saved, restored: false });
  });

  it('lays a differing draft over the saved answers, question by question', () => {
    expect(mergeDraft(saved, draft({ chancen: { werbung: 2 }, reifegrad: 'experimentierphase' }))).toEqual({
      answers: { rolle: 'ki_trainer', chancen: { werbung: 2 }, reifegrad: 'experimentierphase' },
      restored: true,
    });
  });

  it('restores a draft onto a response that was never saved', () => {
    expect(mergeDraft({}, draft({ rolle: 'ki_trainer' }))).toEqual({ answers: { rolle: 'ki_trainer' }, restored: true });
  });
});

describe('parseDraft', () => {
  it('reads what the page writes', () => {
    const stored = JSON.stringify({ answers: { rolle: 'a' }, revision: 2, savedAt: '2025-05-01T10:00:00.000Z' });
    expect(parseDraft(stored)).toEqual({ answers: { rolle: 'a' }, revision: 2, savedAt: '2025-05-01T10:00:00.000Z' });
  });

  it('takes a draft written before the first save (no revision yet)', () => {
    expect(parseDraft('{"answers":{"rolle":"a"},"revision":null}')).toEqual({ answers: { rolle: 'a' }, revision: null, savedAt: '' });
  });

  it.each([null, '', 'not json', '[]', '"text"', '42', 'null', '{}', '{"answers":null}', '{"answers":["a"]}', '{"answers":"a"}'])(
    'ignores %j',
    (stored) => {
      expect(parseDraft(stored)).toBeNull();
    },
  );
});

describe('draftKeyOf', () => {
  it('is the prefix and the SHA-256 of the token, and never contains the token', () => {
    const token = 'Qm9yZGVyLUxpbmUtVG9rZW4tZm9yLXRlc3Rz_-0123456789';
    const key = draftKeyOf(token);
    expect(key).toBe(DRAFT_PREFIX + createHash('sha256').update(token).digest('hex'));
    expect(key).not.toContain(token);
  });
});
