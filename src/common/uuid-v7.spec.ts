import { formatUuidV7, UuidV7Generator } from './uuid-v7';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
/** The milliseconds in an id's first 48 bits. */
const timeOf = (id: string) => parseInt(id.replace(/-/g, '').slice(0, 12), 16);

describe('UUID version 7', () => {
  it.each([
    [0, 0, 'ff'.repeat(8), '00000000-0000-7000-bfff-ffffffffffff'],
    [1, 0xfff, '00'.repeat(8), '00000000-0001-7fff-8000-000000000000'],
    // RFC 9562, appendix A.6 (rand_b 0x18c4dc0c0c07398f with the variant bits set).
    [0x017f22e279b0, 0xcc3, '18c4dc0c0c07398f', '017f22e2-79b0-7cc3-98c4-dc0c0c07398f'],
  ])('formats time %i, sequence %i and random %s as %s', (ms, sequence, random, expected) => {
    expect(formatUuidV7(ms, sequence, Buffer.from(random, 'hex'))).toBe(expected);
  });

  it('carries the version 7, the RFC variant and the time of the clock', () => {
    const at = Date.UTC(2026, 11, 1, 23, 34);
    const id = new UuidV7Generator(() => at).next();
    expect(id).toMatch(UUID_V7);
    expect(timeOf(id)).toBe(at);
  });

  it('makes ids that sort in the order they were made, within a millisecond and across a clock that steps back', () => {
    const times = [5, 5, 5, 6, 6, 4, 4, 7];
    const generator = new UuidV7Generator(() => times.shift() ?? 7);
    const ids = Array.from({ length: 8 }, () => generator.next());
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(8);
    // The steps back (4) continue from the last time used (6).
    expect(ids.map(timeOf)).toEqual([5, 5, 5, 6, 6, 6, 6, 7]);
  });

  it('moves on to the next millisecond after 4,096 ids in one', () => {
    const generator = new UuidV7Generator(() => 1000);
    const ids = Array.from({ length: 5000 }, () => generator.next());
    expect([...ids].sort()).toEqual(ids);
    expect(ids.filter((id) => timeOf(id) === 1000)).toHaveLength(4096);
    expect(timeOf(ids[4096])).toBe(1001);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });
});
