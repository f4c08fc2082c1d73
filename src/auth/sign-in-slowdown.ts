/**
 * The sign-in slowdown, pure. Failed sign-ins are counted per account
 * (lower-cased e-mail, known or not) and per client address within a sliding
 * window. The first FREE_FAILURES failures cost nothing; from then on the next
 * attempt must wait `min(2^(failures - FREE_FAILURES - 1), MAX_DELAY)` seconds
 * after the last failure: 1 s after the 4th failure, 2 s after the 5th, 4, 8,
 * 16, 32, then 60 s from the 10th failure on. A failure older than the window
 * no longer counts, so a quiet quarter of an hour lifts the slowdown; a
 * successful sign-in clears the account's failures (not the address's).
 */

/** Failures older than this no longer count (and are deleted). */
export const SIGN_IN_WINDOW_SECONDS = 15 * 60;
/** Failures within the window that cost no wait. */
export const FREE_FAILURES = 3;
/** The longest wait between two attempts. */
export const MAX_DELAY_SECONDS = 60;

/** The wait after `failures` failures in the window (0 while they are free). */
export function delaySeconds(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(2 ** (failures - FREE_FAILURES - 1), MAX_DELAY_SECONDS);
}

export interface FailureCount {
  /** Failures within the window. */
  failures: number;
  /** The most recent of them, or null when there is none. */
  lastFailureAt: Date | null;
}

/** Whole seconds until the next attempt may be checked; 0 = check it now. */
export function retryAfterSeconds({ failures, lastFailureAt }: FailureCount, now: Date): number {
  const delay = delaySeconds(failures);
  if (delay === 0 || lastFailureAt === null) return 0;
  const remainingMs = lastFailureAt.getTime() + delay * 1000 - now.getTime();
  return remainingMs > 0 ? Math.ceil(remainingMs / 1000) : 0;
}

/** The longer of the account's and the address's waits. */
export function combinedRetryAfter(account: FailureCount, address: FailureCount, now: Date): number {
  return Math.max(retryAfterSeconds(account, now), retryAfterSeconds(address, now));
}

/** The start of the window that ends at `now`. */
export function windowStart(now: Date): Date {
  return new Date(now.getTime() - SIGN_IN_WINDOW_SECONDS * 1000);
}
