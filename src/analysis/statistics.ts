/**
 * The uncertainty of the report's numbers (issue 17), pure:
 * - the Wilson score interval of a share (Wilson 1927);
 * - Newcombe's hybrid score interval of the difference of two independent shares, built from the two Wilson
 *   intervals (Newcombe 1998, Stat. Med. 17:873–890, method 10);
 * - whether a change is distinguishable from noise: the "N−1" chi-squared test when every expected cell count is at
 *   least 1, otherwise Fisher's exact test, two-sided (Campbell 2007, Stat. Med. 26:3661–3675).
 * Shares are x of n; intervals come in proportions (0…1) here and are turned into percent by the callers' rounding.
 */

/** The 97.5 % quantile of the standard normal distribution: two-sided 95 % intervals. */
export const Z_95 = 1.959963984540054;

/** The significance level of `significant`. */
export const ALPHA = 0.05;

export interface Interval {
  low: number;
  high: number;
}

export type ComparisonTest = 'n-1-chi2' | 'fisher';

export interface ShareComparison {
  /** Newcombe's interval of p1 − p2, in proportions. */
  difference: Interval;
  /** Two-sided p-value of the test used. */
  pValue: number;
  test: ComparisonTest;
  /** The smallest expected cell count of the 2×2 table (decides the test). */
  minExpected: number;
}

function assertShare(x: number, n: number): void {
  if (!Number.isSafeInteger(x) || !Number.isSafeInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`a share needs integers 0 ≤ x ≤ n, got ${x} of ${n}`);
  }
}

/** The Wilson score interval of x successes in n trials (proportions); null when n is 0. */
export function wilsonInterval(x: number, n: number, z: number = Z_95): Interval | null {
  assertShare(x, n);
  if (n === 0) return null;
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // Clamped against rounding: at x = 0 and x = n the limits are exactly 0 and 1.
  return {
    low: x === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
    high: x === n ? 1 : Math.min(1, (centre + spread) / denominator),
  };
}

/** Newcombe's hybrid score interval (method 10) of p1 − p2 for independent shares x1/n1 and x2/n2; null when a base is 0. */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, z: number = Z_95): Interval | null {
  const first = wilsonInterval(x1, n1, z);
  const second = wilsonInterval(x2, n2, z);
  if (first === null || second === null) return null;
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const difference = p1 - p2;
  return {
    low: difference - Math.sqrt((p1 - first.low) ** 2 + (second.high - p2) ** 2),
    high: difference + Math.sqrt((first.high - p1) ** 2 + (p2 - second.low) ** 2),
  };
}

/** The smallest expected count of the 2×2 table [x1, n1−x1; x2, n2−x2] under independence. */
export function minExpectedCount(x1: number, n1: number, x2: number, n2: number): number {
  const total = n1 + n2;
  const successes = x1 + x2;
  const failures = total - successes;
  return Math.min(n1, n2) * (Math.min(successes, failures) / total);
}

/**
 * The "N−1" chi-squared test of a 2×2 table (Pearson's statistic × (N−1)/N), two-sided p-value. A table with an
 * empty row or column has no evidence of a difference: p = 1.
 */
export function nMinusOneChiSquareP(x1: number, n1: number, x2: number, n2: number): number {
  const total = n1 + n2;
  const successes = x1 + x2;
  const failures = total - successes;
  const denominator = n1 * n2 * successes * failures;
  if (denominator === 0) return 1;
  const cross = x1 * (n2 - x2) - (n1 - x1) * x2;
  const statistic = ((total - 1) * cross * cross) / denominator;
  // The approximation of erfc is 1 + 3e-8 at 0: a probability is at most 1.
  return Math.min(1, chiSquare1Survival(statistic));
}

/**
 * Fisher's exact test of a 2×2 table, two-sided: the probability, given the margins, of every table at most as
 * likely as the observed one (with a relative tolerance of 1e-7 for ties, as R's fisher.test).
 */
export function fisherExactP(x1: number, n1: number, x2: number, n2: number): number {
  const successes = x1 + x2;
  const total = n1 + n2;
  const lowest = Math.max(0, successes - n2);
  const highest = Math.min(successes, n1);
  const logDenominator = logChoose(total, successes);
  const probability = (k: number) => Math.exp(logChoose(n1, k) + logChoose(n2, successes - k) - logDenominator);
  const observed = probability(x1);
  let p = 0;
  for (let k = lowest; k <= highest; k += 1) {
    const current = probability(k);
    if (current <= observed * (1 + 1e-7)) p += current;
  }
  return Math.min(1, p);
}

/**
 * Compares two independent shares (the later wave first): Newcombe's interval of the difference, and the p-value of
 * the N−1 chi-squared test when every expected count is at least 1, else of Fisher's exact test. Null when a base is 0.
 */
export function compareShares(x1: number, n1: number, x2: number, n2: number): ShareComparison | null {
  const difference = newcombeInterval(x1, n1, x2, n2);
  if (difference === null) return null;
  const minExpected = minExpectedCount(x1, n1, x2, n2);
  // "At least 1" decided in integers: min row × min column ≥ N (the division may land a hair below 1, e.g. 2/49 vs 0/49).
  const successes = x1 + x2;
  const total = n1 + n2;
  const test: ComparisonTest = Math.min(n1, n2) * Math.min(successes, total - successes) >= total ? 'n-1-chi2' : 'fisher';
  const pValue = test === 'n-1-chi2' ? nMinusOneChiSquareP(x1, n1, x2, n2) : fisherExactP(x1, n1, x2, n2);
  return { difference, pValue, test, minExpected };
}

/** Half-up rounding to one decimal of a percentage or percentage-point value (−0 becomes 0). */
export function roundTenth(value: number): number {
  // The small epsilon keeps 12.35 (stored as 12.3499999…) rounding up as written.
  const rounded = Math.sign(value) * Math.floor(Math.abs(value) * 10 + 0.5 + 1e-9);
  return rounded / 10 + 0;
}

/** An interval in proportions as percent (or a difference as percentage points), each limit rounded half-up to one decimal. */
export function inPercent(interval: Interval): Interval {
  return { low: roundTenth(interval.low * 100), high: roundTenth(interval.high * 100) };
}

/** P(χ²₁ ≥ statistic) = erfc(√(statistic / 2)). */
function chiSquare1Survival(statistic: number): number {
  return erfc(Math.sqrt(statistic / 2));
}

/**
 * The complementary error function, by the Chebyshev fit of Numerical Recipes (erfcc): fractional error below
 * 1.2e-7 everywhere, far below the 1e-4 the p-values are checked to.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** ln C(n, k), from a growing table of ln k! (exact sums: the counts here are at most the responses of two waves). */
function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACTORIALS: number[] = [0];

function logFactorial(n: number): number {
  for (let k = LOG_FACTORIALS.length; k <= n; k += 1) LOG_FACTORIALS.push(LOG_FACTORIALS[k - 1] + Math.log(k));
  return LOG_FACTORIALS[n];
}
