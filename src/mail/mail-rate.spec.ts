import { RateLimiter } from './mail-rate';

class FakeClock {
  constructor(public ms = Date.UTC(2025, 6, 1)) {}
  now(): Date {
    return new Date(this.ms);
  }
}

/** Runs steps on one limiter: `+n` advances the clock n ms, `take` takes, `wait` reads waitMs; returns what each step saw. */
function run(perMinute: number, burst: number | undefined, steps: string[]): Array<number | boolean | null> {
  const clock = new FakeClock();
  const limiter = new RateLimiter(perMinute, clock, burst);
  return steps.map((step) => {
    if (step.startsWith('+')) {
      clock.ms += Number(step.slice(1));
      return null;
    }
    return step === 'take' ? limiter.take() : limiter.waitMs();
  });
}

describe('RateLimiter', () => {
  it.each<[string, number, number | undefined, string[], Array<number | boolean | null>]>([
    [
      '60/min: the first send at once, then one a second',
      60,
      undefined,
      ['wait', 'take', 'wait', 'take', '+400', 'wait', '+600', 'wait', 'take'],
      [0, true, 1000, false, null, 600, null, 0, true],
    ],
    ['6/min: every 10 s', 6, undefined, ['take', 'wait', '+9999', 'take', '+1', 'take'], [true, 10000, null, false, null, true]],
    [
      'a long pause saves up no more than the burst',
      60,
      undefined,
      ['take', '+60000', 'take', 'take', 'wait'],
      [true, null, true, false, 1000],
    ],
    [
      'burst 3: three at once, then one a second',
      60,
      3,
      ['take', 'take', 'take', 'take', 'wait', '+1000', 'take'],
      [true, true, true, false, 1000, null, true],
    ],
    ['600/min: 100 ms apart, rounded up', 600, undefined, ['take', '+33', 'wait'], [true, null, 67]],
    [
      'a clock set back refills nothing',
      60,
      undefined,
      ['take', '+-5000', 'wait', '+5000', 'wait', '+1000', 'wait'],
      [true, null, 1000, null, 1000, null, 0],
    ],
  ])('%s', (_case, perMinute, burst, steps, seen) => {
    expect(run(perMinute, burst, steps)).toEqual(seen);
  });

  it('holds the rate over a minute of sends as fast as allowed', () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter(60, clock);
    const start = clock.ms;
    let sent = 0;
    while (clock.ms - start < 60_000) {
      clock.ms += limiter.waitMs();
      if (clock.ms - start >= 60_000) break;
      expect(limiter.take()).toBe(true);
      sent++;
    }
    expect(sent).toBe(60);
  });

  it.each<[number, number]>([
    [0, 1],
    [-1, 1],
    [NaN, 1],
    [60, 0],
    [60, 1.5],
  ])('refuses perMinute %p, burst %p', (perMinute, burst) => {
    expect(() => new RateLimiter(perMinute, new FakeClock(), burst)).toThrow(RangeError);
  });
});
