/**
 * What a preview or a test mail is filled with when it must not (or cannot) carry a real person's data:
 * a sample contact and example links that are plainly examples. Pure.
 *
 * A real personal link is a credential (whoever has it answers as that person), and so is a real opt-out
 * link; neither is ever put into a preview or a test mail, not even for admins, who see the contact anyway.
 */
import { unsubscribeUrl } from './list-unsubscribe';
import { MAIL_KINDS, type MailKind } from './mail-templates';

/** The contact of a preview without invitations with an e-mail address, and of every test mail. */
export const SAMPLE_CONTACT = {
  salutation: 'Sehr geehrte Frau Dr. Beispiel',
  name: 'Dr. Erika Beispiel',
} as const;

/** The last path segment of the example links: says what it is, never a valid token (real ones are 43 base64url characters). */
export const EXAMPLE_LINK_TOKEN = 'BEISPIEL-persoenlicher-Link';
export const EXAMPLE_OPT_OUT_TOKEN = 'BEISPIEL-Abmeldelink';

/** The example links of a preview or a test mail: the same shape as the real ones, under the service's public address. */
export function exampleLinks(publicUrl: string): { link: string; optOutToken: string; abmelden: string } {
  const base = publicUrl.replace(/\/+$/, '');
  return {
    link: `${base}/survey/${EXAMPLE_LINK_TOKEN}`,
    optOutToken: EXAMPLE_OPT_OUT_TOKEN,
    abmelden: unsubscribeUrl(base, EXAMPLE_OPT_OUT_TOKEN),
  };
}

/** The kind of a route parameter, or null when it names none ("invitation", "reminder"; case as given). */
export function mailKindOf(value: string): MailKind | null {
  return (MAIL_KINDS as readonly string[]).includes(value) ? (value as MailKind) : null;
}

/** The SMTP reply code of a nodemailer error (550, 451 …), or null for a connection error. */
export function smtpResponseCode(error: unknown): number | null {
  const code = (error as { responseCode?: unknown } | null)?.responseCode;
  return typeof code === 'number' && Number.isInteger(code) ? code : null;
}
