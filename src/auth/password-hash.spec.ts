import {
  CURRENT_PARAMETERS,
  dummyHash,
  hashPassword,
  needsRehash,
  parseStoredHash,
  passwordLength,
  passwordProblem,
  verifyPassword,
} from './password-hash';

describe('passwordProblem: length only, in code points, no composition rules', () => {
  it.each([
    ['', 'at least 12'],
    ['elf zeichen!', undefined],
    ['a'.repeat(11), 'at least 12'],
    ['a'.repeat(12), undefined],
    ['kleinbuchstaben nur', undefined],
    ['😀'.repeat(11), 'at least 12'],
    ['😀'.repeat(12), undefined],
    ['a'.repeat(200), undefined],
    ['a'.repeat(201), 'at most 200'],
    [12345678901234, 'must be a string'],
    [undefined, 'must be a string'],
  ])('%j → %s', (password, expected) => {
    const problem = passwordProblem(password);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(expected);
  });

  it('counts a decomposed umlaut once (NFC)', () => {
    expect(passwordLength('u\u0308')).toBe(1);
    expect(passwordLength('ü')).toBe(1);
  });
});

describe('hashPassword / verifyPassword', () => {
  it('writes the self-describing format with the current parameters and a fresh salt', async () => {
    const first = await hashPassword('richtig langes Passwort');
    const second = await hashPassword('richtig langes Passwort');
    expect(first).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}$/);
    expect(first).not.toBe(second);
    expect(parseStoredHash(first)?.parameters).toEqual(CURRENT_PARAMETERS);
    expect(parseStoredHash(first)?.salt).toHaveLength(16);
    expect(parseStoredHash(first)?.key).toHaveLength(32);
  });

  it.each([
    ['richtig langes Passwort', true],
    ['richtig langes passwort', false],
    ['richtig langes Passwort ', false],
    ['', false],
  ])('the stored hash of "richtig langes Passwort" accepts %j: %s', async (attempt, expected) => {
    const stored = await hashPassword('richtig langes Passwort');
    await expect(verifyPassword(attempt, stored)).resolves.toBe(expected);
  });

  it('accepts the same umlaut typed composed or decomposed', async () => {
    const stored = await hashPassword('Grüße aus Köln');
    await expect(verifyPassword('Gru\u0308ße aus Ko\u0308ln', stored)).resolves.toBe(true);
  });

  it('verifies a hash made with other (weaker) parameters, which then needs a re-hash', async () => {
    const stored = await hashPassword('richtig langes Passwort', { N: 1024, r: 8, p: 1 });
    expect(stored.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword('richtig langes Passwort', stored)).resolves.toBe(true);
    expect(needsRehash(stored)).toBe(true);
    expect(needsRehash(await hashPassword('x'.repeat(12)))).toBe(false);
  });

  it.each([
    ['', 'empty'],
    ['bcrypt$12$abc', 'another algorithm'],
    ['scrypt$1000$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', 'N not a power of two'],
    ['scrypt$2097152$8$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', 'N too large'],
    ['scrypt$1024$0$1$c2FsdHNhbHRzYWx0$a2V5a2V5a2V5a2V5a2V5a2V5', 'r zero'],
    ['scrypt$1024$8$1$!!$a2V5a2V5a2V5a2V5a2V5a2V5', 'salt not base64'],
    ['scrypt$1024$8$1$c2FsdHNhbHRzYWx0$a2V5', 'key too short'],
  ])('refuses a malformed stored hash (%s: %s)', async (stored) => {
    expect(parseStoredHash(stored)).toBeUndefined();
    await expect(verifyPassword('richtig langes Passwort', stored)).resolves.toBe(false);
  });

  it('has one dummy hash per process, in the current format, that no guess matches', async () => {
    const dummy = await dummyHash();
    expect(await dummyHash()).toBe(dummy);
    expect(parseStoredHash(dummy)?.parameters).toEqual(CURRENT_PARAMETERS);
    await expect(verifyPassword('', dummy)).resolves.toBe(false);
  });
});
