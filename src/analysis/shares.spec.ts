import fc from 'fast-check';
import { deltaPp, sharePercent } from './shares';

/** Independent oracle: tenths of a percent with BigInt, rounding half up. */
function expectedShare(top: number, base: number): number {
  const numerator = 1000n * BigInt(top);
  const denominator = BigInt(base);
  const quotient = numerator / denominator;
  const remainder = numerator % denominator;
  const tenths = 2n * remainder >= denominator ? quotient + 1n : quotient;
  return Number(tenths) / 10;
}

describe('sharePercent', () => {
  it.each([
    // the report's own examples (study README, rule 3)
    [47, 53, 88.7],
    [43, 52, 82.7],
    [43, 49, 87.8],
    [21, 58, 36.2],
    [30, 58, 51.7],
    [7, 58, 12.1],
    // exact halves of a tenth round up
    [1, 8, 12.5],
    [1, 16, 6.3],
    [3, 16, 18.8],
    [5, 16, 31.3],
    [7, 16, 43.8],
    [9, 16, 56.3],
    [13, 16, 81.3],
    [15, 16, 93.8],
    [7, 400, 1.8],
    [3, 400, 0.8],
    [1, 80, 1.3],
    [13, 80, 16.3],
    [1, 2000, 0.1],
    [23, 2000, 1.2],
    [1, 160, 0.6],
    [1, 4000, 0],
    // values close to, but not at, a half
    [1, 3, 33.3],
    [2, 3, 66.7],
    [1, 6, 16.7],
    [23, 32, 71.9],
    [14, 33, 42.4],
    [9, 31, 29],
    // the ends
    [0, 5, 0],
    [5, 5, 100],
    [1, 1, 100],
  ])('%i of %i is %d %%', (top, base, share) => {
    expect(sharePercent(top, base)).toBe(share);
  });

  it('is null when the base is 0 (nobody gave a substantive answer)', () => {
    expect(sharePercent(0, 0)).toBeNull();
  });

  it.each([
    [6, 5],
    [-1, 5],
    [1.5, 5],
    [1, Number.NaN],
  ])('refuses impossible counts (%d of %d)', (top, base) => {
    expect(() => sharePercent(top, base)).toThrow(RangeError);
  });

  it('rounds every fraction up to a base of 400 half-up, exactly', () => {
    const wrong: string[] = [];
    for (let base = 1; base <= 400; base += 1) {
      for (let top = 0; top <= base; top += 1) {
        if (sharePercent(top, base) !== expectedShare(top, base)) wrong.push(`${top}/${base}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('agrees with the exact oracle on large counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50_000_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (base, fraction) => {
        const top = Math.floor(base * fraction);
        expect(sharePercent(top, base)).toBe(expectedShare(top, base));
      }),
    );
  });

  it('returns the same number as the literal one-decimal value (no float residue)', () => {
    expect(String(sharePercent(47, 53))).toBe('88.7');
    expect(String(sharePercent(1, 16))).toBe('6.3');
  });
});

describe('deltaPp', () => {
  it.each([
    [88.7, 85.4, 3.3],
    [57.7, 71.9, -14.2],
    [0.3, 0.1, 0.2],
    [0.1, 0.3, -0.2],
    [72.5, 42.4, 30.1],
    [12.3, 12.3, 0],
    [100, 0, 100],
    [0, 100, -100],
    [36.2, 29.2, 7],
  ])('%d against %d is %d pp', (current, previous, delta) => {
    expect(deltaPp(current, previous)).toBe(delta);
  });

  it.each([
    [null, 50],
    [50, null],
    [null, null],
  ])('is null when a share is missing (%p against %p)', (current, previous) => {
    expect(deltaPp(current, previous)).toBeNull();
  });

  it('is the difference of the rounded (published) shares, not of the raw fractions', () => {
    // 1/16 = 6.25 % → 6.3; 1/8 = 12.5 %; raw difference 6.25, published difference 6.2
    expect(deltaPp(sharePercent(1, 8), sharePercent(1, 16))).toBe(6.2);
  });
});
