import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareShares,
  fisherExactP,
  inPercent,
  minExpectedCount,
  newcombeInterval,
  nMinusOneChiSquareP,
  roundTenth,
  wilsonInterval,
} from './statistics';

/** The study's reference cases (copied from shared/study/statistics-reference.csv), computed independently. */
const REFERENCE = readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'statistics-reference.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cells = line.split(',');
    const number = (index: number) => (cells[index] === '' ? null : Number(cells[index]));
    return {
      x1: Number(cells[0]),
      n1: Number(cells[1]),
      x2: Number(cells[2]),
      n2: Number(cells[3]),
      wilson1: [number(4), number(5)],
      wilson2: [number(6), number(7)],
      newcombe: [number(8), number(9)],
      minExpected: number(10),
      pChi2: number(11),
      pFisher: number(12) as number,
      test: cells[13],
      p: Number(cells[14]),
    };
  });

const share = fc.integer({ min: 1, max: 400 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n)));

describe('statistics', () => {
  it('has the reference cases', () => {
    expect(REFERENCE.length).toBeGreaterThanOrEqual(15);
  });

  describe.each(REFERENCE)('reference $x1/$n1 vs $x2/$n2', (row) => {
    it('Wilson limits of both shares match to 0.1 pp (rounded: within half a tenth)', () => {
      for (const [[x, n], [low, high]] of [
        [[row.x1, row.n1], row.wilson1],
        [[row.x2, row.n2], row.wilson2],
      ] as Array<[[number, number], [number, number]]>) {
        const interval = wilsonInterval(x, n) ?? fail('no interval');
        expect(Math.abs(interval.low * 100 - low)).toBeLessThan(1e-3);
        expect(Math.abs(interval.high * 100 - high)).toBeLessThan(1e-3);
        const shown = inPercent(interval);
        expect(Math.abs(shown.low - low)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.abs(shown.high - high)).toBeLessThanOrEqual(0.05 + 1e-9);
      }
    });

    it('Newcombe limits of the difference match to 0.1 pp', () => {
      const interval = newcombeInterval(row.x1, row.n1, row.x2, row.n2) ?? fail('no interval');
      expect(Math.abs(interval.low * 100 - (row.newcombe[0] as number))).toBeLessThan(1e-3);
      expect(Math.abs(interval.high * 100 - (row.newcombe[1] as number))).toBeLessThan(1e-3);
    });

    it('the smallest expected count, both p-values and the test Campbell’s rule picks match (p to 1e-4)', () => {
      expect(minExpectedCount(row.x1, row.n1, row.x2, row.n2)).toBeCloseTo(row.minExpected as number, 4);
      if (row.pChi2 === null) {
        expect(nMinusOneChiSquareP(row.x1, row.n1, row.x2, row.n2)).toBe(1);
      } else {
        expect(Math.abs(nMinusOneChiSquareP(row.x1, row.n1, row.x2, row.n2) - row.pChi2)).toBeLessThan(1e-4);
      }
      expect(Math.abs(fisherExactP(row.x1, row.n1, row.x2, row.n2) - row.pFisher)).toBeLessThan(1e-4);
      const comparison = compareShares(row.x1, row.n1, row.x2, row.n2) ?? fail('no comparison');
      expect(comparison.test).toBe(row.test);
      expect(Math.abs(comparison.pValue - row.p)).toBeLessThan(1e-4);
    });
  });

  describe('Wilson interval: properties', () => {
    it('contains the point estimate and stays within 0–100 %', () => {
      fc.assert(
        fc.property(share, ([x, n]) => {
          const interval = wilsonInterval(x, n) as { low: number; high: number };
          expect(interval.low).toBeGreaterThanOrEqual(0);
          expect(interval.high).toBeLessThanOrEqual(1);
          expect(interval.low).toBeLessThanOrEqual(x / n + 1e-12);
          expect(interval.high).toBeGreaterThanOrEqual(x / n - 1e-12);
        }),
      );
    });

    it('is symmetric under swapping success and failure', () => {
      fc.assert(
        fc.property(share, ([x, n]) => {
          const interval = wilsonInterval(x, n) as { low: number; high: number };
          const swapped = wilsonInterval(n - x, n) as { low: number; high: number };
          expect(interval.low).toBeCloseTo(1 - swapped.high, 12);
          expect(interval.high).toBeCloseTo(1 - swapped.low, 12);
        }),
      );
    });

    it('gets narrower as n grows at the same share', () => {
      fc.assert(
        fc.property(share, fc.integer({ min: 2, max: 10 }), ([x, n], factor) => {
          const small = wilsonInterval(x, n) as { low: number; high: number };
          const large = wilsonInterval(x * factor, n * factor) as { low: number; high: number };
          expect(large.high - large.low).toBeLessThan(small.high - small.low);
        }),
      );
    });

    it.each([
      [0, 10, 0, 27.8],
      [10, 10, 72.2, 100],
      [1, 1, 20.7, 100],
      [0, 1, 0, 79.3],
      [20, 33, 43.7, 75.3],
    ])('%i of %i: %f–%f %%', (x, n, low, high) => {
      expect(inPercent(wilsonInterval(x, n) as { low: number; high: number })).toEqual({ low, high });
    });

    it('has no interval without a base, and refuses impossible counts', () => {
      expect(wilsonInterval(0, 0)).toBeNull();
      expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
      expect(() => wilsonInterval(-1, 2)).toThrow(RangeError);
      expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
    });
  });

  describe('comparing two shares: properties and edge cases', () => {
    it('the difference interval contains the observed difference, within −100…+100 pp, and flips sign when the waves swap', () => {
      fc.assert(
        fc.property(share, share, ([x1, n1], [x2, n2]) => {
          const interval = newcombeInterval(x1, n1, x2, n2) as { low: number; high: number };
          const difference = x1 / n1 - x2 / n2;
          expect(interval.low).toBeLessThanOrEqual(difference + 1e-12);
          expect(interval.high).toBeGreaterThanOrEqual(difference - 1e-12);
          expect(interval.low).toBeGreaterThanOrEqual(-1 - 1e-12);
          expect(interval.high).toBeLessThanOrEqual(1 + 1e-12);
          const swapped = newcombeInterval(x2, n2, x1, n1) as { low: number; high: number };
          expect(swapped.low).toBeCloseTo(-interval.high, 12);
          expect(swapped.high).toBeCloseTo(-interval.low, 12);
        }),
      );
    });

    it('p-values are probabilities, the same for both orders, and 1 for equal shares of equal bases', () => {
      fc.assert(
        fc.property(share, share, ([x1, n1], [x2, n2]) => {
          const comparison = compareShares(x1, n1, x2, n2);
          expect(comparison?.pValue).toBeGreaterThanOrEqual(0);
          expect(comparison?.pValue).toBeLessThanOrEqual(1);
          expect(compareShares(x2, n2, x1, n1)?.pValue).toBeCloseTo(comparison?.pValue as number, 10);
          expect(compareShares(x1, n1, x1, n1)?.pValue).toBeCloseTo(1, 6);
        }),
      );
    });

    it('both shares 0 % or both 100 %: no evidence of a change (p = 1), an interval around 0', () => {
      for (const [x1, n1, x2, n2] of [
        [0, 20, 0, 30],
        [20, 20, 30, 30],
      ]) {
        const comparison = compareShares(x1, n1, x2, n2);
        expect(comparison?.pValue).toBe(1);
        expect(comparison?.test).toBe('fisher');
        expect(comparison?.difference.low).toBeLessThan(0);
        expect(comparison?.difference.high).toBeGreaterThan(0);
      }
    });

    it.each([
      [2, 49, 0, 49],
      [1, 49, 1, 49],
      [1, 2, 1, 2],
    ])('an expected count of exactly 1 (%i/%i vs %i/%i) takes the N−1 chi-squared test', (x1, n1, x2, n2) => {
      expect(compareShares(x1, n1, x2, n2)?.test).toBe('n-1-chi2');
    });

    it('has no comparison without a base', () => {
      expect(compareShares(0, 0, 3, 10)).toBeNull();
      expect(compareShares(3, 10, 0, 0)).toBeNull();
    });

    it('the issue’s example: +8.4 pp (20 of 33 vs 40 of 58 the other way round) is well inside the noise', () => {
      const comparison = compareShares(40, 58, 20, 33);
      expect(inPercent(comparison?.difference as { low: number; high: number })).toEqual({ low: -11.1, high: 28.2 });
      expect(comparison?.pValue).toBeCloseTo(0.4211, 4);
      expect(comparison?.test).toBe('n-1-chi2');
    });
  });

  it.each([
    [12.35, 12.4],
    [-12.35, -12.4],
    [0.04, 0],
    [-0.04, 0],
    [99.95, 100],
    [43.68, 43.7],
  ])('rounds %f half-up (away from zero) to %f', (value, rounded) => {
    expect(roundTenth(value)).toBe(rounded);
    expect(Object.is(roundTenth(value), -0)).toBe(false);
  });
});
