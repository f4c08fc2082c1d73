/**
 * MAIL_RATE_PER_MINUTE as a token bucket: `perMinute` tokens a minute,
 * refilled continuously, at most `burst` saved up (default 1: evenly spaced
 * sends, one every 60/perMinute s). Pure apart from the injected clock; the
 * worker asks `waitMs()`, sleeps that long, then `take()`s. Per process: two
 * instances each send at the rate (say so in the README, or divide the rate).
 */
export interface RateClock {
  now(): Date;
}

export class RateLimiter {
  private tokens: number;
  private last: number;
  private readonly msPerToken: number;

  constructor(
    readonly perMinute: number,
    private readonly clock: RateClock,
    readonly burst = 1,
  ) {
    if (!Number.isFinite(perMinute) || perMinute <= 0) throw new RangeError(`perMinute must be > 0, got ${perMinute}`);
    if (!Number.isInteger(burst) || burst < 1) throw new RangeError(`burst must be an integer ≥ 1, got ${burst}`);
    this.msPerToken = 60_000 / perMinute;
    this.tokens = burst;
    this.last = clock.now().getTime();
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsed = Math.max(0, now - this.last); // a clock set back refills nothing
    this.tokens = Math.min(this.burst, this.tokens + elapsed / this.msPerToken);
    this.last = Math.max(this.last, now);
  }

  /** Milliseconds until a send is allowed; 0 when one is allowed now. Takes nothing. */
  waitMs(): number {
    this.refill();
    return this.tokens >= 1 ? 0 : Math.ceil((1 - this.tokens) * this.msPerToken);
  }

  /** Takes one send if allowed now; false (and nothing taken) if not. */
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
