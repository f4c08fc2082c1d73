import { MIN_DELAY_MS, retryDelay, SAVE_INTERVAL_MS, throttledDelay } from './save-timing';

describe('retryDelay', () => {
  it.each([
    [0, 2000],
    [1, 5000],
    [2, 10000],
    [3, 30000],
    [4, 60000],
    [5, 60000],
    [100, 60000],
    [-1, 2000],
  ])('retry %d waits %d ms', (retries, delay) => {
    expect(retryDelay(retries)).toBe(delay);
  });
});

describe('throttledDelay', () => {
  it.each([
    ['no save yet', 1_000_000, 0, MIN_DELAY_MS],
    ['a save just started', 1_000_000, 1_000_000, SAVE_INTERVAL_MS],
    ['a save a second ago', 1_000_000, 999_000, SAVE_INTERVAL_MS - 1000],
    ['a save almost an interval ago', 1_000_000, 1_000_000 - SAVE_INTERVAL_MS + 100, MIN_DELAY_MS],
  ])('%s', (_, now, lastStartedAt, delay) => {
    expect(throttledDelay(now, lastStartedAt)).toBe(delay);
  });
});
