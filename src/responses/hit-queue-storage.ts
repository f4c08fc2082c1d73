import type { ThrottlerStorage } from '@nestjs/throttler';

/** The answer ThrottlerStorage.increment gives (@nestjs/throttler's ThrottlerStorageRecord). */
export interface HitRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

interface Tracked {
  /** Expiry times of the hits in the window, oldest first; those before `head` are gone. */
  hits: number[];
  head: number;
  /** End of the key's current window (ThrottlerStorageService's `expiresAt`). */
  windowEndsAt: number;
  blockedUntil: number;
  blocked: boolean;
}

/** Idle keys are looked for at most this often (in the course of an increment: no timer). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The respondent API's rate limits in memory, as @nestjs/throttler's ThrottlerStorageService counts them (a
 * sliding window of hits per key; past the limit the key is blocked for `blockDuration`), with the hits of a
 * key in a queue: the built-in storage filters the whole list of a key's hits on every request, which costs
 * as much as the limit is high (one shared address: up to RESPONDENT_ADDRESS_RATE_LIMIT entries a request).
 * Here expired hits leave from the front, so a request costs the same at any limit.
 */
export class HitQueueStorage implements ThrottlerStorage {
  private readonly tracked = new Map<string, Tracked>();
  private lastSweep: number;

  constructor(private readonly now: () => number = Date.now) {
    this.lastSweep = now();
  }

  /** Keys currently held (for tests). */
  get size(): number {
    return this.tracked.size;
  }

  increment(key: string, ttl: number, limit: number, blockDuration: number): Promise<HitRecord> {
    const now = this.now();
    this.sweep(now);
    let entry = this.tracked.get(key);
    if (entry === undefined) {
      entry = { hits: [], head: 0, windowEndsAt: now + ttl, blockedUntil: 0, blocked: false };
      this.tracked.set(key, entry);
    }
    dropExpired(entry, now);
    if (entry.windowEndsAt <= now) entry.windowEndsAt = now + ttl;
    const timeToExpire = seconds(entry.windowEndsAt - now);
    const count = () => entry.hits.length - entry.head;
    if (blockDuration <= 0) {
      const blocked = count() >= limit;
      if (!blocked) entry.hits.push(now + ttl);
      const oldest = entry.hits[entry.head];
      return Promise.resolve({
        totalHits: count() + (blocked ? 1 : 0),
        timeToExpire,
        isBlocked: blocked,
        timeToBlockExpire: blocked && oldest !== undefined ? seconds(oldest - now) : 0,
      });
    }
    if (!entry.blocked) entry.hits.push(now + ttl);
    if (count() > limit && !entry.blocked) {
      entry.blocked = true;
      entry.blockedUntil = now + blockDuration;
    }
    const timeToBlockExpire = seconds(entry.blockedUntil - now);
    if (timeToBlockExpire <= 0 && entry.blocked) {
      entry.blocked = false;
      entry.hits = [now + ttl];
      entry.head = 0;
    }
    return Promise.resolve({ totalHits: count(), timeToExpire, isBlocked: entry.blocked, timeToBlockExpire });
  }

  /** Forgets keys with no hit in their window and no block, at most once per SWEEP_EVERY_MS. */
  private sweep(now: number): void {
    if (now - this.lastSweep < SWEEP_EVERY_MS) return;
    this.lastSweep = now;
    for (const [key, entry] of this.tracked) {
      dropExpired(entry, now);
      if (entry.hits.length === entry.head && (!entry.blocked || entry.blockedUntil <= now)) this.tracked.delete(key);
    }
  }
}

function dropExpired(entry: Tracked, now: number): void {
  while (entry.head < entry.hits.length && entry.hits[entry.head] <= now) entry.head += 1;
  // Compacted now and then, so a long-lived key's list does not grow without bound.
  if (entry.head > 1024 && entry.head * 2 > entry.hits.length) {
    entry.hits = entry.hits.slice(entry.head);
    entry.head = 0;
  }
}

const seconds = (ms: number): number => Math.ceil(ms / 1000);
