/**
 * German texts of the Team and "Mein Zugang" pages: an account's status, the errors of their forms.
 * Pure (no Nest, no database).
 */
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from '../auth/password-hash';
import type { StaffAccountView } from '../auth/staff-accounts.types';
import { AppException, pathDetails } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { germanErrorMessage } from '../common/german-error-messages';
import { formatDateTime } from '../common/german-time';

/** A German message per form field (field name → message). */
export type FieldErrors = Record<string, string>;

export interface AccountStatus {
  /** For the CSS class: status-<kind>. */
  kind: 'active' | 'invited' | 'expired' | 'revoked' | 'api';
  text: string;
}

/** "aktiv", "eingeladen, Link gültig bis …", "gesperrt seit …" and the rarer states in between. */
export function accountStatus(account: Pick<StaffAccountView, 'email' | 'hasPassword' | 'revokedAt' | 'pendingLink'>): AccountStatus {
  if (account.revokedAt) return { kind: 'revoked', text: `gesperrt seit ${formatDateTime(account.revokedAt)}` };
  const link = account.pendingLink ? `Link gültig bis ${formatDateTime(account.pendingLink.expiresAt)}` : undefined;
  if (account.hasPassword) return { kind: 'active', text: link ? `aktiv (neuer Passwort-${link})` : 'aktiv' };
  if (!account.email) return { kind: 'api', text: 'nur API-Zugang (ohne Anmeldung in der Konsole)' };
  if (link) return { kind: 'invited', text: `eingeladen, ${link}` };
  return { kind: 'expired', text: 'eingeladen, Link abgelaufen' };
}

/** Errors of a new password and its repetition, before anything is checked or stored. */
export function newPasswordErrors(password: string, repeat: string): FieldErrors {
  const length = passwordLength(password);
  if (length < PASSWORD_MIN_LENGTH) return { password: `Das Passwort muss mindestens ${PASSWORD_MIN_LENGTH} Zeichen lang sein.` };
  if (length > PASSWORD_MAX_LENGTH) return { password: `Das Passwort darf höchstens ${PASSWORD_MAX_LENGTH} Zeichen lang sein.` };
  if (password !== repeat) return { repeat: 'Die beiden Eingaben stimmen nicht überein.' };
  return {};
}

const FIELD_TEXTS: Record<string, string> = {
  name: 'Bitte geben Sie einen Namen an (höchstens 200 Zeichen).',
  email: 'Bitte geben Sie eine gültige E-Mail-Adresse an.',
  role: 'Bitte wählen Sie eine Rolle.',
  label: 'Bitte geben Sie eine Bezeichnung an (1 bis 100 Zeichen).',
};

/** The field of an error code that carries no field itself. */
const FIELD_OF_CODE: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.STAFF_EMAIL_TAKEN]: 'email',
  [ErrorCode.STAFF_PASSWORD_WRONG]: 'current',
  [ErrorCode.STAFF_PASSWORD_INVALID]: 'password',
};

/**
 * The German field errors of a service's refusal of a form (invalid input, e-mail taken, wrong current
 * password), or undefined for any other error (the error page shows it).
 */
export function fieldErrorsOf(error: unknown): FieldErrors | undefined {
  if (!(error instanceof AppException)) return undefined;
  const code = error.code as ErrorCode;
  if (code !== ErrorCode.VALIDATION_FAILED && FIELD_OF_CODE[code] === undefined) return undefined;
  const fixed = FIELD_OF_CODE[code];
  if (fixed !== undefined) return { [fixed]: germanErrorMessage(code, 422) };
  const errors: FieldErrors = {};
  for (const detail of pathDetails(error)) {
    const field = detail.path.split('.')[0];
    errors[field] = FIELD_TEXTS[field] ?? germanErrorMessage(code, 422);
  }
  return Object.keys(errors).length > 0 ? errors : { form: germanErrorMessage(code, 422) };
}
