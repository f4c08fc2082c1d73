/**
 * When the page saves: at most every SAVE_INTERVAL_MS while answering, and after
 * a failure again with a growing pause. Pure functions, no DOM.
 */

export const SAVE_INTERVAL_MS = 3000;
export const MIN_DELAY_MS = 400;
export const RETRY_DELAYS_MS: readonly number[] = [2000, 5000, 10000, 30000, 60000];
/** Bodies below this size are sent with `keepalive`, so that a save still arrives when the tab closes (browsers cap it at 64 KiB). */
export const KEEPALIVE_MAX_BYTES = 60000;

/** The pause before the next regular save: the rest of the interval since the last one started, at least MIN_DELAY_MS. */
export function throttledDelay(now: number, lastStartedAt: number): number {
  return Math.max(MIN_DELAY_MS, SAVE_INTERVAL_MS - (now - lastStartedAt));
}

/** The pause before retry number `retries` (0 for the first): the listed steps, then the last one for ever. */
export function retryDelay(retries: number): number {
  return RETRY_DELAYS_MS[Math.min(Math.max(0, retries), RETRY_DELAYS_MS.length - 1)];
}
