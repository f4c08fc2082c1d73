import { AuthException } from '../auth/auth.exception';
import { ErrorCode } from '../common/error-code';
import { RequestException } from '../common/app.exception';
import { accountStatus, fieldErrorsOf, newPasswordErrors } from './access-forms';

describe('accountStatus', () => {
  const at = new Date('2025-07-27T21:59:00Z'); // 23:59 in Berlin (summer time)
  const base = { email: 'a@example.org', hasPassword: false, revokedAt: null, pendingLink: null };
  it.each([
    ['active', { ...base, hasPassword: true }, 'active', 'aktiv'],
    [
      'active with a reset link',
      { ...base, hasPassword: true, pendingLink: { purpose: 'reset' as const, expiresAt: at } },
      'active',
      'aktiv (neuer Passwort-Link gültig bis 27.07.2025, 23:59 Uhr)',
    ],
    [
      'invited',
      { ...base, pendingLink: { purpose: 'invite' as const, expiresAt: at } },
      'invited',
      'eingeladen, Link gültig bis 27.07.2025, 23:59 Uhr',
    ],
    ['invited, link expired', base, 'expired', 'eingeladen, Link abgelaufen'],
    ['API only', { ...base, email: null }, 'api', 'nur API-Zugang (ohne Anmeldung in der Konsole)'],
    ['revoked', { ...base, hasPassword: true, revokedAt: at }, 'revoked', 'gesperrt seit 27.07.2025, 23:59 Uhr'],
  ])('%s', (_name, account, kind, text) => {
    expect(accountStatus(account)).toEqual({ kind, text });
  });
});

describe('newPasswordErrors', () => {
  it.each([
    ['12 characters, repeated', 'zwölf Zeiche', 'zwölf Zeiche', {}],
    ['11 characters', 'elf Zeichen', 'elf Zeichen', { password: 'Das Passwort muss mindestens 12 Zeichen lang sein.' }],
    ['12 emoji count as 12', '😀'.repeat(12), '😀'.repeat(12), {}],
    ['201 characters', 'x'.repeat(201), 'x'.repeat(201), { password: 'Das Passwort darf höchstens 200 Zeichen lang sein.' }],
    ['different repetition', 'ein langes Passwort', 'ein langes Paßwort', { repeat: 'Die beiden Eingaben stimmen nicht überein.' }],
    ['no composition rules', 'aaaaaaaaaaaa', 'aaaaaaaaaaaa', {}],
  ])('%s', (_name, password, repeat, errors) => {
    expect(newPasswordErrors(password, repeat)).toEqual(errors);
  });
});

describe('fieldErrorsOf', () => {
  it.each([
    [
      'invalid invite',
      new AuthException(ErrorCode.VALIDATION_FAILED, 'x', [
        { path: 'name', message: 'x' },
        { path: 'email', message: 'x' },
      ]),
      { name: 'Bitte geben Sie einen Namen an (höchstens 200 Zeichen).', email: 'Bitte geben Sie eine gültige E-Mail-Adresse an.' },
    ],
    ['e-mail taken', new AuthException(ErrorCode.STAFF_EMAIL_TAKEN, 'x'), { email: 'Für diese E-Mail-Adresse gibt es schon ein Konto.' }],
    ['wrong current password', new AuthException(ErrorCode.STAFF_PASSWORD_WRONG, 'x'), { current: 'Das bisherige Passwort stimmt nicht.' }],
    [
      'label',
      new AuthException(ErrorCode.VALIDATION_FAILED, 'x', [{ path: 'label', message: 'x' }]),
      { label: 'Bitte geben Sie eine Bezeichnung an (1 bis 100 Zeichen).' },
    ],
    [
      'validation without fields',
      new RequestException(ErrorCode.VALIDATION_FAILED, 'x'),
      { form: 'Die Eingaben sind nicht vollständig oder nicht gültig.' },
    ],
  ])('%s', (_name, error, errors) => {
    expect(fieldErrorsOf(error)).toEqual(errors);
  });

  it.each([
    ['revoked member', new AuthException(ErrorCode.STAFF_MEMBER_REVOKED, 'x')],
    ['not found', new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, 'x')],
    ['a plain error', new Error('boom')],
  ])('leaves %s to the error page', (_name, error) => {
    expect(fieldErrorsOf(error)).toBeUndefined();
  });
});
