import {
  cancelReason,
  claimBatchSize,
  deadLocalHolders,
  instanceIdFor,
  isRelayProblem,
  relayPauseMs,
  type RelayError,
  type SendTimeState,
} from './outbox-worker-rules';

const MIN = 60_000;

describe('claimBatchSize', () => {
  it.each([
    // rate/min, lease, batch: sends at the rate must fit into half the lease, 1..10
    [60, 2 * MIN, 10],
    [600, 2 * MIN, 10],
    [12, 2 * MIN, 10],
    [6, 2 * MIN, 6],
    [2, 2 * MIN, 2],
    [1, 2 * MIN, 1],
    [0.1, 2 * MIN, 1],
    [60, 10_000, 5],
  ])('%p per minute with a %p ms lease → %p rows', (rate, lease, batch) => {
    expect(claimBatchSize(rate, lease)).toBe(batch);
  });

  it('never exceeds the given maximum', () => {
    expect(claimBatchSize(6000, 2 * MIN, 3)).toBe(3);
  });

  it.each([
    [0, MIN],
    [-1, MIN],
    [NaN, MIN],
    [60, 0],
  ])('refuses rate %p, lease %p', (rate, lease) => {
    expect(() => claimBatchSize(rate, lease)).toThrow(RangeError);
  });
});

describe('cancelReason', () => {
  const now = new Date('2025-06-10T10:00:00Z');
  const sendable: SendTimeState = {
    wave: { status: 'open', closesAt: new Date('2025-06-30T21:59:00Z') },
    now,
    invitation: { progress: 'started', blocked: false, email: 'a@example.org', link: 'https://x.example/survey/t' },
    optedOut: false,
  };
  const invitation = sendable.invitation as NonNullable<SendTimeState['invitation']>;

  it.each<[string, SendTimeState, string | null]>([
    ['sendable', sendable, null],
    ['unused invitation', { ...sendable, invitation: { ...invitation, progress: 'unused' } }, null],
    ['wave without end', { ...sendable, wave: { status: 'open', closesAt: null } }, null],
    ['completed', { ...sendable, invitation: { ...invitation, progress: 'completed' } }, 'completed'],
    ['blocked', { ...sendable, invitation: { ...invitation, blocked: true } }, 'blocked'],
    ['opted out', { ...sendable, optedOut: true }, 'opted out'],
    ['contact removed', { ...sendable, invitation: { ...invitation, email: null, link: null } }, 'no e-mail address'],
    ['no kept link', { ...sendable, invitation: { ...invitation, link: null } }, 'no personal link'],
    ['invitation deleted', { ...sendable, invitation: null }, 'invitation deleted'],
    ['wave closed', { ...sendable, wave: { status: 'closed', closesAt: null } }, 'wave closed'],
    ['wave back to draft', { ...sendable, wave: { status: 'draft', closesAt: null } }, 'wave draft'],
    ['window ended exactly now', { ...sendable, wave: { status: 'open', closesAt: now } }, 'wave ended'],
    ['window ended before', { ...sendable, wave: { status: 'open', closesAt: new Date(now.getTime() - 1) } }, 'wave ended'],
    [
      'completed and blocked: completed first',
      { ...sendable, invitation: { ...invitation, progress: 'completed', blocked: true }, optedOut: true },
      'completed',
    ],
    ['blocked and opted out: blocked first', { ...sendable, invitation: { ...invitation, blocked: true }, optedOut: true }, 'blocked'],
  ])('%s → %p', (_name, state, reason) => {
    expect(cancelReason(state)).toBe(reason);
  });
});

describe('isRelayProblem', () => {
  it.each<[string, RelayError, boolean]>([
    [
      'wrong credentials',
      { code: 'EAUTH', responseCode: 535, response: '535 Authentication failed', command: 'AUTH PLAIN', message: 'Invalid login' },
      true,
    ],
    ['auth refused without EAUTH code', { responseCode: 535, command: 'AUTH LOGIN', message: 'x' }, true],
    ['relay not listening', { code: 'ESOCKET', command: 'CONN', message: 'connect ECONNREFUSED 127.0.0.1:1' }, true],
    ['unknown host', { code: 'EDNS', message: 'getaddrinfo ENOTFOUND relay.invalid' }, true],
    ['unknown host via socket', { code: 'ESOCKET', message: 'getaddrinfo ENOTFOUND relay.invalid' }, true],
    ['TLS mismatch', { code: 'ETLS', message: 'wrong version number' }, true],
    ['dropped during DATA', { code: 'ECONNECTION', command: 'CONN', message: 'Connection closed unexpectedly' }, false],
    ['451 greylisting', { code: 'EMESSAGE', responseCode: 451, response: '451 try later', command: 'DATA' }, false],
    ['550 no such user', { code: 'EMESSAGE', responseCode: 550, response: '550 no such user', command: 'DATA' }, false],
    ['550 at RCPT', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, false],
    [
      '530 at MAIL FROM (no credentials)',
      { code: 'EENVELOPE', responseCode: 530, response: '530 5.7.0 Authentication required', command: 'MAIL FROM' },
      true,
    ],
    ['451 at MAIL FROM', { code: 'EENVELOPE', responseCode: 451, command: 'MAIL FROM' }, true],
    [
      'message too large for the relay (MAIL FROM SIZE)',
      { code: 'EMESSAGE', command: 'MAIL FROM', message: 'Message size larger than allowed 10' },
      true,
    ],
    ['554 greeting', { code: 'EPROTOCOL', responseCode: 554, response: '554 no service', command: 'CONN' }, true],
    ['EHLO refused', { code: 'ECONNECTION', responseCode: 421, command: 'EHLO' }, true],
    ['HELO refused', { code: 'EPROTOCOL', responseCode: 501, command: 'HELO' }, true],
    ['STARTTLS failed', { code: 'ETLS', command: 'STARTTLS' }, true],
    ['temporary auth failure 454', { code: 'EAUTH', responseCode: 454, command: 'AUTH PLAIN' }, true],
    ['auth 454 without EAUTH code', { responseCode: 454, command: 'AUTH LOGIN' }, true],
    ['all recipients rejected at RCPT', { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' }, false],
    ['451 at RCPT', { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' }, false],
    ['DATA refused', { code: 'EENVELOPE', responseCode: 554, command: 'DATA' }, false],
    ['reply to DATA timed out', { code: 'ETIMEDOUT', command: 'CONN', message: 'Timeout' }, false],
    ['server closed the connection', { code: 'ECONNECTION', command: 'CONN', message: 'Server closed the connection' }, false],
    ['timeout', { code: 'ETIMEDOUT', message: 'Timeout' }, false],
    ['nothing known', {}, false],
  ])('%s → %p', (_name, error, expected) => {
    expect(isRelayProblem(error)).toBe(expected);
  });
});

describe('relayPauseMs', () => {
  it.each([
    [1, 5_000],
    [2, 10_000],
    [3, 20_000],
    [6, 160_000],
    [7, 300_000],
    [100, 300_000],
  ])('after %p relay problems in a row → %p ms', (consecutive, pause) => {
    expect(relayPauseMs(consecutive)).toBe(pause);
  });

  it.each([0, -1, 1.5])('refuses %p', (consecutive) => {
    expect(() => relayPauseMs(consecutive)).toThrow(RangeError);
  });
});

describe('instanceIdFor and deadLocalHolders', () => {
  const own = instanceIdFor('app-1', 'a1b2c3d4', 4242, 'r4nd0m');
  const running = new Set([4242, 5000]);
  const isRunning = (pid: number) => running.has(pid);

  it('names host, machine, pid and a random part within 64 characters', () => {
    expect(own).toBe('app-1#a1b2c3d4:4242:r4nd0m');
    expect(instanceIdFor('h'.repeat(200), 'm'.repeat(40), 4_194_304, 'x'.repeat(40)).length).toBeLessThanOrEqual(64);
  });

  it.each<[string, string, boolean]>([
    ['a dead process of this machine', 'app-1#a1b2c3d4:1234:old', true],
    ['a running process of this machine', 'app-1#a1b2c3d4:5000:other', false],
    ['this process itself', own, false],
    ['an earlier process that had this pid', 'app-1#a1b2c3d4:4242:earlier', false],
    ['another host', 'app-2#a1b2c3d4:1234:x', false],
    ['the same host name on another machine', 'app-1#ffffffff:1234:x', false],
    ['something unreadable', 'app-1#a1b2c3d4:not-a-pid:x', false],
    ['an empty holder', '', false],
  ])('%s → released %p', (_name, holder, released) => {
    expect(deadLocalHolders([holder], own, isRunning)).toEqual(released ? [holder] : []);
  });
});
