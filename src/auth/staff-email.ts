import { isEmail } from 'class-validator';

export const EMAIL_MAX_LENGTH = 320;

/** The e-mail as stored: trimmed, case kept as typed. */
export function trimEmail(raw: string): string {
  return raw.trim();
}

/** What e-mails are compared by (unique index on lower(email), slowdown key): trimmed, lower-cased. */
export function emailKey(raw: string): string {
  return raw.trim().toLowerCase();
}

/** Why an e-mail is not accepted for an account (English, for the API), or undefined. */
export function emailProblem(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return 'The e-mail must be a string';
  const email = trimEmail(raw);
  if (email.length > EMAIL_MAX_LENGTH) return `The e-mail must be at most ${EMAIL_MAX_LENGTH} characters long`;
  if (!isEmail(email, { require_tld: false, allow_display_name: false, allow_ip_domain: false })) return 'The e-mail address is not valid';
  return undefined;
}
