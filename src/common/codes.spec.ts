import { CODE_PATTERN, isCode, QUESTION_CODE_PATTERN } from './codes';

describe('codes', () => {
  it.each([
    ['ki-2023', true],
    ['abb3', true],
    ['ki_mittelstand', true],
    ['2023', true],
    ['a'.repeat(100), true],
    ['a'.repeat(101), false],
    ['Ki-2023', false],
    ['ABB3', false],
    ['abb3.svg', false],
    ['-ki', false],
    ['_ki', false],
    ['Bad!', false],
    ['', false],
    ['ki 2023', false],
    ['ki/2023', false],
  ])('%j is a code: %s', (value, expected) => {
    expect(isCode(value)).toBe(expected);
  });

  it('refuses what is not a string', () => {
    expect(isCode(2023)).toBe(false);
    expect(isCode(null)).toBe(false);
  });

  it.each(['q1', 'nutzung_ki', 'a'.repeat(100), 'x_1_2'])('question code %j is a code as well', (code) => {
    expect(QUESTION_CODE_PATTERN.test(code)).toBe(true);
    expect(CODE_PATTERN.test(code)).toBe(true);
  });

  it.each(['1q', 'q-1', 'Q1', 'q.1'])('%j is no question code', (code) => {
    expect(QUESTION_CODE_PATTERN.test(code)).toBe(false);
  });
});
