import { actorLabel, eventDetails, recentEvents } from './wave-labels';

describe('actorLabel', () => {
  it.each([
    ['Anna Admin (admin)', 'Anna Admin (Administration)'],
    ['Ali (analyst)', 'Ali (Analyse (nur lesen))'],
    ['system', 'System (automatisch)'],
    ['admin (SURVEY_ADMIN_TOKEN)', 'admin (SURVEY_ADMIN_TOKEN)'],
  ])('%s → %s', (actor, label) => {
    expect(actorLabel(actor)).toBe(label);
  });
});

describe('eventDetails', () => {
  it.each([
    ['wave.closed', { from: 'open', to: 'closed' }, ''],
    ['wave.closed', { from: 'draft', to: 'closed' }, 'aus dem Entwurf, ohne je geöffnet zu sein'],
    ['wave.closed', { automatic: true, closesAt: '2025-07-27T21:59:00.000Z' }, 'automatisch: Ende der Feldzeit (27.07.2025, 23:59 Uhr)'],
    [
      'wave.updated',
      { title: 'Neu', closesAt: '2025-07-27T21:59:00.000Z', opensAt: null },
      'Titel: Neu; Ende: 27.07.2025, 23:59 Uhr; Beginn: keine Angabe',
    ],
    ['definition.pinned', { version: '2025' }, 'Version 2025'],
    ['invitations.created', { count: 3, withEmail: 2 }, '3 Einladungen, davon 2 mit E-Mail-Adresse'],
    ['invitations.created', { count: 1, withEmail: 0 }, '1 Einladung, davon 0 mit E-Mail-Adresse'],
    ['invitation.blocked', { invitationId: 'x' }, ''],
    ['invitation.erased', { invitationId: 'x', reason: 'Antrag vom 12.10.', contact: true }, 'Grund: Antrag vom 12.10.'],
    ['wave.contacts-erased', { contacts: 3, tokens: 1, automatic: true }, '3 Kontakte, 1 Link; automatisch nach Ablauf der Frist'],
  ])('%s %j → %s', (action, details, expected) => {
    expect(eventDetails({ action, details })).toBe(expected);
  });
});

describe('recentEvents', () => {
  it('shows the latest events first, in German', () => {
    const events = ['wave.created', 'wave.opened', 'wave.closed'].map((action, index) => ({
      occurredAt: `2025-06-0${index + 1}T10:00:00.000Z`,
      actor: 'Anna Admin (admin)',
      action,
      details: {},
    }));
    expect(recentEvents(events, 2)).toEqual([
      { occurredAt: '03.06.2025, 12:00 Uhr', actor: 'Anna Admin (Administration)', label: 'Welle geschlossen', details: '' },
      { occurredAt: '02.06.2025, 12:00 Uhr', actor: 'Anna Admin (Administration)', label: 'Welle geöffnet', details: '' },
    ]);
  });
});
