import { emailKey, emailProblem, trimEmail } from './staff-email';

describe('staff e-mails', () => {
  it.each([
    ['anna@example.org', undefined],
    ['  Anna.Schmidt@Example.ORG ', undefined],
    ['admin@localhost', undefined],
    ['anna', 'not valid'],
    ['anna@', 'not valid'],
    ['Anna <anna@example.org>', 'not valid'],
    ['', 'not valid'],
    [`${'a'.repeat(310)}@example.org`, 'at most 320'],
    [42, 'must be a string'],
  ])('%j → %s', (email, expected) => {
    const problem = emailProblem(email);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  it('keeps the case as typed but compares lower-cased', () => {
    expect(trimEmail('  Anna@Example.org ')).toBe('Anna@Example.org');
    expect(emailKey('  Anna@Example.org ')).toBe('anna@example.org');
  });
});
