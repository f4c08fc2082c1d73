import {
  afterAttempt,
  deliveryOutcome,
  InvitationMailState,
  isExpired,
  nextAttemptDelayMs,
  qualifiesForInvitation,
  qualifiesForReminder,
  SmtpError,
  smtpErrorText,
} from './delivery-policy';

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const DAY = 24 * H;

describe('nextAttemptDelayMs', () => {
  it.each([
    [1, 30 * S],
    [2, 1 * MIN],
    [3, 2 * MIN],
    [4, 4 * MIN],
    [5, 8 * MIN],
    [6, 16 * MIN],
    [7, 32 * MIN],
    [8, 64 * MIN],
    [9, 128 * MIN],
    [10, 4 * H],
    [11, 4 * H],
    [30, 4 * H],
    [10_000, 4 * H],
  ])('after %i failed attempts → %i ms', (attempts, delay) => {
    expect(nextAttemptDelayMs(attempts)).toBe(delay);
  });

  it.each([0, -1, 1.5, NaN])('refuses %p', (attempts) => {
    expect(() => nextAttemptDelayMs(attempts)).toThrow(RangeError);
  });

  it('retries about 26 times within 3 days', () => {
    let total = 0;
    let attempts = 0;
    while (total < 3 * DAY) total += nextAttemptDelayMs(++attempts);
    expect(attempts).toBe(26);
  });
});

describe('deliveryOutcome', () => {
  it.each<[string, SmtpError | null, string]>([
    ['no error (250 after DATA)', null, 'sent'],
    ['a 250 reply', { responseCode: 250, response: '250 OK queued' }, 'sent'],
    ['451 try again later', { responseCode: 451, code: 'EENVELOPE', response: '451 4.7.1 greylisted' }, 'deferred'],
    ['421 closing', { responseCode: 421, code: 'EPROTOCOL' }, 'deferred'],
    ['452 insufficient storage', { responseCode: 452 }, 'deferred'],
    ['550 user unknown', { responseCode: 550, code: 'EENVELOPE', response: '550 5.1.1 user unknown' }, 'failed'],
    ['554 rejected after DATA', { responseCode: 554, code: 'EMESSAGE' }, 'failed'],
    ['connection dropped during DATA', { code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'deferred'],
    ['socket reset', { code: 'ECONNRESET', message: 'read ECONNRESET' }, 'deferred'],
    ['timeout', { code: 'ETIMEDOUT', message: 'Greeting never received' }, 'deferred'],
    ['relay down', { code: 'ECONNREFUSED' }, 'deferred'],
    ['socket error', { code: 'ESOCKET' }, 'deferred'],
    ['DNS', { code: 'EDNS' }, 'deferred'],
    ['wrong password without reply code (configuration, not a bounce)', { code: 'EAUTH' }, 'deferred'],
    ['message could not be built', { code: 'EMESSAGE', message: 'bad attachment' }, 'failed'],
    ['no recipients', { code: 'EENVELOPE', message: 'No recipients defined' }, 'failed'],
    ['an unknown error', { message: 'boom' }, 'failed'],
  ])('%s → %s', (_case, error, outcome) => {
    expect(deliveryOutcome(error)).toBe(outcome);
  });
});

describe('smtpErrorText', () => {
  it.each<[unknown, string]>([
    [
      { responseCode: 550, response: '550 5.1.1 <a@example.org>:\r\n user unknown', message: "Can't send mail" },
      '550 5.1.1 <a@example.org>: user unknown',
    ],
    [{ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }, 'ECONNECTION: Connection closed unexpectedly'],
    [{ message: 'boom' }, 'boom'],
    [{ responseCode: 451, response: '451 4.3.0\r\n try\tlater\u0007 ' }, '451 4.3.0 try later'],
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:2525' }, 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:2525'],
    [{ response: ' \r\n ', message: 'closed' }, 'closed'],
    [new Error(''), 'unknown error'],
    [{ message: '\u0000\u0001' }, 'unknown error'],
    [{}, 'unknown error'],
  ])('%p → %s', (error, text) => {
    expect(smtpErrorText(error)).toBe(text);
  });

  it.each([null, undefined, 'text', 42])('takes anything thrown: %p → unknown error', (error) => {
    expect(smtpErrorText(error)).toBe('unknown error');
  });

  it('keeps at most 500 characters', () => {
    const text = smtpErrorText({ response: `550 ${'x'.repeat(1000)}` });
    expect(text).toHaveLength(500);
    expect(text.endsWith('…')).toBe(true);
  });
});

const DUE = new Date('2025-07-01T08:00:00Z');
const at = (ms: number) => new Date(DUE.getTime() + ms);

describe('isExpired', () => {
  it.each([
    [0, false],
    [3 * DAY - 1, false],
    [3 * DAY, true],
    [4 * DAY, true],
  ])('%i ms after becoming due → %p', (elapsed, expired) => {
    expect(isExpired(DUE, at(elapsed))).toBe(expired);
  });
});

describe('afterAttempt', () => {
  it.each<[string, SmtpError | null, number, number, object]>([
    ['accepted', null, 1, 0, { status: 'sent' }],
    [
      '451 first time',
      { responseCode: 451, response: '451 later' },
      1,
      0,
      { status: 'deferred', nextAttemptAt: at(30 * S), lastError: '451 later' },
    ],
    [
      'dropped, 5th time',
      { code: 'ECONNRESET', message: 'x' },
      5,
      H,
      { status: 'deferred', nextAttemptAt: at(H + 8 * MIN), lastError: 'ECONNRESET: x' },
    ],
    [
      'deferred near the deadline: the last try at the deadline',
      { responseCode: 451 },
      20,
      3 * DAY - H,
      { status: 'deferred', nextAttemptAt: at(3 * DAY), lastError: 'unknown error' },
    ],
    [
      'deferred after 3 days',
      { responseCode: 451, response: '451 later' },
      26,
      3 * DAY,
      { status: 'failed', lastError: 'gave up after 3 days: 451 later' },
    ],
    ['550', { responseCode: 550, response: '550 no such user' }, 1, 0, { status: 'failed', lastError: '550 no such user' }],
  ])('%s', (_case, error, attempts, elapsed, result) => {
    expect(afterAttempt(error, attempts, DUE, at(elapsed))).toEqual(result);
  });
});

const NOW = new Date('2025-07-10T12:00:00Z');
const INVITED: InvitationMailState = {
  progress: 'unused',
  blocked: false,
  optedOut: false,
  mailFailed: false,
  lastMailAt: new Date(NOW.getTime() - 3 * DAY),
  reminders: 0,
  hasContact: true,
};
const RULES = { minDaysSinceLast: 3, maxReminders: 2 };

describe('qualifiesForReminder', () => {
  it.each<[string, Partial<InvitationMailState>, Partial<typeof RULES>, string | null]>([
    ['invited 3 days ago, not started', {}, {}, null],
    ['started, not completed', { progress: 'started' }, {}, null],
    ['one reminder so far', { reminders: 1 }, {}, null],
    ['completed', { progress: 'completed' }, {}, 'completed'],
    ['opted out', { optedOut: true }, {}, 'opted_out'],
    ['blocked', { blocked: true }, {}, 'blocked'],
    ['no contact', { hasContact: false }, {}, 'no_contact'],
    ['last mail refused', { mailFailed: true }, {}, 'mail_failed'],
    ['a mail still pending', { mailPending: true }, {}, 'mail_pending'],
    ['never invited', { lastMailAt: null }, {}, 'not_invited'],
    ['two reminders already', { reminders: 2 }, {}, 'max_reminders'],
    ['reminders switched off', {}, { maxReminders: 0 }, 'max_reminders'],
    ['last mail 3 days minus a second ago', { lastMailAt: new Date(NOW.getTime() - 3 * DAY + S) }, {}, 'too_soon'],
    ['last mail 1 day ago, minimum 1 day', { lastMailAt: new Date(NOW.getTime() - DAY) }, { minDaysSinceLast: 1 }, null],
    ['minimum 0 days, mailed just now', { lastMailAt: NOW }, { minDaysSinceLast: 0 }, null],
    ['completed and opted out: opted out first', { progress: 'completed', optedOut: true }, {}, 'opted_out'],
  ])('%s', (_case, changed, rules, reason) => {
    const result = qualifiesForReminder({ ...INVITED, ...changed }, NOW, { ...RULES, ...rules });
    expect(result).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });

  it.each([
    { minDaysSinceLast: -1, maxReminders: 2 },
    { minDaysSinceLast: 3, maxReminders: 1.5 },
    { minDaysSinceLast: NaN, maxReminders: 2 },
  ])('refuses rules %p', (rules) => {
    expect(() => qualifiesForReminder(INVITED, NOW, rules)).toThrow(RangeError);
  });
});

describe('qualifiesForInvitation', () => {
  const FRESH: InvitationMailState = { ...INVITED, lastMailAt: null };
  it.each<[string, Partial<InvitationMailState>, boolean, string | null]>([
    ['a contact never mailed', {}, false, null],
    ['already invited', { lastMailAt: INVITED.lastMailAt }, false, 'already_invited'],
    ['already invited, re-sent by id', { lastMailAt: INVITED.lastMailAt }, true, null],
    ['an earlier invitation failed', { mailFailed: true }, false, 'mail_failed'],
    ['an earlier invitation failed, re-sent by id', { mailFailed: true }, true, null],
    ['no contact', { hasContact: false }, true, 'no_contact'],
    ['opted out, even by id', { optedOut: true }, true, 'opted_out'],
    ['blocked, even by id', { blocked: true }, true, 'blocked'],
    ['completed, even by id', { progress: 'completed' }, true, 'completed'],
    ['a mail pending, even by id', { mailPending: true }, true, 'mail_pending'],
    ['started without a mail (link handed over otherwise)', { progress: 'started' }, false, null],
  ])('%s', (_case, changed, explicit, reason) => {
    expect(qualifiesForInvitation({ ...FRESH, ...changed }, { explicit })).toEqual(reason === null ? { ok: true } : { ok: false, reason });
  });
});
