/**
 * The erasure forms of the console (issue 16), pure: the required reason and the external id of an
 * imported response checked in German, and the German messages after an erasure or after forgetting a
 * wave's contacts. The reason lands in the audit trail, so it must not carry personal data: an e-mail
 * address in it is refused (names cannot be recognised; the form asks for none).
 */
import { AppException, pathDetails } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { withoutAddresses } from '../common/without-addresses';
import { formatCount } from '../exports/german-format';

export const MAX_REASON_LENGTH = 500;
export const MAX_EXTERNAL_ID_LENGTH = 200;

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The reason as entered (trimmed), and why it cannot be used, in German (null when it can). */
export function readErasureReason(value: unknown): { reason: string; error: string | null } {
  const reason = text(value).trim();
  if (reason === '') return { reason, error: 'Bitte geben Sie den Grund der Löschung an, zum Beispiel den Eingang des Antrags.' };
  if (reason.length > MAX_REASON_LENGTH) {
    return {
      reason,
      error: `Der Grund ist ${formatCount(reason.length)} Zeichen lang; höchstens ${formatCount(MAX_REASON_LENGTH)} sind möglich.`,
    };
  }
  // The same test as the API's (EraseRequestDto): anything that looks like an address, also without a domain ending.
  if (withoutAddresses(reason) !== reason) {
    return { reason, error: 'Der Grund enthält eine E-Mail-Adresse. Er steht im Protokoll: bitte ohne Angaben zur Person.' };
  }
  return { reason, error: null };
}

/** Shown at the reason when the service finds the person's stored name, organisation or e-mail address in it. */
export const REASON_NAMES_PERSON =
  'Der Grund darf die Person nicht nennen: Er enthält ihren Namen, ihre Organisation oder ihre E-Mail-Adresse und steht im Protokoll. ' +
  'Bitte ohne Angaben zur Person, zum Beispiel „Löschantrag per E-Mail vom 12.10.2025, Vorgang 7“.';

/**
 * The German message for the service's refusal of a reason (VALIDATION_FAILED at `reason`: it names the person), or
 * null for any other error (shown as the console's error page).
 */
export function reasonRefusal(error: unknown): string | null {
  if (!(error instanceof AppException) || error.code !== ErrorCode.VALIDATION_FAILED) return null;
  return pathDetails(error).some((detail) => detail.path === 'reason') ? REASON_NAMES_PERSON : null;
}

/** Where an erasure's confirmation returns to (cancel, and after the erasure): the wave's invitations or "Person finden". */
export interface ErasureReturn {
  href: string;
  /** The `?von=` of the form's action, to come back to the same place after a refused reason. */
  query: string;
}

export function erasureReturn(waveCode: string, from: unknown): ErasureReturn {
  if (from === 'personen') return { href: '/admin/personen', query: '?von=personen' };
  return { href: `/admin/wellen/${encodeURIComponent(waveCode)}/einladungen`, query: '' };
}

/** The external id as entered (trimmed), and why it cannot be used, in German (null when it can). */
export function readExternalId(value: unknown): { externalId: string; error: string | null } {
  const externalId = text(value).trim();
  if (externalId === '') return { externalId, error: 'Bitte geben Sie die Kennung der Antwort an.' };
  if (externalId.length > MAX_EXTERNAL_ID_LENGTH) {
    return { externalId, error: `Eine Kennung hat höchstens ${formatCount(MAX_EXTERNAL_ID_LENGTH)} Zeichen.` };
  }
  return { externalId, error: null };
}

/** What an erasure deleted (ErasureDto.deleted). */
export interface ErasedParts {
  response: 'partial' | 'completed' | null;
  answers: number;
  contact: boolean;
  mails: number;
}

const plural = (count: number, one: string, many: string): string => (count === 1 ? `1 ${one}` : `${formatCount(count)} ${many}`);

/** "Gelöscht: die Kontaktdaten, die abgeschlossene Antwort (34 Einzelantworten) und 2 E-Mails." */
export function erasedMessage(deleted: ErasedParts): string {
  const parts: string[] = [];
  if (deleted.contact) parts.push('die Kontaktdaten');
  if (deleted.response !== null) {
    const kind = deleted.response === 'completed' ? 'die abgeschlossene Antwort' : 'die begonnene Antwort';
    parts.push(`${kind} (${plural(deleted.answers, 'Einzelantwort', 'Einzelantworten')})`);
  }
  if (deleted.mails > 0) parts.push(plural(deleted.mails, 'E-Mail', 'E-Mails'));
  const list = parts.length <= 1 ? (parts[0] ?? 'der persönliche Link') : `${parts.slice(0, -1).join(', ')} und ${parts[parts.length - 1]}`;
  return `Gelöscht: ${list}. Im Protokoll steht nur, wer wann und warum gelöscht hat.`;
}

/** "Die Kontaktdaten sind gelöscht: 12 Kontakte, 15 Links; 2 wartende E-Mails storniert. Die Antworten sind erhalten." */
export function contactsForgottenMessage(result: { contacts: number; tokens: number; cancelledMails: number }): string {
  const cancelled = result.cancelledMails > 0 ? `; ${plural(result.cancelledMails, 'wartende E-Mail', 'wartende E-Mails')} storniert` : '';
  return (
    `Die Kontaktdaten der Welle sind gelöscht: ${plural(result.contacts, 'Kontakt', 'Kontakte')}, ` +
    `${plural(result.tokens, 'persönlicher Link', 'persönliche Links')}${cancelled}. Die Antworten sind erhalten.`
  );
}
