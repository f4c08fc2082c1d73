/**
 * German words of the wave and invitation pages: invitation states, who did something, and what an
 * audit event of a wave changed. Pure.
 */
import { auditActionLabel } from '../audit/audit-action-labels';
import type { InvitationState } from '../invitations/dto/invitation.dto';
import type { AuditEventDto } from '../waves/dto/wave.dto';
import { formatDateTime } from '../common/german-time';
import { ROLE_LABELS } from './labels';

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  unused: 'nicht begonnen',
  started: 'begonnen',
  completed: 'abgeschlossen',
  blocked: 'gesperrt',
  erased: 'gelöscht (auf Antrag)',
};

/** "Anna Admin (admin)" → "Anna Admin (Administration)"; "system" → "System (automatisch)". */
export function actorLabel(actor: string): string {
  if (actor === 'system') return 'System (automatisch)';
  const match = /^(.*) \((admin|analyst)\)$/.exec(actor);
  return match ? `${match[1]} (${ROLE_LABELS[match[2] as keyof typeof ROLE_LABELS]})` : actor;
}

const UPDATED_FIELDS: Record<string, string> = {
  title: 'Titel',
  opensAt: 'Beginn',
  closesAt: 'Ende',
  surveyId: 'Fragebogen',
  version: 'Version',
};

function updatedValue(key: string, value: unknown): string {
  if (typeof value !== 'string') return 'keine Angabe';
  return key === 'opensAt' || key === 'closesAt' ? formatDateTime(value) : value;
}

/** What an event of a wave did, in German words beyond its label; '' when the label says it all. */
export function eventDetails(event: Pick<AuditEventDto, 'action' | 'details'>): string {
  const details = event.details ?? {};
  switch (event.action) {
    case 'wave.closed':
      if (details.automatic === true && typeof details.closesAt === 'string') {
        return `automatisch: Ende der Feldzeit (${formatDateTime(details.closesAt)})`;
      }
      // A past wave: closed from the draft, never open to respondents.
      return details.from === 'draft' ? 'aus dem Entwurf, ohne je geöffnet zu sein' : '';
    case 'wave.updated':
      return Object.entries(details)
        .filter(([key]) => UPDATED_FIELDS[key] !== undefined)
        .map(([key, value]) => `${UPDATED_FIELDS[key]}: ${updatedValue(key, value)}`)
        .join('; ');
    case 'definition.pinned':
      return typeof details.version === 'string' ? `Version ${details.version}` : '';
    case 'invitations.created': {
      const count = Number(details.count ?? 0);
      const withEmail = Number(details.withEmail ?? 0);
      return `${count} ${count === 1 ? 'Einladung' : 'Einladungen'}, davon ${withEmail} mit E-Mail-Adresse`;
    }
    case 'invitation.erased':
      return typeof details.reason === 'string' ? `Grund: ${details.reason}` : '';
    case 'wave.contacts-erased': {
      const contacts = Number(details.contacts ?? 0);
      const tokens = Number(details.tokens ?? 0);
      const how = details.automatic === true ? 'automatisch nach Ablauf der Frist' : 'vorzeitig von Hand';
      return `${contacts} ${contacts === 1 ? 'Kontakt' : 'Kontakte'}, ${tokens} ${tokens === 1 ? 'Link' : 'Links'}; ${how}`;
    }
    default:
      return '';
  }
}

export interface WaveEventView {
  occurredAt: string;
  actor: string;
  label: string;
  details: string;
}

/** The latest `limit` events of a wave, newest first, in German. */
export function recentEvents(events: AuditEventDto[], limit: number): WaveEventView[] {
  return events
    .slice(-limit)
    .reverse()
    .map((event) => ({
      occurredAt: formatDateTime(event.occurredAt),
      actor: actorLabel(event.actor),
      label: auditActionLabel(event.action),
      details: eventDetails(event),
    }));
}
