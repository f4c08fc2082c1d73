import { neutralizeCell, neutralizeText } from './cell-safety';

describe('neutralizeText', () => {
  it.each([
    ['=HYPERLINK("http://evil.example","klick")', `'=HYPERLINK("http://evil.example","klick")`],
    ['+1', "'+1"],
    ['-2', "'-2"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', "'\t=1+1"],
    ['\r=1+1', "'\r=1+1"],
    ["'=1+1", "'=1+1"],
    ['Kundenservice', 'Kundenservice'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
    ['Übungsphase', 'Übungsphase'],
  ])('%j becomes %j', (text, expected) => {
    expect(neutralizeText(text)).toBe(expected);
  });

  it('is idempotent', () => {
    expect(neutralizeText(neutralizeText('=1+1'))).toBe("'=1+1");
  });
});

describe('neutralizeCell', () => {
  const date = new Date('2023-07-01T10:00:00Z');
  it.each([
    [-2, -2],
    [88.7, 88.7],
    [null, null],
    [date, date],
    ['-2', "'-2"],
  ])('%j becomes %j', (value, expected) => {
    expect(neutralizeCell(value)).toEqual(expected);
  });
});
