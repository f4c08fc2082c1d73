/**
 * The one pattern of the codes that name things in URLs, files and exports:
 * wave codes, survey ids, figure ids and the wave references of figures.json.
 * 1–100 lower-case letters, digits, `-` and `_`, starting with a letter or
 * digit; never a dot (so `abb3.svg` is an export of `abb3`, never an id).
 */
export const CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,99}$/;

/**
 * Question and item codes of a definition: the same alphabet narrowed to what
 * is a column name in R and SPSS too (a letter first, no `-`). Every question
 * code is a code (`codes.spec.ts` keeps it so).
 */
export const QUESTION_CODE_PATTERN = /^[a-z][a-z0-9_]{0,99}$/;

/** Whether `value` is a code (see CODE_PATTERN). */
export function isCode(value: unknown): value is string {
  return typeof value === 'string' && CODE_PATTERN.test(value);
}

/** How CODE_PATTERN reads in a validation message. */
export const CODE_RULE = '1–100 lower-case letters, digits, - or _, starting with a letter or digit';
