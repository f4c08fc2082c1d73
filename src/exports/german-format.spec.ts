import { formatCount, formatDeltaPp, formatPercent } from './german-format';

describe('German number formats', () => {
  it.each([
    [88.7, '88,7 %'],
    [100, '100,0 %'],
    [0, '0,0 %'],
    [5.25, '5,3 %'],
  ])('formatPercent(%d) is %s', (share, expected) => {
    expect(formatPercent(share)).toBe(expected);
  });

  it.each([
    [12.3, '+12,3 pp'],
    [-4, '−4,0 pp'],
    [0, '±0,0 pp'],
    [-0.04, '±0,0 pp'],
    [0.5, '+0,5 pp'],
  ])('formatDeltaPp(%d) is %s', (delta, expected) => {
    expect(formatDeltaPp(delta)).toBe(expected);
  });

  it.each([
    [54, '54'],
    [1234, '1.234'],
  ])('formatCount(%d) is %s', (count, expected) => {
    expect(formatCount(count)).toBe(expected);
  });
});
