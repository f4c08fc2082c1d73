/**
 * German words of the console's e-mail pages: the kinds of mail, the states of the outbox and of an
 * invitation's latest mail, why a mailing leaves someone out, and how an invitation is named for whom.
 * Honest on purpose: `sent` is "vom Mailserver angenommen" (the relay said 250), never "zugestellt" or "gelesen". Pure.
 */
import type { InvitationDto, MailStatus } from '../invitations/dto/invitation.dto';
import { EXPIRED_ERROR } from '../mail/delivery-policy';
import type { SkipReason } from '../mail/mailings.service';
import { OutboxStatus } from '../mail/mail-outbox.entity';
import type { MailKind } from '../mail/mail-templates';
import { formatCount } from '../exports/german-format';
import { formatDateTime } from '../common/german-time';
import { withoutAddresses } from '../common/without-addresses';

/**
 * The kind of mail as a word, and as the German URL word of the console (`?art=einladung` of the send form,
 * `/vorlagen/einladung` of the template page): the one map of both pages.
 */
export const MAIL_KIND_LABELS: Record<MailKind, string> = { invitation: 'Einladung', reminder: 'Erinnerung' };
export const MAIL_KIND_PLURALS: Record<MailKind, string> = { invitation: 'Einladungen', reminder: 'Erinnerungen' };
export const ART_OF_MAIL_KIND: Record<MailKind, string> = { invitation: 'einladung', reminder: 'erinnerung' };
const MAIL_KIND_OF_ART: ReadonlyMap<string, MailKind> = new Map(
  (Object.keys(ART_OF_MAIL_KIND) as MailKind[]).map((kind) => [ART_OF_MAIL_KIND[kind], kind]),
);

/** The kind of a German URL word ("einladung", "erinnerung"; lower case only), or null for anything else (also "constructor"). */
export function kindOfArt(art: unknown): MailKind | null {
  return typeof art === 'string' ? (MAIL_KIND_OF_ART.get(art) ?? null) : null;
}

/** A mail of the outbox in its state. */
export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  [OutboxStatus.Queued]: 'wartet',
  [OutboxStatus.Held]: 'zurückgehalten',
  [OutboxStatus.Sent]: 'vom Mailserver angenommen',
  [OutboxStatus.Deferred]: 'verzögert',
  [OutboxStatus.Failed]: 'abgelehnt',
  [OutboxStatus.Cancelled]: 'abgebrochen',
};

/** What each state means, for the explanation under the counts. */
export const OUTBOX_STATUS_HINTS: Record<OutboxStatus, string> = {
  [OutboxStatus.Queued]: 'wird zum geplanten Zeitpunkt an den Mailserver übergeben',
  [OutboxStatus.Held]: 'nicht versandt, weil kein Mailserver eingerichtet ist; als Datei gespeichert',
  [OutboxStatus.Sent]: 'der Mailserver hat die E-Mail angenommen (ob sie gelesen wird, weiß niemand)',
  [OutboxStatus.Deferred]: 'der Mailserver hat vorläufig abgelehnt oder die Verbindung brach ab; wird erneut versucht (höchstens 3 Tage)',
  [OutboxStatus.Failed]: 'der Mailserver hat endgültig abgelehnt (z. B. unbekannte Adresse) oder 3 Tage lang nicht angenommen',
  [OutboxStatus.Cancelled]: 'nicht versandt, weil die Person inzwischen teilgenommen, sich abgemeldet hat oder gesperrt ist',
};

/** The order in which the pages list the states. */
export const OUTBOX_STATUS_ORDER: readonly OutboxStatus[] = [
  OutboxStatus.Queued,
  OutboxStatus.Held,
  OutboxStatus.Sent,
  OutboxStatus.Deferred,
  OutboxStatus.Failed,
  OutboxStatus.Cancelled,
];

/** The latest mail of an invitation (the invitation list's `mail.status`). */
export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  none: 'noch keine',
  queued: OUTBOX_STATUS_LABELS.queued,
  held: OUTBOX_STATUS_LABELS.held,
  sent: OUTBOX_STATUS_LABELS.sent,
  deferred: OUTBOX_STATUS_LABELS.deferred,
  failed: OUTBOX_STATUS_LABELS.failed,
};

/** Why a mailing leaves an invitation out: "3 haben schon teilgenommen". A new reason without words does not compile. */
export const SKIP_REASON_LABELS: Record<SkipReason, { one: string; many: string }> = {
  no_contact: { one: 'hat keine E-Mail-Adresse', many: 'haben keine E-Mail-Adresse' },
  no_link: {
    one: 'hat keinen gespeicherten Link (vor dem E-Mail-Versand angelegt; bitte einen neuen Link ausgeben)',
    many: 'haben keinen gespeicherten Link (vor dem E-Mail-Versand angelegt; bitte neue Links ausgeben)',
  },
  opted_out: { one: 'hat sich von E-Mails abgemeldet', many: 'haben sich von E-Mails abgemeldet' },
  blocked: { one: 'ist gesperrt', many: 'sind gesperrt' },
  completed: { one: 'hat schon teilgenommen', many: 'haben schon teilgenommen' },
  mail_pending: {
    one: 'hat schon eine E-Mail, die noch aussteht (wartet, verzögert oder zurückgehalten)',
    many: 'haben schon eine E-Mail, die noch aussteht (wartet, verzögert oder zurückgehalten)',
  },
  mail_failed: {
    one: 'hat eine E-Mail, die der Mailserver abgelehnt hat',
    many: 'haben eine E-Mail, die der Mailserver abgelehnt hat',
  },
  already_invited: { one: 'hat die Einladung schon bekommen', many: 'haben die Einladung schon bekommen' },
  not_invited: {
    one: 'hat noch keine Einladung per E-Mail bekommen',
    many: 'haben noch keine Einladung per E-Mail bekommen',
  },
  max_reminders: { one: 'hat schon die höchste Zahl an Erinnerungen', many: 'haben schon die höchste Zahl an Erinnerungen' },
  too_soon: { one: 'hat die letzte E-Mail vor zu kurzer Zeit bekommen', many: 'haben die letzte E-Mail vor zu kurzer Zeit bekommen' },
};

/** "2 haben keine E-Mail-Adresse", … for each reason with a count, in the order of SKIP_REASON_LABELS. */
export function skippedLines(skipped: Partial<Record<SkipReason, number>>): string[] {
  return (Object.keys(SKIP_REASON_LABELS) as SkipReason[])
    .filter((reason) => (skipped[reason] ?? 0) > 0)
    .map((reason) => {
      const count = skipped[reason] ?? 0;
      return `${formatCount(count)} ${count === 1 ? SKIP_REASON_LABELS[reason].one : SKIP_REASON_LABELS[reason].many}`;
    });
}

/** How an invitation is named on a page: a contact's name (admins only), else its label, else "Einladung" and the id's start. */
export function invitationName(invitation: { id: string; label: string | null }, contactName?: string | null): string {
  if (contactName) return contactName;
  return invitation.label ?? `Einladung ${invitation.id.slice(0, 8)}`;
}

/** Why the worker cancelled a mail, as stored after "cancelled: " (outbox-worker-rules.ts cancelReason, opt-out.service.ts). */
const CANCEL_REASONS: ReadonlyMap<string, string> = new Map([
  ['completed', 'die Person hat inzwischen teilgenommen'],
  ['opted out', 'die Person hat sich von E-Mails abgemeldet'],
  ['blocked', 'der Link ist gesperrt'],
  ['wave ended', 'die Feldzeit der Welle ist zu Ende'],
  ['wave closed', 'die Welle ist geschlossen'],
  ['wave draft', 'die Welle ist noch nicht geöffnet'],
  ['invitation deleted', 'die Einladung gibt es nicht mehr'],
  ['no e-mail address', 'keine E-Mail-Adresse hinterlegt'],
  ['no contact', 'keine E-Mail-Adresse hinterlegt'],
  ['no personal link', 'kein persönlicher Link gespeichert'],
]);

/** A stored note of a mail in German: a lead-in, and the relay's (or the connection's) own words verbatim where there are some. */
export interface MailNote {
  lead: string;
  reply: string | null;
}

/**
 * The outbox's `lastError` for a German page. The stored text stays as it is (the API shows it); known machine texts
 * ("cancelled: completed", "relay: …", "gave up after 3 days: …") get German words, the relay's reply is quoted verbatim
 * (without addresses unless `showAddresses`). Not every text is a reply of the mail server: a dropped connection has none.
 */
export function mailNote(lastError: string, showAddresses: boolean): MailNote | null {
  const text = lastError.trim();
  if (text === '') return null;
  const words = (reply: string) => (showAddresses ? reply : withoutAddresses(reply));
  const cancelled = /^cancelled: (.*)$/s.exec(text);
  if (cancelled) {
    const reason = CANCEL_REASONS.get(cancelled[1]);
    return reason === undefined ? { lead: 'Abgebrochen:', reply: words(cancelled[1]) } : { lead: `Abgebrochen: ${reason}`, reply: null };
  }
  const relay = /^relay: (.*)$/s.exec(text);
  if (relay) return { lead: 'Mailserver nicht erreichbar oder Anmeldung abgelehnt (die E-Mail wartet):', reply: words(relay[1]) };
  if (text.startsWith(`${EXPIRED_ERROR}: `)) {
    const last = text.slice(EXPIRED_ERROR.length + 2);
    return { lead: `Nach 3 Tagen aufgegeben, zuletzt ${/^\d{3}\b/.test(last) ? 'Mailserver' : 'Verbindungsfehler'}:`, reply: words(last) };
  }
  return { lead: /^\d{3}\b/.test(text) ? 'Mailserver:' : 'Verbindungsfehler:', reply: words(text) };
}

/** The mail column of the invitation list: the state of the latest mail, and what else staff need to know. */
export interface InvitationMailCell {
  /** A CSS-safe state name: none, queued, held, sent, deferred, failed, opted-out, no-address. */
  state: string;
  label: string;
  /** Further lines: reminders, last acceptance, the relay's reply. */
  details: string[];
}

export function invitationMailCell(
  invitation: Pick<InvitationDto, 'hasEmail' | 'mail' | 'optedOut'>,
  showAddresses: boolean,
): InvitationMailCell {
  const { mail } = invitation;
  const details: string[] = [];
  if (invitation.optedOut) details.push('bekommt keine E-Mails mehr');
  if (mail.status !== 'sent' && mail.lastSentAt !== null) details.push(`zuletzt angenommen: ${formatDateTime(mail.lastSentAt)}`);
  if (mail.status === 'sent' && mail.lastSentAt !== null) details.push(formatDateTime(mail.lastSentAt));
  if (mail.reminders > 0) details.push(mail.reminders === 1 ? '1 Erinnerung' : `${formatCount(mail.reminders)} Erinnerungen`);
  if ((mail.status === 'deferred' || mail.status === 'failed') && mail.attempts > 0) {
    details.push(mail.attempts === 1 ? '1 Versuch' : `${formatCount(mail.attempts)} Versuche`);
  }
  const note =
    (mail.status === 'deferred' || mail.status === 'failed') && mail.lastError !== null ? mailNote(mail.lastError, showAddresses) : null;
  if (note !== null) details.push(note.reply === null ? note.lead : `${note.lead} „${note.reply}“`);
  if (invitation.optedOut) return { state: 'opted-out', label: 'abgemeldet', details };
  if (!invitation.hasEmail && mail.status === 'none') return { state: 'no-address', label: 'keine (ohne E-Mail-Adresse)', details };
  return { state: mail.status, label: MAIL_STATUS_LABELS[mail.status], details };
}

/** A mailing's state in a few words: "12 vom Mailserver angenommen, 2 abgelehnt"; "keine E-Mails" for an empty one. */
export function mailingStateLine(counts: Record<OutboxStatus, number>): string {
  const parts = OUTBOX_STATUS_ORDER.filter((status) => counts[status] > 0).map(
    (status) => `${formatCount(counts[status])} ${OUTBOX_STATUS_LABELS[status]}`,
  );
  return parts.length === 0 ? 'keine E-Mails' : parts.join(', ');
}

/** The time column of the outbox: what the time of a mail means in its state. */
export function outboxTime(entry: { status: OutboxStatus; dueAt: Date; sentAt: Date | null; createdAt: Date }): string {
  switch (entry.status) {
    case OutboxStatus.Sent:
      return `angenommen ${formatDateTime(entry.sentAt)}`;
    case OutboxStatus.Queued:
      return `geplant ${formatDateTime(entry.dueAt)}`;
    case OutboxStatus.Deferred:
      return `nächster Versuch ${formatDateTime(entry.dueAt)}`;
    case OutboxStatus.Held:
    case OutboxStatus.Failed:
    case OutboxStatus.Cancelled:
      return `vorgemerkt ${formatDateTime(entry.createdAt)}`;
  }
}
