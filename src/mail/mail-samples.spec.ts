import { EXAMPLE_LINK_TOKEN, exampleLinks, mailKindOf, smtpResponseCode } from './mail-samples';

describe('exampleLinks', () => {
  it.each([
    [
      'https://umfrage.example.org',
      'https://umfrage.example.org/survey/BEISPIEL-persoenlicher-Link',
      'https://umfrage.example.org/abmelden/BEISPIEL-Abmeldelink',
    ],
    [
      'http://127.0.0.1:3000/',
      'http://127.0.0.1:3000/survey/BEISPIEL-persoenlicher-Link',
      'http://127.0.0.1:3000/abmelden/BEISPIEL-Abmeldelink',
    ],
    [
      'https://example.org/befragung//',
      'https://example.org/befragung/survey/BEISPIEL-persoenlicher-Link',
      'https://example.org/befragung/abmelden/BEISPIEL-Abmeldelink',
    ],
  ])('%s → %s and %s', (publicUrl, link, abmelden) => {
    expect(exampleLinks(publicUrl)).toEqual({ link, abmelden, optOutToken: 'BEISPIEL-Abmeldelink' });
  });

  it('names an example, never something shaped like a real token (43 base64url characters)', () => {
    expect(EXAMPLE_LINK_TOKEN).toMatch(/BEISPIEL/);
    expect(EXAMPLE_LINK_TOKEN).not.toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('mailKindOf', () => {
  it.each([
    ['invitation', 'invitation'],
    ['reminder', 'reminder'],
    ['Invitation', null],
    ['erinnerung', null],
    ['', null],
    ['constructor', null],
  ])('%j → %j', (value, kind) => {
    expect(mailKindOf(value)).toBe(kind);
  });
});

describe('smtpResponseCode', () => {
  it.each([
    [{ responseCode: 550, response: '550 5.1.1 <a@example.org>: Recipient address rejected', message: 'x' }, 550],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' }, null],
    [{ responseCode: 451, response: '451 4.3.0\r\n try\tlater ' }, 451],
    [{ responseCode: 4.5 }, null],
    [new Error(''), null],
    [null, null],
  ])('%j → %j', (error, code) => {
    expect(smtpResponseCode(error)).toBe(code);
  });
});
