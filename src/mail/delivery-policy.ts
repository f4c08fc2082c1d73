/**
 * When to retry a mail, what an SMTP reply means, and who gets which mail.
 * Pure: no Nest, no database, no nodemailer (its error fields are described
 * structurally by SmtpError).
 */

export type DeliveryOutcome = 'sent' | 'deferred' | 'failed';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const FIRST_RETRY_DELAY_MS = 30 * SECOND;
export const MAX_RETRY_DELAY_MS = 4 * HOUR;
/** A mail not accepted within this time after it became due is given up. */
export const MAX_DELIVERY_AGE_MS = 3 * DAY;
export const EXPIRED_ERROR = 'gave up after 3 days';

/**
 * The wait before the next attempt, after `attempts` failed ones (≥ 1):
 * 30 s doubling, capped at 4 h.
 *
 * | attempts | delay  | total since first attempt |
 * |---------:|-------:|---------------------------|
 * | 1        | 30 s   | 30 s                      |
 * | 2        | 1 min  | 1,5 min                   |
 * | 3        | 2 min  | 3,5 min                   |
 * | 4        | 4 min  | 7,5 min                   |
 * | 5        | 8 min  | 15,5 min                  |
 * | 6        | 16 min | 31,5 min                  |
 * | 7        | 32 min | 63,5 min                  |
 * | 8        | 64 min | ≈ 2,1 h                   |
 * | 9        | 128 min| ≈ 4,3 h                   |
 * | ≥ 10     | 4 h    | then every 4 h, ≈ 26 attempts in 3 days |
 */
export function nextAttemptDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError(`attempts must be an integer ≥ 1, got ${attempts}`);
  if (attempts > 20) return MAX_RETRY_DELAY_MS; // 2^19 · 30 s is far past the cap; avoid huge powers
  return Math.min(FIRST_RETRY_DELAY_MS * 2 ** (attempts - 1), MAX_RETRY_DELAY_MS);
}

/** The fields of a nodemailer/SMTP error this module reads. */
export interface SmtpError {
  /** The SMTP reply code, when the server answered (e.g. 451, 550). */
  responseCode?: number;
  /** nodemailer's or the socket's code: ECONNECTION, ETIMEDOUT, ESOCKET, ECONNRESET, EAUTH, EENVELOPE, EMESSAGE … */
  code?: string;
  /** The server's reply line(s), e.g. "550 5.1.1 <x@example.org>: user unknown". */
  response?: string;
  message?: string;
}

/**
 * Errors without a reply code that are worth retrying: the connection, the
 * network or the relay's configuration, not the recipient. EAUTH counts here
 * on purpose: a wrong password must not turn every recipient into a bounce.
 */
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EDNS',
  'EPROTOCOL',
  'ETLS',
  'EAUTH',
]);

/**
 * What one attempt's result means: no error (the relay answered 250 after
 * DATA) → sent; an SMTP 2xx → sent; 4xx → deferred; 5xx → failed; no reply
 * code and a dropped connection, timeout or other transient code → deferred;
 * anything else (a message that cannot be built, no recipient) → failed,
 * since retrying cannot help.
 */
export function deliveryOutcome(error: SmtpError | null): DeliveryOutcome {
  if (error === null) return 'sent';
  const reply = error.responseCode;
  if (reply !== undefined && reply >= 200 && reply < 600) {
    if (reply < 400) return 'sent';
    return reply < 500 ? 'deferred' : 'failed';
  }
  return error.code !== undefined && TRANSIENT_CODES.has(error.code) ? 'deferred' : 'failed';
}

export const MAX_ERROR_LENGTH = 500;

/**
 * The text stored as `lastError` and shown to staff (also the answer of a test send): the server's reply when there is
 * one, else code and message; one line without control characters, at most MAX_ERROR_LENGTH characters. Takes
 * whatever was thrown (a nodemailer error, an Error, anything).
 */
export function smtpErrorText(error: unknown): string {
  const { response, code, message } = (error ?? {}) as { response?: unknown; code?: unknown; message?: unknown };
  const reply = typeof response === 'string' ? response.trim() : '';
  const text =
    reply || [code, message].filter((part): part is string => typeof part === 'string' && part !== '').join(': ') || 'unknown error';
  const line = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (line === '') return 'unknown error';
  return line.length > MAX_ERROR_LENGTH ? `${line.slice(0, MAX_ERROR_LENGTH - 1)}…` : line;
}

/** Whether a mail that became due at `firstDueAt` and is still not accepted must be given up (after 3 days). */
export function isExpired(firstDueAt: Date, now: Date): boolean {
  return now.getTime() - firstDueAt.getTime() >= MAX_DELIVERY_AGE_MS;
}

export type AttemptResult =
  { status: 'sent' } | { status: 'deferred'; nextAttemptAt: Date; lastError: string } | { status: 'failed'; lastError: string };

/**
 * The row's next state after attempt number `attempts` (counting this one).
 * A deferral past the 3 days fails with "gave up after 3 days: <last reply>";
 * the last retry is moved to the deadline so the 3 days are used, not overrun.
 */
export function afterAttempt(error: SmtpError | null, attempts: number, firstDueAt: Date, now: Date): AttemptResult {
  const outcome = deliveryOutcome(error);
  if (outcome === 'sent' || error === null) return { status: 'sent' };
  const lastError = smtpErrorText(error);
  if (outcome === 'failed') return { status: 'failed', lastError };
  if (isExpired(firstDueAt, now)) return { status: 'failed', lastError: `${EXPIRED_ERROR}: ${lastError}` };
  const deadline = firstDueAt.getTime() + MAX_DELIVERY_AGE_MS;
  return { status: 'deferred', nextAttemptAt: new Date(Math.min(now.getTime() + nextAttemptDelayMs(attempts), deadline)), lastError };
}

/** What the rules need to know about one invitation. */
export interface InvitationMailState {
  /** `erased`: erased on the person's request (it has no contact any more). */
  progress: 'unused' | 'started' | 'completed' | 'erased';
  blocked: boolean;
  optedOut: boolean;
  /** The last mail to it was refused (5xx) or given up. */
  mailFailed: boolean;
  /** When the relay last accepted a mail to it (invitation or reminder); null: never. */
  lastMailAt: Date | null;
  /** Reminders accepted so far. */
  reminders: number;
  hasContact: boolean;
  /** A mail to it is queued, deferred or held right now (not yet sent, not failed). */
  mailPending?: boolean;
}

export type Qualification = { ok: true } | { ok: false; reason: DisqualificationReason };

export type DisqualificationReason =
  | 'no_contact'
  | 'opted_out'
  | 'blocked'
  | 'completed'
  | 'mail_pending'
  | 'mail_failed'
  | 'already_invited'
  | 'not_invited'
  | 'max_reminders'
  | 'too_soon';

export interface ReminderRules {
  minDaysSinceLast: number;
  maxReminders: number;
}

export const DEFAULT_REMINDER_RULES: ReminderRules = { minDaysSinceLast: 3, maxReminders: 2 };

function common(invitation: InvitationMailState): Qualification | null {
  if (!invitation.hasContact) return { ok: false, reason: 'no_contact' };
  if (invitation.optedOut) return { ok: false, reason: 'opted_out' };
  if (invitation.blocked) return { ok: false, reason: 'blocked' };
  if (invitation.progress === 'completed') return { ok: false, reason: 'completed' };
  if (invitation.mailPending) return { ok: false, reason: 'mail_pending' };
  return null;
}

/**
 * Whether an invitation gets a reminder now: a contact, not opted out, not
 * blocked, not completed, nothing pending, the last mail not failed, invited
 * before, fewer than `maxReminders` reminders, and the last accepted mail at
 * least `minDaysSinceLast` × 24 h ago. The first failing rule is the reason.
 */
export function qualifiesForReminder(invitation: InvitationMailState, now: Date, rules: ReminderRules): Qualification {
  if (!Number.isFinite(rules.minDaysSinceLast) || rules.minDaysSinceLast < 0) throw new RangeError('minDaysSinceLast must be ≥ 0');
  if (!Number.isInteger(rules.maxReminders) || rules.maxReminders < 0) throw new RangeError('maxReminders must be an integer ≥ 0');
  const refused = common(invitation);
  if (refused) return refused;
  if (invitation.mailFailed) return { ok: false, reason: 'mail_failed' };
  if (invitation.lastMailAt === null) return { ok: false, reason: 'not_invited' };
  if (invitation.reminders >= rules.maxReminders) return { ok: false, reason: 'max_reminders' };
  if (now.getTime() - invitation.lastMailAt.getTime() < rules.minDaysSinceLast * DAY) return { ok: false, reason: 'too_soon' };
  return { ok: true };
}

/**
 * Whether an invitation gets an invitation mail: a contact, not opted out,
 * not blocked, not completed, nothing pending; and, unless staff named it
 * (`explicit`: re-sent by id), never sent one and no earlier failure.
 */
export function qualifiesForInvitation(invitation: InvitationMailState, options: { explicit: boolean }): Qualification {
  const refused = common(invitation);
  if (refused) return refused;
  if (!options.explicit && invitation.lastMailAt !== null) return { ok: false, reason: 'already_invited' };
  if (!options.explicit && invitation.mailFailed) return { ok: false, reason: 'mail_failed' };
  return { ok: true };
}
