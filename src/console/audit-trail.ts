/**
 * The console's "Protokoll", pure: the page's query (filters and page), links that keep the filters,
 * and the German wording of a person and of an event's details. Shows only what the event holds.
 */
import { auditActionLabel } from '../audit/audit-action-labels';
import { formatDateTime } from '../common/german-time';
import { WAVE_STATUS_LABELS } from './labels';
import { SKIP_REASON_LABELS, skippedLines } from './mail-labels';

export const AUDIT_PAGE_SIZE = 50;

/** The filters of the page: empty means "all". */
export interface AuditPageFilters {
  welle: string;
  aktion: string;
  person: string;
}

export interface AuditPageQuery extends AuditPageFilters {
  seite: number;
}

const MAX_PAGE = 1_000_000;

/**
 * The page's query string (`?welle=&aktion=&person=&seite=`): missing or empty filters mean all, no page
 * is page 1; undefined when a value is not a string, too long, or the page is not a whole number ≥ 1.
 */
export function parseAuditPageQuery(query: Record<string, unknown>): AuditPageQuery | undefined {
  const text = (value: unknown, max: number): string | undefined => {
    if (value === undefined) return '';
    if (typeof value !== 'string' || value.length > max) return undefined;
    return value.trim();
  };
  const welle = text(query.welle, 100);
  const aktion = text(query.aktion, 60);
  const person = text(query.person, 200);
  const page = text(query.seite, 7);
  if (welle === undefined || aktion === undefined || person === undefined || page === undefined) return undefined;
  if (page !== '' && !/^[1-9]\d*$/.test(page)) return undefined;
  const seite = page === '' ? 1 : Number(page);
  if (seite > MAX_PAGE) return undefined;
  return { welle, aktion, person, seite };
}

/** The address of a page of the trail with the same filters (empty filters and page 1 left out). */
export function auditPageHref(filters: AuditPageFilters, page: number): string {
  const params = new URLSearchParams();
  if (filters.welle !== '') params.set('welle', filters.welle);
  if (filters.aktion !== '') params.set('aktion', filters.aktion);
  if (filters.person !== '') params.set('person', filters.person);
  if (page > 1) params.set('seite', String(page));
  const query = params.toString();
  return query === '' ? '/admin/protokoll' : `/admin/protokoll?${query}`;
}

/** The CSV download of the trail with the same filters (all pages). */
export function auditCsvHref(filters: AuditPageFilters): string {
  const query = auditPageHref(filters, 1).split('?')[1];
  return query === undefined ? '/admin/protokoll.csv' : `/admin/protokoll.csv?${query}`;
}

/** How many pages `total` events fill (at least one, so an empty list is "Seite 1 von 1"). */
export function pageCount(total: number, pageSize: number): number {
  return Math.max(1, Math.ceil(total / pageSize));
}

const ACTOR_ROLES: Partial<Record<string, string>> = { admin: 'Administration', analyst: 'Analyse' };

/** The actor text of an event in German: "Anna Admin (admin)" → "Anna Admin (Administration)", "system" → "System". */
export function personLabel(actor: string): string {
  if (actor === 'system') return 'System';
  if (actor === 'anonymous') return 'Nicht angemeldet';
  if (actor === 'opt-out link') return 'Abmelde-Link aus einer E-Mail';
  const match = /^(.*) \((admin|analyst)\)$/.exec(actor);
  return match ? `${match[1]} (${ACTOR_ROLES[match[2]] ?? match[2]})` : actor;
}

type Details = Record<string, unknown>;

function statusLabel(value: unknown): string {
  return typeof value === 'string' && value in WAVE_STATUS_LABELS
    ? WAVE_STATUS_LABELS[value as keyof typeof WAVE_STATUS_LABELS]
    : String(value);
}

/** A value of the details as text: strings and numbers as they are, anything else as JSON. */
function plain(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value) ?? '';
}

function quoted(value: unknown): string {
  return `„${plain(value)}“`;
}

function time(value: unknown): string {
  if (value === null) return 'keine Angabe';
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) return plain(value);
  return formatDateTime(value);
}

function count(value: unknown, one: string, many: string): string {
  const number = typeof value === 'number' ? value : Number(value);
  return `${number.toLocaleString('de-DE')} ${number === 1 ? one : many}`;
}

function shortId(value: unknown): string {
  return plain(value).slice(0, 8);
}

function shortHash(value: unknown): string {
  return plain(value).slice(0, 12);
}

/** Any details the wording below does not know, as "key: value" (the trail shows what it holds, nothing more). */
function generic(details: Details): string {
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join('; ');
}

const WAVE_FIELDS: Record<string, (value: unknown) => string> = {
  title: (value) => `Titel ${quoted(value)}`,
  opensAt: (value) => `Beginn ${time(value)}`,
  closesAt: (value) => `Ende ${time(value)}`,
  surveyId: (value) => `Fragebogen ${plain(value)}`,
  version: (value) => `Version ${plain(value)}`,
};

function waveFields(details: Details): string {
  const known = Object.entries(details).filter(([key]) => key in WAVE_FIELDS);
  const rest = Object.fromEntries(Object.entries(details).filter(([key]) => !(key in WAVE_FIELDS)));
  return [...known.map(([key, value]) => WAVE_FIELDS[key](value)), ...(Object.keys(rest).length > 0 ? [generic(rest)] : [])].join(', ');
}

function transition(details: Details): string {
  const parts = [`von ${statusLabel(details.from)} nach ${statusLabel(details.to)}`];
  if (details.automatic === true) {
    parts.push(details.closesAt === undefined ? 'automatisch' : `automatisch, Feldzeit endete ${time(details.closesAt)}`);
  }
  return parts.join('; ');
}

function definition(details: Details): string {
  const source = details.source === 'upload' ? 'hochgeladen' : details.source === 'file' ? 'aus Datei' : undefined;
  return [
    `Version ${plain(details.version)}`,
    details.hash === undefined ? undefined : `Prüfsumme ${shortHash(details.hash)}`,
    details.previousHash === undefined ? undefined : `vorher ${shortHash(details.previousHash)}`,
    source,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
}

function rawExport(details: Details): string {
  const parts = [
    details.includePartial === true ? 'mit unvollständigen Antworten' : 'nur abgeschlossene Antworten',
    details.labels === true ? 'mit Beschriftungen' : 'mit Codes',
  ];
  if (Array.isArray(details.waves)) parts.push(`Wellen: ${details.waves.map(plain).join(', ')}`);
  return parts.join(', ');
}

/** Where contact data was shown (ContactViewPurpose of src/invitations). */
const CONTACT_VIEW_PURPOSES: Record<string, string> = {
  'invitation-list': 'Liste der Einladungen',
  'invitation-page': 'Seite einer Einladung',
  'mail-outbox': 'Postausgang',
  'mail-preview': 'Vorschau einer E-Mail',
  'person-search': 'Person finden (Suche nach E-Mail-Adresse)',
};

function linkPurpose(purpose: unknown): string {
  return purpose === 'invite' ? 'Einladung ins Team' : purpose === 'reset' ? 'neues Passwort' : plain(purpose);
}

function mailKind(kind: unknown): string {
  return kind === 'invitation' ? '„Einladung“' : kind === 'reminder' ? '„Erinnerung“' : quoted(kind);
}

function testOutcome(details: Details): string {
  if (details.outcome === 'sent') return 'vom Mailserver angenommen';
  if (details.outcome === 'held') return 'als Datei zurückgehalten (kein Mailserver eingerichtet)';
  if (details.outcome === 'refused') {
    return typeof details.responseCode === 'number'
      ? `vom Mailserver nicht angenommen (${details.responseCode})`
      : 'Mailserver nicht erreichbar';
  }
  return plain(details.outcome);
}

/** A mailing: "Einladung, 12 vorgemerkt für 01.07.2025, 09:00 Uhr; nicht dabei: 2 haben keine E-Mail-Adresse". */
function mailingCreated(details: Details): string {
  const parts = [`${mailKind(details.kind)}, ${count(details.queued, 'E-Mail', 'E-Mails')} vorgemerkt für ${time(details.scheduledAt)}`];
  const skipped = details.skipped;
  if (skipped !== null && typeof skipped === 'object' && !Array.isArray(skipped)) {
    const entries = Object.entries(skipped as Record<string, unknown>);
    const known = Object.fromEntries(entries.filter(([reason]) => Object.hasOwn(SKIP_REASON_LABELS, reason))) as Record<string, number>;
    const unknown = entries.filter(([reason]) => !Object.hasOwn(SKIP_REASON_LABELS, reason));
    const lines = [...skippedLines(known), ...unknown.map(([reason, number]) => `${plain(number)} ${reason}`)];
    if (lines.length > 0) parts.push(`nicht dabei: ${lines.join(', ')}`);
  }
  return parts.join('; ');
}

function importCommitted(details: Details): string {
  const replaced = typeof details.replaced === 'number' && details.replaced > 0 ? `, ${count(details.replaced, 'ersetzt', 'ersetzt')}` : '';
  return (
    `Datei ${quoted(details.fileName)} (SHA-256 ${shortHash(details.fileSha256)}), ` +
    `${count(details.created, 'Antwort neu', 'Antworten neu')}, ${count(details.unchanged, 'unverändert', 'unverändert')}${replaced}`
  );
}

function signIn(details: Details): string {
  return `E-Mail-Adresse ${plain(details.email)}, von ${plain(details.address)}`;
}

/** What an erasure deleted (details.response/answers/contact/mails): "Kontaktdaten, abgeschlossene Antwort (34 Einzelantworten), 2 E-Mails". */
function erasedParts(details: Details): string {
  const parts: string[] = [];
  if (details.contact === true) parts.push('Kontaktdaten');
  if (details.response === 'completed' || details.response === 'partial') {
    const kind = details.response === 'completed' ? 'abgeschlossene Antwort' : 'begonnene Antwort';
    parts.push(`${kind} (${count(details.answers ?? 0, 'Einzelantwort', 'Einzelantworten')})`);
  }
  if (typeof details.mails === 'number' && details.mails > 0) parts.push(count(details.mails, 'E-Mail', 'E-Mails'));
  return parts.length === 0 ? 'nur der Link' : parts.join(', ');
}

/** An erasure: whose, why (the reason stays visible) and what went. */
function erased(details: Details, subject: string): string {
  return `${subject}, Grund ${quoted(details.reason)}; gelöscht: ${erasedParts(details)}`;
}

function contactsErased(details: Details): string {
  const cancelled =
    typeof details.cancelledMails === 'number' && details.cancelledMails > 0
      ? `, ${count(details.cancelledMails, 'wartende E-Mail', 'wartende E-Mails')} storniert`
      : '';
  const how =
    details.automatic === true
      ? `automatisch ${details.retentionDays === undefined ? 'nach Ablauf der Frist' : `${plain(details.retentionDays)} Tage nach dem Schließen`}`
      : 'vorzeitig von Hand';
  return `${count(details.contacts, 'Kontakt', 'Kontakte')}, ${count(details.tokens, 'Link', 'Links')}${cancelled}; ${how}`;
}

/** The filters of an audit export: "Welle ki-2025, Aktion „Person auf Antrag gelöscht“"; "alle Einträge" without. */
function auditExported(details: Details): string {
  const filters = details.filters;
  if (filters === null || typeof filters !== 'object' || Array.isArray(filters)) return generic(details);
  const { waveCode, action, actor } = filters as Record<string, unknown>;
  const parts = [
    waveCode === undefined ? undefined : `Welle ${plain(waveCode)}`,
    action === undefined ? undefined : `Aktion ${quoted(auditActionLabel(plain(action)))}`,
    actor === undefined
      ? undefined
      : `Person ${/^[0-9a-f-]{36}$/i.test(plain(actor)) ? `Konto ${shortId(actor)}` : personLabel(plain(actor))}`,
  ].filter((part) => part !== undefined);
  return parts.length === 0 ? 'alle Einträge' : `gefiltert: ${parts.join(', ')}`;
}

const SUMMARIES: Partial<Record<string, (details: Details) => string>> = {
  'wave.created': waveFields,
  'wave.updated': waveFields,
  'wave.deleted': waveFields,
  'wave.opened': transition,
  'wave.closed': transition,
  'wave.reopened': transition,
  'definition.pinned': (details) => `Version ${plain(details.version)}`,
  'definition.loaded': definition,
  'definition.uploaded': definition,
  'definition.replaced': definition,
  'invitations.created': (details) =>
    details.withEmail === undefined
      ? count(details.count, 'Einladung', 'Einladungen')
      : `${count(details.count, 'Einladung', 'Einladungen')}, davon ${count(details.withEmail, 'mit', 'mit')} E-Mail-Adresse`,
  'invitation.reissued': (details) => `Einladung ${shortId(details.invitationId)}`,
  'invitation.blocked': (details) => `Einladung ${shortId(details.invitationId)}`,
  'invitation.unblocked': (details) => `Einladung ${shortId(details.invitationId)}`,
  'invitation.contact-viewed': (details) => `Einladung ${shortId(details.invitationId)}`,
  // Issue 16, person search: where names or addresses were shown, and how many invitations (their ids, never the data).
  'invitation.contacts-viewed': (details) =>
    `${count(details.count, 'Einladung', 'Einladungen')}, ${CONTACT_VIEW_PURPOSES[plain(details.purpose)] ?? plain(details.purpose)}`,
  'import.committed': importCommitted,
  'import.unchanged': (details) =>
    `Datei ${quoted(details.fileName)} (SHA-256 ${shortHash(details.fileSha256)}), ${count(details.unchanged, 'Antwort', 'Antworten')} schon vorhanden, nichts übernommen`,
  'import.conflict-replaced': (details) =>
    `Kennung ${quoted(details.externalId)}, Zeile ${plain(details.row)}, Import ${shortId(details.importId)}`,
  'import.undone': (details) =>
    `Datei ${quoted(details.fileName)}, ${count(details.removed, 'Antwort entfernt', 'Antworten entfernt')} (Import ${shortId(details.importId)})`,
  'responses.exported': rawExport,
  'staff.admin-ensured': (details) => `E-Mail-Adresse ${plain(details.email)}`,
  'staff.invited': (details) =>
    `${quoted(details.name)}, E-Mail-Adresse ${plain(details.email)}, Rolle ${ACTOR_ROLES[plain(details.role)] ?? plain(details.role)}`,
  'staff.revoked': (details) => quoted(details.name),
  'staff.password-link-issued': (details) => linkPurpose(details.purpose),
  'staff.password-set': (details) => linkPurpose(details.purpose),
  'staff.password-changed': (details) => `Konto ${shortId(details.memberId)}`,
  'staff.signed-in': signIn,
  'staff.sign-in-failed': signIn,
  'staff.api-token-created': (details) => `Schlüssel ${quoted(details.label)}`,
  'staff.api-token-revoked': (details) => `Schlüssel ${quoted(details.label)}`,
  // Mail templates, test mails and opt-outs (src/mail): kinds and outcomes, never an address.
  'mail-template.saved': (details) => `Vorlage ${mailKind(details.kind)}${details.reset === true ? ', zurück zur Standardvorlage' : ''}`,
  'mail.test-sent': (details) => `Vorlage ${mailKind(details.kind)}, ${testOutcome(details)}`,
  'mailing.created': mailingCreated,
  'mail.held-released': (details) => `${count(details.count, 'zurückgehaltene E-Mail', 'zurückgehaltene E-Mails')} zum Versand freigegeben`,
  'mail.opted-out': (details) =>
    `Einladung ${shortId(details.invitationId)}, ${count(details.cancelled, 'wartende E-Mail', 'wartende E-Mails')} storniert`,
  // Data protection (issue 16): never an answer, address or name; the reason as the admin gave it.
  'invitation.erased': (details) => erased(details, `Einladung ${shortId(details.invitationId)}`),
  'response.erased': (details) => erased(details, `importierte Antwort aus Import ${shortId(details.importId)}`),
  'wave.contacts-erased': contactsErased,
  'invitation.data-exported': (details) => `Einladung ${shortId(details.invitationId)}`,
  'audit.exported': auditExported,
};

/** The details of an event in German ("von Entwurf nach offen", "3 Einladungen, davon 2 mit E-Mail-Adresse"); "" for none. */
export function auditDetailsSummary(action: string, details: Details | null | undefined): string {
  if (!details || Object.keys(details).length === 0) return '';
  const summary = SUMMARIES[action];
  try {
    return summary ? summary(details) : generic(details);
  } catch {
    return generic(details);
  }
}
