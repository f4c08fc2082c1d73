/**
 * Which groups of a breakdown are not shown (issue 17), pure. A group with fewer than MIN_GROUP responses is
 * suppressed (primary suppression). The groups partition the responses and their total is shown, so a single
 * suppressed group could be computed as the total minus the shown groups: then the smallest shown group is
 * suppressed as well (secondary suppression; ties go to the group listed first). With two or more groups suppressed,
 * the shown numbers give only their sum.
 */

export type SuppressionReason = 'primary' | 'secondary' | null;

/** Per group (in the given order): why it is suppressed, or null when it is shown. */
export function suppressionReasons(sizes: number[], minGroup: number): SuppressionReason[] {
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`a group size must be a non-negative integer, got ${size}`);
  }
  const reasons: SuppressionReason[] = sizes.map((size) => (size < minGroup ? 'primary' : null));
  if (reasons.filter((reason) => reason !== null).length === 1) {
    let partner = -1;
    sizes.forEach((size, index) => {
      if (reasons[index] === null && (partner === -1 || size < sizes[partner])) partner = index;
    });
    if (partner !== -1) reasons[partner] = 'secondary';
  }
  return reasons;
}

/** Per group: whether it is suppressed. */
export function suppressedGroups(sizes: number[], minGroup: number): boolean[] {
  return suppressionReasons(sizes, minGroup).map((reason) => reason !== null);
}
