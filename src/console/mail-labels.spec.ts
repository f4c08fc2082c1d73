import { OutboxStatus } from '../mail/mail-outbox.entity';
import { invitationMailCell, kindOfArt, mailNote, invitationName, mailingStateLine, outboxTime, skippedLines } from './mail-labels';

const mail = (changes: Partial<Parameters<typeof invitationMailCell>[0]['mail']> = {}) => ({
  status: 'none' as const,
  attempts: 0,
  lastError: null,
  lastSentAt: null,
  reminders: 0,
  ...changes,
});

describe('kindOfArt', () => {
  it.each([
    ['einladung', 'invitation'],
    ['erinnerung', 'reminder'],
    ['invitation', null],
    ['Einladung', null],
    ['constructor', null],
    ['__proto__', null],
    ['', null],
    ['toString', null],
    ['hasOwnProperty', null],
  ])('%j → %j', (slug, kind) => {
    expect(kindOfArt(slug)).toBe(kind);
  });
});

describe('skippedLines', () => {
  it('says per reason how many are left out, singular and plural, in a fixed order', () => {
    expect(skippedLines({ completed: 3, no_contact: 2, opted_out: 1 })).toEqual([
      '2 haben keine E-Mail-Adresse',
      '1 hat sich von E-Mails abgemeldet',
      '3 haben schon teilgenommen',
    ]);
    expect(skippedLines({ too_soon: 1234 })).toEqual(['1.234 haben die letzte E-Mail vor zu kurzer Zeit bekommen']);
    expect(skippedLines({})).toEqual([]);
  });
});

describe('invitationName', () => {
  it.each([
    [{ id: 'abcdef12-0000-4000-8000-000000000000', label: null }, undefined, 'Einladung abcdef12'],
    [{ id: 'abcdef12-0000-4000-8000-000000000000', label: 'Kammer A' }, undefined, 'Kammer A'],
    [{ id: 'abcdef12-0000-4000-8000-000000000000', label: 'Kammer A' }, 'Dr. Erika Beispiel', 'Dr. Erika Beispiel'],
    [{ id: 'abcdef12-0000-4000-8000-000000000000', label: null }, null, 'Einladung abcdef12'],
  ])('names %j with contact name %j as %j', (invitation, name, expected) => {
    expect(invitationName(invitation, name)).toBe(expected);
  });
});

describe('mailNote', () => {
  it.each([
    ['cancelled: completed', true, { lead: 'Abgebrochen: die Person hat inzwischen teilgenommen', reply: null }],
    ['cancelled: opted out', false, { lead: 'Abgebrochen: die Person hat sich von E-Mails abgemeldet', reply: null }],
    ['cancelled: blocked', true, { lead: 'Abgebrochen: der Link ist gesperrt', reply: null }],
    ['cancelled: wave ended', true, { lead: 'Abgebrochen: die Feldzeit der Welle ist zu Ende', reply: null }],
    ['cancelled: wave closed', true, { lead: 'Abgebrochen: die Welle ist geschlossen', reply: null }],
    ['cancelled: no personal link', true, { lead: 'Abgebrochen: kein persönlicher Link gespeichert', reply: null }],
    ['cancelled: something new', true, { lead: 'Abgebrochen:', reply: 'something new' }],
    [
      'relay: 530 5.7.0 Authentication required',
      true,
      { lead: 'Mailserver nicht erreichbar oder Anmeldung abgelehnt (die E-Mail wartet):', reply: '530 5.7.0 Authentication required' },
    ],
    [
      'gave up after 3 days: 451 4.7.1 <eva@example.org> greylisted',
      false,
      { lead: 'Nach 3 Tagen aufgegeben, zuletzt Mailserver:', reply: '451 4.7.1 <Adresse> greylisted' },
    ],
    [
      'gave up after 3 days: ECONNECTION: Connection closed unexpectedly',
      true,
      { lead: 'Nach 3 Tagen aufgegeben, zuletzt Verbindungsfehler:', reply: 'ECONNECTION: Connection closed unexpectedly' },
    ],
    ['550 5.1.1 <eva@example.org>: User unknown', true, { lead: 'Mailserver:', reply: '550 5.1.1 <eva@example.org>: User unknown' }],
    ['550 5.1.1 <eva@example.org>: User unknown', false, { lead: 'Mailserver:', reply: '550 5.1.1 <Adresse>: User unknown' }],
    ['ETIMEDOUT: Timeout', true, { lead: 'Verbindungsfehler:', reply: 'ETIMEDOUT: Timeout' }],
    ['', true, null],
  ])('%j (addresses: %j) → %j', (lastError, showAddresses, expected) => {
    expect(mailNote(lastError, showAddresses)).toEqual(expected);
  });
});

describe('invitationMailCell', () => {
  it.each([
    [{ hasEmail: true, optedOut: false, mail: mail() }, true, 'none', 'noch keine', []],
    [{ hasEmail: false, optedOut: false, mail: mail() }, true, 'no-address', 'keine (ohne E-Mail-Adresse)', []],
    [{ hasEmail: true, optedOut: false, mail: mail({ status: 'queued' }) }, true, 'queued', 'wartet', []],
    [{ hasEmail: true, optedOut: false, mail: mail({ status: 'held' }) }, true, 'held', 'zurückgehalten', []],
    [
      { hasEmail: true, optedOut: false, mail: mail({ status: 'sent', lastSentAt: '2025-07-01T07:00:00.000Z', reminders: 2 }) },
      true,
      'sent',
      'vom Mailserver angenommen',
      ['01.07.2025, 09:00 Uhr', '2 Erinnerungen'],
    ],
    [
      {
        hasEmail: true,
        optedOut: false,
        mail: mail({ status: 'failed', attempts: 1, lastError: '550 5.1.1 <eva@example.org> User unknown' }),
      },
      true,
      'failed',
      'abgelehnt',
      ['1 Versuch', 'Mailserver: „550 5.1.1 <eva@example.org> User unknown“'],
    ],
    [
      {
        hasEmail: true,
        optedOut: false,
        mail: mail({ status: 'failed', attempts: 1, lastError: '550 5.1.1 <eva@example.org> User unknown' }),
      },
      false,
      'failed',
      'abgelehnt',
      ['1 Versuch', 'Mailserver: „550 5.1.1 <Adresse> User unknown“'],
    ],
    [
      {
        hasEmail: true,
        optedOut: false,
        mail: mail({ status: 'deferred', attempts: 3, lastError: '451 try later', lastSentAt: '2025-07-01T07:00:00.000Z', reminders: 1 }),
      },
      true,
      'deferred',
      'verzögert',
      ['zuletzt angenommen: 01.07.2025, 09:00 Uhr', '1 Erinnerung', '3 Versuche', 'Mailserver: „451 try later“'],
    ],
    [
      { hasEmail: true, optedOut: true, mail: mail({ status: 'sent', lastSentAt: '2025-07-01T07:00:00.000Z' }) },
      true,
      'opted-out',
      'abgemeldet',
      ['bekommt keine E-Mails mehr', '01.07.2025, 09:00 Uhr'],
    ],
  ])('shows %j (addresses: %j) as %s', (invitation, showAddresses, state, label, details) => {
    expect(invitationMailCell(invitation, showAddresses)).toEqual({ state, label, details });
  });
});

describe('mailingStateLine and outboxTime', () => {
  const none = { queued: 0, held: 0, sent: 0, deferred: 0, failed: 0, cancelled: 0 };
  it('sums up a mailing by state', () => {
    expect(mailingStateLine({ ...none, sent: 12, failed: 2 })).toBe('12 vom Mailserver angenommen, 2 abgelehnt');
    expect(mailingStateLine(none)).toBe('keine E-Mails');
  });
  it('says what the time of a mail means in its state (Berlin time)', () => {
    const times = {
      dueAt: new Date('2025-01-10T08:00:00Z'),
      sentAt: new Date('2025-01-10T08:01:00Z'),
      createdAt: new Date('2025-01-09T12:00:00Z'),
    };
    expect(outboxTime({ status: OutboxStatus.Sent, ...times })).toBe('angenommen 10.01.2025, 09:01 Uhr');
    expect(outboxTime({ status: OutboxStatus.Queued, ...times })).toBe('geplant 10.01.2025, 09:00 Uhr');
    expect(outboxTime({ status: OutboxStatus.Deferred, ...times })).toBe('nächster Versuch 10.01.2025, 09:00 Uhr');
    expect(outboxTime({ status: OutboxStatus.Held, ...times })).toBe('vorgemerkt 09.01.2025, 13:00 Uhr');
  });
});
