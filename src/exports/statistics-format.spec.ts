import {
  changeDetails,
  formatChange,
  formatDeltaInterval,
  formatInterval,
  formatPValue,
  formatShareWithInterval,
  significanceLabel,
  withInclusion,
} from './statistics-format';

describe('German formats of the statistics', () => {
  it.each([
    [{ low: 44, high: 75.3 }, '44,0–75,3'],
    [{ low: 0, high: 100 }, '0,0–100,0'],
    [{ low: 2.5, high: 9.05 }, '2,5–9,1'],
  ])('formatInterval(%j) is %s', (ci, expected) => {
    expect(formatInterval(ci)).toBe(expected);
  });

  it.each([
    [{ low: -11, high: 28 }, '−11,0 bis +28,0 pp'],
    [{ low: 2.1, high: 20.4 }, '+2,1 bis +20,4 pp'],
    [{ low: -30.2, high: -0.4 }, '−30,2 bis −0,4 pp'],
    [{ low: 0, high: 5 }, '0,0 bis +5,0 pp'],
  ])('formatDeltaInterval(%j) is %s', (ci, expected) => {
    expect(formatDeltaInterval(ci)).toBe(expected);
  });

  it.each([
    [60.6, { low: 44, high: 75.3 }, '60,6 % (44,0–75,3)'],
    [60.6, null, '60,6 %'],
    [null, null, '–'],
  ])('formatShareWithInterval(%j, %j) is %s', (share, ci, expected) => {
    expect(formatShareWithInterval(share, ci)).toBe(expected);
  });

  it.each([
    [0.42, 'p = 0,42'],
    [0.4249, 'p = 0,42'],
    [0.1, 'p = 0,10'],
    [0.0613, 'p = 0,061'],
    [0.004, 'p = 0,004'],
    [0.0496, 'p < 0,05'],
    [0.05, 'p = 0,050'],
    [0.0009, 'p < 0,001'],
    [0, 'p < 0,001'],
    [1, 'p = 1,00'],
  ])('formatPValue(%d) is %s', (p, expected) => {
    expect(formatPValue(p)).toBe(expected);
  });

  it.each([
    [8.4, false, '+8,4 pp, n.s.'],
    [12.3, true, '+12,3 pp*'],
    [-4, true, '−4,0 pp*'],
    [8.4, null, '+8,4 pp'],
  ])('formatChange(%d, %j) is %s', (delta, significant, expected) => {
    expect(formatChange(delta, significant)).toBe(expected);
  });

  it.each([
    [true, 'signifikant'],
    [false, 'n.s.'],
    [null, null],
  ])('significanceLabel(%j) is %j', (significant, expected) => {
    expect(significanceLabel(significant)).toBe(expected);
  });

  it('changeDetails names the interval of the difference, p and the test; null without a test', () => {
    expect(changeDetails({ deltaCi: { low: -11, high: 28 }, pValue: 0.42, test: 'n-1-chi2', significant: false })).toBe(
      'KI 95 % der Differenz −11,0 bis +28,0 pp, p = 0,42, N−1-Chi²-Test',
    );
    expect(changeDetails({ deltaCi: { low: 1, high: 60 }, pValue: 0.03, test: 'fisher', significant: true })).toBe(
      'KI 95 % der Differenz +1,0 bis +60,0 pp, p = 0,030, exakter Test nach Fisher',
    );
    expect(changeDetails({ deltaCi: null, pValue: null, test: null, significant: null })).toBeNull();
  });

  it('withInclusion names partial responses in the file name only', () => {
    expect(withInclusion('ki-2023-results.csv', 'partial')).toBe('ki-2023-results-mit-begonnenen.csv');
    expect(withInclusion('ki-2023-results.csv', 'completed')).toBe('ki-2023-results.csv');
    expect(withInclusion('ki-2023-results.xlsx', undefined)).toBe('ki-2023-results.xlsx');
  });
});
