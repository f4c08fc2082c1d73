import { readCookie, sessionCookie, sessionCookieName } from './session-cookie';

describe('readCookie', () => {
  it.each([
    ['survey_console=abc_DEF-123', 'abc_DEF-123'],
    ['a=1; survey_console=xyz; b=2', 'xyz'],
    ['other_survey_console=xyz', undefined],
    ['survey_console=', undefined],
    ['survey_console=has space', undefined],
    ['survey_console="quoted"', undefined],
    [undefined, undefined],
  ])('%s → %s', (header, expected) => {
    expect(readCookie(header, 'survey_console')).toBe(expected);
  });
});

describe('sessionCookie', () => {
  it('is HttpOnly, SameSite=Lax and for the whole site over http', () => {
    expect(sessionCookie(false, 'v')).toBe('survey_console=v; Path=/; HttpOnly; SameSite=Lax');
  });

  it('is Secure with the __Host- prefix over https', () => {
    expect(sessionCookie(true, 'v')).toBe('__Host-survey_console=v; Path=/; HttpOnly; SameSite=Lax; Secure');
    expect(sessionCookieName(true)).toBe('__Host-survey_console');
  });

  it('clears the cookie with Max-Age=0', () => {
    expect(sessionCookie(false, null)).toBe('survey_console=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0');
  });
});
