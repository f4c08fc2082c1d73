import { SHEET_NAME_MAX, uniqueSheetNames } from './sheet-names';

describe('uniqueSheetNames', () => {
  it.each([
    [
      ['chancen', 'bereiche'],
      ['chancen', 'bereiche'],
    ],
    [
      ['a/b', 'c:d', 'e[1]', 'f*?', 'g\\h'],
      ['a_b', 'c_d', 'e_1_', 'f__', 'g_h'],
    ],
    [["'quoted'"], ['quoted']],
    [[''], ['Tabelle']],
    [
      ['chancen', 'Chancen', 'chancen'],
      ['chancen', 'Chancen (2)', 'chancen (3)'],
    ],
    [
      ['voraussetzungen_fuer_den_ki_einsatz_im_mittelstand', 'voraussetzungen_fuer_den_ki_einsatz_im_handwerk'],
      ['voraussetzungen_fuer_den_ki_ein', 'voraussetzungen_fuer_den_ki (2)'],
    ],
  ])('%j becomes %j', (wanted, expected) => {
    expect(uniqueSheetNames(wanted)).toEqual(expected);
  });

  it('never exceeds 31 characters, even with many duplicates', () => {
    const names = uniqueSheetNames(Array.from({ length: 12 }, () => 'x'.repeat(40)));
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(12);
    expect(Math.max(...names.map((name) => name.length))).toBeLessThanOrEqual(SHEET_NAME_MAX);
  });
});
