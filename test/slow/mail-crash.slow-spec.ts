import { Client } from 'pg';
import { TestRelay } from '../support/smtp-relay';
import { call, createServiceProcess, ServiceProcess } from './support/service-process';

const INVITATIONS = 200;
const RATE_PER_MINUTE = 600;
/** The relay takes this long to accept each mail: the kill lands while a mail is in flight more often than not. */
const RELAY_DELAY_MS = 30;
/** One worker per process sends one mail at a time: at most one mail is in flight when the process dies. */
const MAILS_IN_FLIGHT_PER_KILL = 1;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Creates and opens a wave with `count` invitations that have an e-mail address, and sends them an invitation mailing. */
async function mailingOf(service: ServiceProcess, code: string, count: number): Promise<string[]> {
  const created = await call(service, 'POST', '/api/waves', { code, title: `Welle ${code}`, surveyId: 'ki-mittelstand', version: '2023' });
  if (created.status !== 201) throw new Error(`creating wave ${code}: ${created.status} ${JSON.stringify(created.body)}`);
  await call(service, 'POST', `/api/waves/${code}/open`);
  const addresses = Array.from({ length: count }, (_, index) => `${code}-${index}@crash.example`);
  const invited = await call(service, 'POST', `/api/waves/${code}/invitations`, { invitations: addresses.map((email) => ({ email })) });
  if (invited.status !== 201) throw new Error(`inviting: ${invited.status} ${JSON.stringify(invited.body)}`);
  const mailing = await call(service, 'POST', `/api/waves/${code}/mailings`, { kind: 'invitation' });
  if (mailing.status !== 202 || (mailing.body as { queued: number }).queued !== count) {
    throw new Error(`mailing: ${mailing.status} ${JSON.stringify(mailing.body)}`);
  }
  return addresses;
}

/** The mails of the wave by state, read from the service's database. */
async function outboxStates(service: ServiceProcess, code: string): Promise<Record<string, number>> {
  const client = new Client({ connectionString: service.databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<{ status: string; count: number }>(
      `SELECT o.status, count(*)::int AS count FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id
         JOIN waves w ON w.id = m.wave_id WHERE w.code = $1 GROUP BY o.status`,
      [code],
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.count]));
  } finally {
    await client.end();
  }
}

async function waitUntilAllSent(service: ServiceProcess, code: string, count: number): Promise<void> {
  const deadline = Date.now() + 180_000;
  let states: Record<string, number> = {};
  while (Date.now() < deadline) {
    states = await outboxStates(service, code);
    if (states.sent === count) return;
    await sleep(250);
  }
  throw new Error(`not all mails were sent: ${JSON.stringify(states)}`);
}

/** Mails per address the relay accepted. */
function countsPerAddress(relay: TestRelay): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of relay.received) for (const to of mail.to) counts.set(to, (counts.get(to) ?? 0) + 1);
  return counts;
}

describe('mail crash: a killed service loses no queued mail and resends at most the mail in flight', () => {
  let relay: TestRelay;
  let service: ServiceProcess;
  let arrivals: number[];
  /** Sends a signal to the service the moment the relay has the n-th mail's DATA and has not answered yet. */
  let signalAt: { mail: number; signal: NodeJS.Signals } | undefined;

  beforeEach(async () => {
    relay = await TestRelay.start();
    arrivals = [];
    signalAt = undefined;
    relay.answerAll(() => {
      arrivals.push(performance.now());
      if (signalAt !== undefined && arrivals.length === signalAt.mail) process.kill(service.pid(), signalAt.signal);
      // The relay still accepts this mail after its delay: the service may not live to see the 250.
      return { accept: true, delayMs: RELAY_DELAY_MS };
    });
    service = await createServiceProcess({
      env: { SMTP_URL: relay.url, MAIL_FROM: 'Befragung <befragung@example.org>', MAIL_RATE_PER_MINUTE: String(RATE_PER_MINUTE) },
    });
    await service.start();
  });

  afterEach(async () => {
    await service.dispose();
    await relay.close();
  });

  it('after kill -9 while a mail is in flight and a restart, every address got its mail; duplicates only from the one-statement window', async () => {
    // The worst moment: the relay has the mail and accepts it, the service dies before it can record `sent`.
    signalAt = { mail: Math.round(INVITATIONS / 3), signal: 'SIGKILL' };
    const addresses = await mailingOf(service, 'crash-mail', INVITATIONS);
    await relay.waitForMails(Math.round(INVITATIONS / 3), 120_000);
    await service.kill('SIGKILL');
    const beforeKill = relay.received.length;
    // Only the mails before the kill count for the rate (the last arrival is the one in flight).
    const sentBeforeKill = arrivals.slice();
    expect(beforeKill).toBeLessThan(INVITATIONS);

    // Sends per minute achieved before the kill (first to last mail reaching the relay).
    const achieved = ((sentBeforeKill.length - 1) / (sentBeforeKill[sentBeforeKill.length - 1] - sentBeforeKill[0])) * 60_000;
    expect(achieved).toBeLessThanOrEqual(RATE_PER_MINUTE * 1.05);

    await service.start();
    await waitUntilAllSent(service, 'crash-mail', INVITATIONS);
    const counts = countsPerAddress(relay);
    expect([...counts.keys()].sort()).toEqual([...addresses].sort());
    const duplicates = [...counts.values()].reduce((sum, count) => sum + count - 1, 0);
    // Exactly one: the kill is sent the moment the relay has the n-th mail's DATA, and the relay then still accepts
    // and records that mail (after RELAY_DELAY_MS) although its sender is dead. So the row was never marked sent
    // (`sent` is written only after the 250, which nobody received) and the restarted service sends it again: one
    // duplicate, no more (one mail in flight per process). 0 would mean `sent` was recorded before the relay's 250.
    expect(duplicates).toBe(MAILS_IN_FLIGHT_PER_KILL);
    expect(await outboxStates(service, 'crash-mail')).toEqual({ sent: INVITATIONS });
    // The killed process's claims ended at the restart (it is gone), not only after their 2-minute lease.
    expect(service.output()).toMatch(/\d+ mails claimed by a stopped process of this machine are free again/);

    process.stdout.write(
      `mail-crash (kill -9): ${beforeKill} mails before the kill, ${relay.received.length} received in all, ` +
        `${duplicates} duplicate(s) (expected ${MAILS_IN_FLIGHT_PER_KILL}); ` +
        `${Math.round(achieved)} sends/minute achieved at MAIL_RATE_PER_MINUTE=${RATE_PER_MINUTE} (relay delay ${RELAY_DELAY_MS} ms)\n`,
    );
  });

  it('after a normal restart (SIGTERM) while a mail is in flight, every address got exactly one mail', async () => {
    // A normal stop finishes the mail in flight and records it before the process ends.
    signalAt = { mail: Math.round(INVITATIONS / 3), signal: 'SIGTERM' };
    const addresses = await mailingOf(service, 'restart-mail', INVITATIONS);
    await relay.waitForMails(Math.round(INVITATIONS / 3), 120_000);
    await service.kill('SIGTERM');
    const beforeStop = relay.received.length;
    expect(beforeStop).toBeLessThan(INVITATIONS);
    // The mail in flight was finished and recorded, the rest put back: nothing is left claimed.
    const states = await (async () => {
      await service.start();
      return outboxStates(service, 'restart-mail');
    })();
    expect((states.sent ?? 0) + (states.queued ?? 0)).toBe(INVITATIONS);
    // …and the stopping process put its claims back itself.
    expect(service.output()).not.toContain('claimed by a stopped process');

    await waitUntilAllSent(service, 'restart-mail', INVITATIONS);
    const counts = countsPerAddress(relay);
    expect([...counts.keys()].sort()).toEqual([...addresses].sort());
    expect([...counts.entries()].filter(([, count]) => count !== 1)).toEqual([]);
    // A normal stop waits for the relay's 250 to the mail in flight and records it: no duplicate at all.
    expect([...counts.values()].reduce((sum, count) => sum + count - 1, 0)).toBe(0);
    process.stdout.write(
      `mail-crash (SIGTERM): ${beforeStop} mails before the stop, ${relay.received.length} received in all, 0 duplicates\n`,
    );
  });
});
