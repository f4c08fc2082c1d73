/**
 * Which groups of a breakdown are not shown (issue 17), pure. A group with at least one but fewer than MIN_GROUP
 * responses is suppressed (primary suppression); an empty group identifies nobody and is shown as 0. The groups
 * partition the responses and the whole wave is shown beside them, so the hidden groups together are the whole wave
 * minus the shown groups: their answers, taken together, can be computed. So while a single group is hidden, or the
 * hidden groups together hold fewer than MIN_GROUP responses, the smallest shown non-empty group is hidden as well
 * (secondary suppression; ties go to the group listed first; an empty group only when no other is left). Every shown
 * non-empty group has at least MIN_GROUP responses, so one such group is always enough.
 */

export type SuppressionReason = 'primary' | 'secondary' | null;

/** Per group (in the given order): why it is suppressed, or null when it is shown. */
export function suppressionReasons(sizes: number[], minGroup: number): SuppressionReason[] {
  for (const size of sizes) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`a group size must be a non-negative integer, got ${size}`);
  }
  const reasons: SuppressionReason[] = sizes.map((size) => (size > 0 && size < minGroup ? 'primary' : null));
  const hidden = () => sizes.filter((_, index) => reasons[index] !== null);
  const needsPartner = () => {
    const sizesHidden = hidden();
    const together = sizesHidden.reduce((sum, size) => sum + size, 0);
    return sizesHidden.length === 1 || (together > 0 && together < minGroup);
  };
  if (needsPartner()) {
    const shown = sizes.flatMap((size, index) => (reasons[index] === null ? [{ size, index }] : []));
    const candidates = shown.some(({ size }) => size > 0) ? shown.filter(({ size }) => size > 0) : shown;
    const partner = candidates.reduce<{ size: number; index: number } | undefined>(
      (smallest, candidate) => (smallest === undefined || candidate.size < smallest.size ? candidate : smallest),
      undefined,
    );
    if (partner) reasons[partner.index] = 'secondary';
  }
  return reasons;
}

/** Per group: whether it is suppressed. */
export function suppressedGroups(sizes: number[], minGroup: number): boolean[] {
  return suppressionReasons(sizes, minGroup).map((reason) => reason !== null);
}
