/**
 * The uncertainty the analysis shows beside its numbers (issue 17), pure: a share's Wilson interval and small-base
 * mark, and the change statistics of a share against an earlier one. Built on ./statistics; the limits of the report
 * (MIN_BASE, MIN_GROUP) are parameters, their defaults live here and in the environment (src/config/env.validation.ts).
 */
import type { ChangeStatistics, PercentInterval } from './analysis.types';
import { ALPHA, compareShares, inPercent, wilsonInterval } from './statistics';

/** A share whose base is below this is marked `smallBase` ("geringe Fallzahl"); the default of MIN_BASE. */
export const DEFAULT_MIN_BASE = 10;

/** A breakdown group with fewer completed responses is suppressed; the default of MIN_GROUP. */
export const DEFAULT_MIN_GROUP = 5;

/** MIN_GROUP may never be set below this: a group of one or two would identify a respondent too easily. */
export const MIN_GROUP_FLOOR = 3;

/** The decimals a p-value is given with (the chi-squared approximation is exact to ~1e-7, the reference to 1e-4). */
export const P_VALUE_DECIMALS = 6;

/** The 95 % Wilson interval of top of base in percent, each limit half-up to one decimal; null when the base is 0. */
export function shareInterval(top: number, base: number): PercentInterval | null {
  const interval = wilsonInterval(top, base);
  return interval === null ? null : inPercent(interval);
}

/** Whether a share's base is below the small-base limit (a base of 0 has no share, but is small all the same). */
export function isSmallBase(base: number, minBase: number): boolean {
  return base < minBase;
}

/** The change statistics where there is nothing to compare. */
export const NO_CHANGE: ChangeStatistics = Object.freeze({ deltaCi: null, pValue: null, test: null, significant: null });

/** A p-value rounded to P_VALUE_DECIMALS decimals. */
export function roundPValue(p: number): number {
  const factor = 10 ** P_VALUE_DECIMALS;
  return Math.round(p * factor) / factor;
}

/**
 * The change from an earlier share (x2 of n2) to a later one (x1 of n1): Newcombe's interval of the difference of the
 * unrounded shares in pp, the p-value (rounded to P_VALUE_DECIMALS) of the test Campbell's rule picks, and
 * `significant` = the shown p-value < ALPHA (so a reader can check it from the number shown). NO_CHANGE when a base is 0.
 */
export function changeStatistics(x1: number, n1: number, x2: number, n2: number): ChangeStatistics {
  const comparison = compareShares(x1, n1, x2, n2);
  if (comparison === null) return { ...NO_CHANGE };
  const pValue = roundPValue(comparison.pValue);
  return { deltaCi: inPercent(comparison.difference), pValue, test: comparison.test, significant: pValue < ALPHA };
}
