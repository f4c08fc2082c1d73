import fc from 'fast-check';
import { suppressedGroups, suppressionReasons } from './suppression';

describe('suppressionReasons', () => {
  it.each([
    // sizes, MIN_GROUP, expected
    [[10, 20, 30], 5, [null, null, null]],
    [[5, 5], 5, [null, null]],
    [[2, 6, 20], 5, ['primary', 'secondary', null]],
    [[20, 6, 2], 5, [null, 'secondary', 'primary']],
    [[2, 3, 20], 5, ['primary', 'primary', null]],
    [[4, 4, 4], 5, ['primary', 'primary', 'primary']],
    [[0, 12, 12, 30], 5, [null, null, null, null]],
    [[2, 0, 12, 30], 5, ['primary', null, 'secondary', null]],
    [[12, 12, 3, 0], 5, ['secondary', null, 'primary', null]],
    [[2, 0], 5, ['primary', 'secondary']],
    [[0, 0, 0], 5, [null, null, null]],
    [[2, 40], 5, ['primary', 'secondary']],
    // Two hidden groups of 1 are 2 people together: whole wave minus the 40 would show their answers.
    [[1, 1, 40, 0], 5, ['primary', 'primary', 'secondary', null]],
    [[2, 2, 30, 50], 5, ['primary', 'primary', 'secondary', null]],
    [[4, 9, 7], 3, [null, null, null]],
    [[2, 9, 7], 3, ['primary', null, 'secondary']],
    [[1], 5, ['primary']],
    [[], 5, []],
  ])('%j with MIN_GROUP %i → %j', (sizes, minGroup, expected) => {
    expect(suppressionReasons(sizes, minGroup)).toEqual(expected);
  });

  it('refuses a size that is not a count', () => {
    expect(() => suppressionReasons([3, -1], 5)).toThrow(RangeError);
    expect(() => suppressionReasons([3, 1.5], 5)).toThrow(RangeError);
  });
});

/**
 * What a reader can compute: the sizes of the shown groups and the total. A suppressed group's size is derived when
 * every non-negative split of the rest (total minus the shown sizes) over the suppressed groups gives it the same value.
 */
function derivableSuppressedGroups(sizes: number[], suppressed: boolean[]): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  const hidden = suppressed.flatMap((isHidden, index) => (isHidden ? [index] : []));
  const rest = total - sizes.reduce((sum, size, index) => sum + (suppressed[index] ? 0 : size), 0);
  // With k ≥ 2 hidden groups and a positive rest, each can be 0 or the whole rest: none is determined.
  if (hidden.length >= 2 && rest > 0) return [];
  // One hidden group is the rest; a rest of 0 leaves every hidden group at 0 (nobody to protect).
  return hidden.filter((index) => sizes[index] > 0);
}

describe('suppressedGroups: no complementary leak', () => {
  const groups = fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 8 });

  it('never shows a group with respondents below MIN_GROUP', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 3, max: 12 }), (sizes, minGroup) => {
        const suppressed = suppressedGroups(sizes, minGroup);
        sizes.forEach((size, index) => {
          if (size > 0 && size < minGroup) expect(suppressed[index]).toBe(true);
        });
      }),
    );
  });

  it('leaves no suppressed group with respondents computable from the total and the shown groups', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 3, max: 12 }), (sizes, minGroup) => {
        expect(derivableSuppressedGroups(sizes, suppressedGroups(sizes, minGroup))).toEqual([]);
      }),
    );
  });

  it('suppresses at most one group beyond those below MIN_GROUP', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 3, max: 12 }), (sizes, minGroup) => {
        const reasons = suppressionReasons(sizes, minGroup);
        expect(reasons.filter((reason) => reason === 'secondary').length).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('hides either nobody or at least MIN_GROUP responses together, unless every group with respondents is hidden', () => {
    fc.assert(
      fc.property(groups, fc.integer({ min: 3, max: 12 }), (sizes, minGroup) => {
        const suppressed = suppressedGroups(sizes, minGroup);
        const together = sizes.reduce((sum, size, index) => sum + (suppressed[index] ? size : 0), 0);
        const allHidden = sizes.every((size, index) => size === 0 || suppressed[index]);
        if (!allHidden) expect(together === 0 || together >= minGroup).toBe(true);
      }),
    );
  });

  it('is caught by the check: suppressing only the small group would leak it', () => {
    expect(derivableSuppressedGroups([2, 6, 20], [true, false, false])).toEqual([0]);
  });
});
