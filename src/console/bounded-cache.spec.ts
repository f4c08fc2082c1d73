import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('creates a value once per key and drops the least recently used beyond its capacity', async () => {
    const cache = new BoundedCache<string>(2);
    const made: string[] = [];
    const make = (key: string) => cache.getOrCreate(key, async () => (made.push(key), `v-${key}`));
    expect(await make('a')).toBe('v-a');
    expect(await make('b')).toBe('v-b');
    expect(await make('a')).toBe('v-a');
    expect(await make('c')).toBe('v-c');
    expect(cache.size).toBe(2);
    expect(await make('a')).toBe('v-a');
    expect(await make('b')).toBe('v-b');
    expect(made).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps nothing when creating fails', async () => {
    const cache = new BoundedCache<string>(2);
    await expect(cache.getOrCreate('x', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(cache.size).toBe(0);
  });
});
