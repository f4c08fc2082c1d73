import type { SmtpError } from './delivery-policy';

/** Most rows one worker claims at a time. */
export const MAX_CLAIM_BATCH = 10;

/**
 * How many due rows a worker claims at once: as many as it can send at `ratePerMinute` within half the lease
 * (1 to MAX_CLAIM_BATCH). The lease is renewed before each send, so the last row of a batch still holds a lease
 * when its turn comes even at a slow rate (60/min: 10 rows take 10 s of a 2-minute lease; 1/min: 1 row a batch).
 */
export function claimBatchSize(ratePerMinute: number, leaseMs: number, max = MAX_CLAIM_BATCH): number {
  if (!(ratePerMinute > 0) || !(leaseMs > 0)) throw new RangeError('ratePerMinute and leaseMs must be > 0');
  const msPerSend = 60_000 / ratePerMinute;
  return Math.max(1, Math.min(max, Math.floor(leaseMs / 2 / msPerSend)));
}

/** What the worker knows about one claimed mail just before sending it. */
export interface SendTimeState {
  wave: { status: string; closesAt: Date | null };
  now: Date;
  /** null: the invitation is gone. */
  invitation: { progress: string; blocked: boolean; email: string | null; link: string | null } | null;
  optedOut: boolean;
}

/**
 * Why a claimed mail must not go out any more (it is then `cancelled` with "cancelled: <reason>"), or null to
 * send it. Checked just before each send: staff may have blocked the link, the person may have completed or
 * opted out, the wave may have closed since the mailing was queued.
 */
export function cancelReason(state: SendTimeState): string | null {
  const { invitation } = state;
  if (invitation === null) return 'invitation deleted';
  if (invitation.progress === 'completed') return 'completed';
  if (invitation.blocked) return 'blocked';
  if (state.optedOut) return 'opted out';
  if (invitation.email === null) return 'no e-mail address';
  if (invitation.link === null) return 'no personal link';
  if (state.wave.status !== 'open') return `wave ${state.wave.status}`;
  if (state.wave.closesAt !== null && state.wave.closesAt.getTime() <= state.now.getTime()) return 'wave ended';
  return null;
}

/** nodemailer's error, with the SMTP command it failed at ('CONN' while connecting, 'AUTH PLAIN', 'DATA' …). */
export interface RelayError extends SmtpError {
  command?: string;
}

/** SMTP steps before the recipient is named: a failure there says nothing about the address. */
const RELAY_COMMANDS = new Set(['EHLO', 'HELO', 'LHLO', 'STARTTLS', 'MAIL FROM']);

/**
 * Whether an error is the relay's (or its configuration's) problem rather than this recipient's: the relay cannot
 * be reached, refuses the greeting, EHLO, STARTTLS, our credentials or our sender (MAIL FROM, e.g. "530 5.7.0
 * Authentication required" when SMTP_URL has no credentials). Such an error says nothing about the address, so it
 * must not count as an attempt, let alone as a bounce (a 530 would otherwise fail every row as "5xx"): the worker
 * puts the mail back unchanged and pauses. Only the replies to RCPT TO and DATA count against the recipient. A
 * connection that drops or times out after it was established (nodemailer names that 'CONN' too, also mid-DATA) is
 * not a relay problem of this kind: that mail is deferred like a 4xx.
 */
export function isRelayProblem(error: RelayError): boolean {
  if (error.code === 'EAUTH' || error.code === 'ETLS' || error.code === 'EDNS') return true;
  const command = error.command ?? '';
  if (command.startsWith('AUTH') || RELAY_COMMANDS.has(command)) return true;
  // An invalid greeting (e.g. "554 no service"): the relay refuses every connection.
  if (command === 'CONN' && error.code === 'EPROTOCOL') return true;
  return /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.test(error.message ?? '');
}

/** How long the worker waits after the n-th relay problem in a row: 5 s doubling, at most 5 minutes. */
export function relayPauseMs(consecutive: number): number {
  if (!Number.isInteger(consecutive) || consecutive < 1) throw new RangeError(`consecutive must be an integer ≥ 1, got ${consecutive}`);
  return Math.min(5 * 60_000, 5_000 * 2 ** Math.min(consecutive - 1, 10));
}

/**
 * A worker's name in `mail_outbox.leased_by`: `<host>#<machine>:<pid>:<random>` (≤ 64 characters), where
 * `<machine>` tells apart hosts of one name (containers: their process namespace). `<random>` keeps two
 * processes that reuse one pid apart.
 */
export function instanceIdFor(host: string, machine: string, pid: number, random: string): string {
  return `${host.slice(0, 30)}#${machine.slice(0, 8)}:${pid}:${random.slice(0, 12)}`;
}

/**
 * The holders of leases that a process on the same machine may release at its start: those of processes of this
 * machine (same `<host>#<machine>:` prefix) that are no longer running (killed, crashed). Their claimed mails are
 * then sent at once instead of after the lease ran out. Anything not clearly of a dead local process is kept.
 */
export function deadLocalHolders(holders: readonly string[], ownId: string, isRunning: (pid: number) => boolean): string[] {
  const prefix = ownId.slice(0, ownId.indexOf(':') + 1);
  return holders.filter((holder) => {
    if (holder === ownId || !holder.startsWith(prefix)) return false;
    const match = /^(\d+):[^:]*$/.exec(holder.slice(prefix.length));
    return match !== null && !isRunning(Number(match[1]));
  });
}
