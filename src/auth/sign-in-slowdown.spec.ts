import { combinedRetryAfter, delaySeconds, retryAfterSeconds, windowStart } from './sign-in-slowdown';

const at = (seconds: number) => new Date(Date.UTC(2025, 6, 27, 10, 0, 0) + seconds * 1000);

describe('delaySeconds: free up to 3 failures, then doubling from 1 s, at most 60 s', () => {
  it.each([
    [0, 0],
    [1, 0],
    [3, 0],
    [4, 1],
    [5, 2],
    [6, 4],
    [9, 32],
    [10, 60],
    [50, 60],
  ])('after %i failures: %i s', (failures, expected) => {
    expect(delaySeconds(failures)).toBe(expected);
  });
});

describe('retryAfterSeconds', () => {
  it.each([
    ['no failure', 0, null, 0, 0],
    ['3 failures, just now', 3, 0, 0, 0],
    ['4 failures, just now', 4, 0, 0, 1],
    ['4 failures, 1 s ago', 4, 0, 1, 0],
    ['6 failures, 1.5 s ago (4 s wait)', 6, 0, 1.5, 3],
    ['12 failures, 59.9 s ago', 12, 0, 59.9, 1],
    ['12 failures, 60 s ago', 12, 0, 60, 0],
  ])('%s → %i s', (_, failures, last, now, expected) => {
    expect(retryAfterSeconds({ failures, lastFailureAt: last === null ? null : at(last) }, at(now))).toBe(expected);
  });

  it('takes the longer of the account’s and the address’s wait', () => {
    const account = { failures: 5, lastFailureAt: at(0) };
    const address = { failures: 8, lastFailureAt: at(0) };
    expect(combinedRetryAfter(account, address, at(0))).toBe(16);
    expect(combinedRetryAfter(account, { failures: 0, lastFailureAt: null }, at(0))).toBe(2);
  });

  it('has a window of 15 minutes', () => {
    expect(windowStart(at(900))).toEqual(at(0));
  });
});
