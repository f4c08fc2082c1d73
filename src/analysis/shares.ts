/**
 * The arithmetic of the report (study README, "How the report counts"): shares
 * in percent rounded half-up to one decimal, and changes in percentage points.
 * Pure and exact: integers only, so that x.x5 values never fall the wrong way
 * through floating point.
 */

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
}

/** Integer division rounding half up, for non-negative integers. */
function divideHalfUp(numerator: number, denominator: number): number {
  const twice = 2 * numerator + denominator;
  const divisor = 2 * denominator;
  return (twice - (twice % divisor)) / divisor;
}

/**
 * `top / base` in percent, rounded half-up to one decimal (47/53 → 88.7, 1/16 → 6.3);
 * null when the base is 0 (no substantive answer: a share would be a made-up 0 %).
 */
export function sharePercent(top: number, base: number): number | null {
  assertCount('top', top);
  assertCount('base', base);
  if (top > base) throw new RangeError(`top (${top}) exceeds base (${base})`);
  if (base === 0) return null;
  return divideHalfUp(1000 * top, base) / 10;
}

/** A share with one decimal as an integer number of tenths (88.7 → 887). */
function tenths(share: number): number {
  return Math.round(share * 10);
}

/**
 * Change in percentage points between two published shares. The report prints
 * the difference of its rounded shares, so the difference is taken of the
 * rounded values (exactly, in tenths) and is itself exact to one decimal.
 * Null when either share is null.
 */
export function deltaPp(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null) return null;
  return (tenths(current) - tenths(previous)) / 10;
}
