import { ThrottlerStorageService } from '@nestjs/throttler';
import { HitQueueStorage } from './hit-queue-storage';

/** Drives both storages through the same requests at the same (faked) times and compares every answer. */
describe('HitQueueStorage', () => {
  let now = 1_000_000;
  beforeEach(() => {
    now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it.each([
    // [what, limit, ttl ms, blockDuration ms, gaps between requests in ms]
    ['under the limit', 5, 60_000, 60_000, [0, 10, 10, 10]],
    ['over the limit: blocked, then free again after the block', 3, 1_000, 1_000, [0, 1, 1, 1, 1, 1, 500, 600, 1, 1, 1, 1, 2_000, 1]],
    ['hits leave the window one by one', 3, 1_000, 5_000, [0, 300, 300, 300, 300, 300, 300, 300]],
    ['without a block duration', 2, 1_000, 0, [0, 1, 1, 1, 1_000, 1, 1, 1]],
  ])('answers like ThrottlerStorageService: %s', async (_what, limit, ttl, block, gaps) => {
    const ours = new HitQueueStorage();
    const builtIn = new ThrottlerStorageService();
    try {
      for (const gap of gaps) {
        now += gap;
        expect(await ours.increment('k', ttl, limit, block)).toEqual(await builtIn.increment('k', ttl, limit, block, 'per-token'));
      }
    } finally {
      builtIn.onApplicationShutdown();
    }
  });

  it('counts each key on its own', async () => {
    const storage = new HitQueueStorage();
    await storage.increment('a', 60_000, 1, 60_000);
    expect((await storage.increment('a', 60_000, 1, 60_000)).isBlocked).toBe(true);
    expect((await storage.increment('b', 60_000, 1, 60_000)).isBlocked).toBe(false);
  });

  it('forgets idle keys (no timer: on a later request)', async () => {
    const storage = new HitQueueStorage();
    await storage.increment('a', 1_000, 10, 1_000);
    now += 61_000;
    await storage.increment('b', 1_000, 10, 1_000);
    expect(storage.size).toBe(1);
  });

  it('keeps a request as cheap at a limit of a million as at ten', async () => {
    const storage = new HitQueueStorage();
    for (let index = 0; index < 50_000; index += 1) {
      now += 1;
      await storage.increment('shared-address', 60_000, 1_000_000, 60_000);
    }
    // All 50,000 are in the window; nothing was copied or filtered per request (a count, not a time, is asserted).
    expect((await storage.increment('shared-address', 60_000, 1_000_000, 60_000)).totalHits).toBe(50_001);
    now += 60_000;
    expect((await storage.increment('shared-address', 60_000, 1_000_000, 60_000)).totalHits).toBe(1);
  });
});
