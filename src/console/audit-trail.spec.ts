import { auditDetailsSummary, auditPageHref, pageCount, parseAuditPageQuery, personLabel } from './audit-trail';

describe('auditDetailsSummary', () => {
  it.each([
    ['wave.opened', { from: 'draft', to: 'open' }, 'von Entwurf nach offen'],
    [
      'invitation.erased',
      {
        invitationId: '3f1c5a2b-0000-4000-8000-000000000001',
        reason: 'Antrag vom 12.10.2025',
        response: 'completed',
        answers: 34,
        contact: true,
        mails: 2,
      },
      'Einladung 3f1c5a2b, Grund „Antrag vom 12.10.2025“; gelöscht: Kontaktdaten, abgeschlossene Antwort (34 Einzelantworten), 2 E-Mails',
    ],
    [
      'invitation.erased',
      { invitationId: '3f1c5a2b-0000-4000-8000-000000000001', reason: 'Anruf', response: null, answers: 0, contact: false, mails: 0 },
      'Einladung 3f1c5a2b, Grund „Anruf“; gelöscht: nur der Link',
    ],
    [
      'response.erased',
      { importId: '9a8b7c6d-0000-4000-8000-000000000002', reason: 'Brief', response: 'partial', answers: 1, contact: false, mails: 0 },
      'importierte Antwort aus Import 9a8b7c6d, Grund „Brief“; gelöscht: begonnene Antwort (1 Einzelantwort)',
    ],
    [
      'wave.contacts-erased',
      { contacts: 12, tokens: 15, cancelledMails: 2, automatic: true, retentionDays: 90 },
      '12 Kontakte, 15 Links, 2 wartende E-Mails storniert; automatisch 90 Tage nach dem Schließen',
    ],
    [
      'wave.contacts-erased',
      { contacts: 1, tokens: 1, cancelledMails: 0, automatic: false, retentionDays: 90 },
      '1 Kontakt, 1 Link; vorzeitig von Hand',
    ],
    ['invitation.data-exported', { invitationId: '3f1c5a2b-0000-4000-8000-000000000001' }, 'Einladung 3f1c5a2b'],
    [
      'invitation.contacts-viewed',
      {
        purpose: 'person-search',
        count: 2,
        invitationIds: ['3f1c5a2b-0000-4000-8000-000000000001', '3f1c5a2b-0000-4000-8000-000000000002'],
      },
      '2 Einladungen, Person finden (Suche nach E-Mail-Adresse)',
    ],
    [
      'invitation.contacts-viewed',
      { purpose: 'invitation-list', count: 1, invitationIds: ['3f1c5a2b-0000-4000-8000-000000000001'] },
      '1 Einladung, Liste der Einladungen',
    ],
    ['invitation.contacts-viewed', { purpose: 'anderswo', count: 1 }, '1 Einladung, anderswo'],
    ['audit.exported', { filters: {} }, 'alle Einträge'],
    [
      'audit.exported',
      { filters: { waveCode: 'ki-2025', action: 'invitation.erased', actor: 'system' } },
      'gefiltert: Welle ki-2025, Aktion „Person auf Antrag gelöscht“, Person System',
    ],
    ['audit.exported', { filters: { actor: '0b5e4a8c-1111-4000-8000-000000000003' } }, 'gefiltert: Person Konto 0b5e4a8c'],
    ['wave.reopened', { from: 'closed', to: 'open' }, 'von geschlossen nach offen'],
    [
      'wave.closed',
      { from: 'open', to: 'closed', automatic: true, closesAt: '2025-07-27T21:59:00.000Z' },
      'von offen nach geschlossen; automatisch, Feldzeit endete 27.07.2025, 23:59 Uhr',
    ],
    ['wave.closed', { from: 'open', to: 'closed', automatic: true }, 'von offen nach geschlossen; automatisch'],
    ['wave.created', { title: 'KI 2025' }, 'Titel „KI 2025“'],
    [
      'wave.updated',
      { title: 'Neu', opensAt: '2025-01-05T08:05:00.000Z', closesAt: null },
      'Titel „Neu“, Beginn 05.01.2025, 09:05 Uhr, Ende keine Angabe',
    ],
    ['wave.updated', { surveyId: 'ki', version: '2' }, 'Fragebogen ki, Version 2'],
    ['wave.deleted', { title: 'Alt', version: '1' }, 'Titel „Alt“, Version 1'],
    ['definition.pinned', { version: '3' }, 'Version 3'],
    ['definition.pinned', { version: 3 }, 'Version 3'],
    ['definition.pinned', { version: { major: 3 } }, 'Version {"major":3}'],
    ['definition.uploaded', { version: '3', hash: 'abcdef0123456789', source: 'upload' }, 'Version 3, Prüfsumme abcdef012345, hochgeladen'],
    [
      'definition.replaced',
      { version: '3', hash: '111111111111999', previousHash: '222222222222999', source: 'file' },
      'Version 3, Prüfsumme 111111111111, vorher 222222222222, aus Datei',
    ],
    ['invitations.created', { count: 3, withEmail: 2 }, '3 Einladungen, davon 2 mit E-Mail-Adresse'],
    ['invitations.created', { count: 1 }, '1 Einladung'],
    ['invitations.created', { count: 1234, withEmail: 0 }, '1.234 Einladungen, davon 0 mit E-Mail-Adresse'],
    ['invitation.blocked', { invitationId: '1a2b3c4d-0000-4000-8000-000000000000' }, 'Einladung 1a2b3c4d'],
    ['responses.exported', { includePartial: false, labels: true }, 'nur abgeschlossene Antworten, mit Beschriftungen'],
    [
      'responses.exported',
      { includePartial: true, labels: false, waves: ['a', 'b'] },
      'mit unvollständigen Antworten, mit Codes, Wellen: a, b',
    ],
    ['staff.signed-in', { email: 'anna@example.org', address: '127.0.0.1' }, 'E-Mail-Adresse anna@example.org, von 127.0.0.1'],
    [
      'staff.invited',
      { memberId: 'm', name: 'Bernd', email: 'bernd@example.org', role: 'analyst' },
      '„Bernd“, E-Mail-Adresse bernd@example.org, Rolle Analyse',
    ],
    ['staff.revoked', { memberId: 'm', name: 'Bernd' }, '„Bernd“'],
    ['staff.password-link-issued', { memberId: 'm', purpose: 'reset' }, 'neues Passwort'],
    ['staff.password-set', { memberId: 'm', purpose: 'invite' }, 'Einladung ins Team'],
    ['staff.password-changed', { memberId: '0123456789abcdef' }, 'Konto 01234567'],
    ['staff.api-token-created', { memberId: 'm', tokenId: 't', label: 'Laptop' }, 'Schlüssel „Laptop“'],
    ['mail-template.saved', { kind: 'invitation' }, 'Vorlage „Einladung“'],
    ['mail-template.saved', { kind: 'reminder', reset: true }, 'Vorlage „Erinnerung“, zurück zur Standardvorlage'],
    ['mail.test-sent', { kind: 'invitation', outcome: 'sent' }, 'Vorlage „Einladung“, vom Mailserver angenommen'],
    [
      'mail.test-sent',
      { kind: 'reminder', outcome: 'held' },
      'Vorlage „Erinnerung“, als Datei zurückgehalten (kein Mailserver eingerichtet)',
    ],
    [
      'mail.test-sent',
      { kind: 'invitation', outcome: 'refused', responseCode: 550 },
      'Vorlage „Einladung“, vom Mailserver nicht angenommen (550)',
    ],
    ['mail.test-sent', { kind: 'invitation', outcome: 'refused', responseCode: null }, 'Vorlage „Einladung“, Mailserver nicht erreichbar'],
    [
      'mail.opted-out',
      { invitationId: '1a2b3c4d-0000-4000-8000-000000000000', cancelled: 1 },
      'Einladung 1a2b3c4d, 1 wartende E-Mail storniert',
    ],
    [
      'mail.opted-out',
      { invitationId: '1a2b3c4d-0000-4000-8000-000000000000', cancelled: 0 },
      'Einladung 1a2b3c4d, 0 wartende E-Mails storniert',
    ],
    [
      'mailing.created',
      {
        mailingId: '1a2b3c4d-0000-4000-8000-000000000000',
        kind: 'invitation',
        queued: 12,
        scheduledAt: '2025-07-01T07:00:00.000Z',
        skipped: { no_contact: 2, completed: 1 },
      },
      '„Einladung“, 12 E-Mails vorgemerkt für 01.07.2025, 09:00 Uhr; nicht dabei: 2 haben keine E-Mail-Adresse, 1 hat schon teilgenommen',
    ],
    [
      'mailing.created',
      { mailingId: 'x', kind: 'reminder', queued: 1, scheduledAt: '2025-12-24T23:30:00.000Z', skipped: {} },
      '„Erinnerung“, 1 E-Mail vorgemerkt für 25.12.2025, 00:30 Uhr',
    ],
    [
      'mailing.created',
      { kind: 'reminder', queued: 0, scheduledAt: '2025-12-24T23:30:00.000Z', skipped: { too_soon: 1234, later_reason: 3 } },
      '„Erinnerung“, 0 E-Mails vorgemerkt für 25.12.2025, 00:30 Uhr; nicht dabei: 1.234 haben die letzte E-Mail vor zu kurzer Zeit bekommen, 3 later_reason',
    ],
    ['mail.held-released', { count: 1 }, '1 zurückgehaltene E-Mail zum Versand freigegeben'],
    ['mail.held-released', { count: 1500 }, '1.500 zurückgehaltene E-Mails zum Versand freigegeben'],
    ['something.new', { reason: 'x', n: 2 }, 'reason: x; n: 2'],
    ['wave.opened', {}, ''],
    ['wave.opened', null, ''],
  ])('%s %j → %s', (action, details, expected) => {
    expect(auditDetailsSummary(action, details)).toBe(expected);
  });
});

describe('personLabel', () => {
  it.each([
    ['Anna Admin (admin)', 'Anna Admin (Administration)'],
    ['Ali Analyst (analyst)', 'Ali Analyst (Analyse)'],
    ['system', 'System'],
    ['anonymous', 'Nicht angemeldet'],
    ['opt-out link', 'Abmelde-Link aus einer E-Mail'],
    ['cli', 'cli'],
    ['Name (with) parentheses (admin)', 'Name (with) parentheses (Administration)'],
  ])('%s → %s', (actor, expected) => {
    expect(personLabel(actor)).toBe(expected);
  });
});

describe('parseAuditPageQuery', () => {
  it.each([
    [{}, { welle: '', aktion: '', person: '', seite: 1 }],
    [
      { welle: 'ki-2025', aktion: 'wave.opened', person: 'system', seite: '3' },
      { welle: 'ki-2025', aktion: 'wave.opened', person: 'system', seite: 3 },
    ],
    [
      { welle: '', aktion: '', person: '', seite: '' },
      { welle: '', aktion: '', person: '', seite: 1 },
    ],
    [{ welle: ' ki ' }, { welle: 'ki', aktion: '', person: '', seite: 1 }],
  ])('%j → %j', (query, expected) => {
    expect(parseAuditPageQuery(query)).toEqual(expected);
  });

  it.each([
    [{ seite: '0' }],
    [{ seite: '-1' }],
    [{ seite: '1.5' }],
    [{ seite: 'zwei' }],
    [{ seite: '99999999' }],
    [{ welle: ['a', 'b'] }],
    [{ aktion: 'x'.repeat(61) }],
    [{ person: { a: 1 } }],
  ])('refuses %j', (query) => {
    expect(parseAuditPageQuery(query)).toBeUndefined();
  });
});

describe('auditPageHref', () => {
  it.each([
    [{ welle: '', aktion: '', person: '' }, 1, '/admin/protokoll'],
    [{ welle: '', aktion: '', person: '' }, 2, '/admin/protokoll?seite=2'],
    [
      { welle: 'ki-2025', aktion: 'wave.opened', person: 'a b&c' },
      3,
      '/admin/protokoll?welle=ki-2025&aktion=wave.opened&person=a+b%26c&seite=3',
    ],
  ])('%j page %d → %s', (filters, page, expected) => {
    expect(auditPageHref(filters, page)).toBe(expected);
  });
});

describe('pageCount', () => {
  it.each([
    [0, 50, 1],
    [1, 50, 1],
    [50, 50, 1],
    [51, 50, 2],
    [340, 50, 7],
  ])('%d events of %d per page → %d pages', (total, size, expected) => {
    expect(pageCount(total, size)).toBe(expected);
  });
});
