import { existsSync } from 'node:fs';
import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createMailTestApp, MailTestApp } from '../support/mail-test-app';
import { TestRelay } from '../support/smtp-relay';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OutboxRow {
  id: string;
  invitation_id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  eml_path: string | null;
}

/**
 * Issue 14, review findings on the outbox worker: a send slower than the lease, an opt-out during the rate wait,
 * a relay that refuses MAIL FROM, and the .eml files of held mails. Every app runs on one database with a real
 * SMTP server in the test process; tests call `worker.drain()`.
 */
describe('mail delivery: the worker at its edges', () => {
  let relay: TestRelay;
  let database: TestDatabase;
  let staff: StaffTokens;
  const apps: MailTestApp[] = [];
  const env = { ...process.env };

  /** An app on the shared database with this configuration (read from the environment when it is created). */
  async function appWith(variables: Record<string, string | undefined>, leaseMs?: number): Promise<MailTestApp> {
    const saved = { ...process.env };
    Object.assign(process.env, { SMTP_URL: relay.url, MAIL_FROM: 'Befragung <befragung@example.org>', MAIL_RATE_PER_MINUTE: '6000' });
    for (const [name, value] of Object.entries(variables)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    try {
      const app = await createMailTestApp(database.url, { leaseMs });
      apps.push(app);
      return app;
    } finally {
      process.env = saved;
    }
  }

  const http = (app: MailTestApp) => request(app.app.getHttpServer());

  async function mailingTo(app: MailTestApp, code: string, emails: string[]): Promise<Array<{ id: string }>> {
    await createWave(app.app, staff.admin, { code, closesAt: new Date(Date.now() + 60 * DAY).toISOString() });
    const created = await http(app)
      .post(`/api/waves/${code}/invitations`)
      .auth(staff.admin, { type: 'bearer' })
      .send({ invitations: emails.map((email) => ({ email })) })
      .expect(201);
    await http(app).post(`/api/waves/${code}/mailings`).auth(staff.admin, { type: 'bearer' }).send({ kind: 'invitation' }).expect(202);
    return created.body.invitations as Array<{ id: string }>;
  }

  async function rowsOf(app: MailTestApp, code: string): Promise<OutboxRow[]> {
    return app.dataSource.query<OutboxRow[]>(
      `SELECT o.id, o.invitation_id, o.status, o.attempts, o.last_error, o.eml_path FROM mail_outbox o
         JOIN mailings m ON m.id = o.mailing_id JOIN waves w ON w.id = m.wave_id WHERE w.code = $1`,
      [code],
    );
  }

  /** The person presses "Ja, keine E-Mails mehr" on the opt-out page of their link. */
  async function optOut(app: MailTestApp, invitationId: string): Promise<void> {
    const [{ opt_out_token: token }] = await app.dataSource.query<Array<{ opt_out_token: string }>>(
      'SELECT opt_out_token FROM mail_recipients WHERE invitation_id = $1',
      [invitationId],
    );
    await http(app).post(`/abmelden/${token}`).type('form').send({}).expect(200);
  }

  beforeAll(async () => {
    relay = await TestRelay.start();
    database = await createTestDatabase();
    const first = await appWith({});
    staff = await createStaff(first.app);
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await database?.drop();
    await relay?.close();
    process.env = env;
  });

  afterEach(() => {
    relay.answerAll(() => ({ accept: true }));
    relay.refuseMailFrom(null);
  });

  it('keeps renewing the lease while a slow relay holds DATA: a second instance does not take the row, the mail goes out once', async () => {
    const lease = 1_500;
    const slow = await appWith({}, lease);
    const other = await appWith({}, lease);
    await mailingTo(slow, 'langsam', ['slow@relay.example']);
    const attempts = relay.attempts;
    relay.answerNext({ accept: true, delayMs: 3 * lease });
    const sending = slow.worker.drain();
    while (relay.attempts === attempts) await sleep(20);
    // The relay has the mail and keeps it for longer than the lease: the other instance looks after the lease would have run out.
    await sleep(lease + 500);
    expect((await other.worker.drain()).claimed).toBe(0);
    expect(await sending).toMatchObject({ claimed: 1, sent: 1, released: 0 });
    expect((await other.worker.drain()).claimed).toBe(0);
    expect(relay.mailsTo('slow@relay.example')).toHaveLength(1);
    expect((await rowsOf(slow, 'langsam')).map((row) => row.status)).toEqual(['sent']);
  });

  it('checks opt-outs after the rate wait: a person who opts out while the worker waits for MAIL_RATE_PER_MINUTE gets no mail', async () => {
    // 30 a minute: the second mail waits 2 s after the first.
    const paced = await appWith({ MAIL_RATE_PER_MINUTE: '30' });
    const invitations = await mailingTo(paced, 'takt-abmeldung', ['first@takt.example', 'second@takt.example']);
    const start = relay.received.length;
    const sending = paced.worker.drain();
    const [firstMail] = await relay.waitForMails(start + 1).then((received) => received.slice(start));
    // The one who got the first mail; the other one's mail waits for the rate now.
    const waiting = invitations[firstMail.to.includes('first@takt.example') ? 1 : 0];
    expect((await rowsOf(paced, 'takt-abmeldung')).find((row) => row.invitation_id === waiting.id)?.status).toBe('queued');
    // Half a second into the 2-second wait (the worker has long read the second invitation's state by then).
    await sleep(500);
    await optOut(paced, waiting.id);
    expect(await sending).toMatchObject({ sent: 1, cancelled: 1 });
    expect(relay.received.slice(start)).toEqual([firstMail]);
    const after = await rowsOf(paced, 'takt-abmeldung');
    expect(after.find((row) => row.invitation_id === waiting.id)).toMatchObject({
      status: 'cancelled',
      last_error: 'cancelled: opted out',
    });
    expect(after.filter((row) => row.status === 'sent')).toHaveLength(1);
  });

  it('treats a refusal at MAIL FROM (530, authentication required) as a relay problem: mails stay queued, none failed, sent later', async () => {
    const refused = await appWith({});
    await mailingTo(refused, 'absender-abgelehnt', ['one@from.example', 'two@from.example']);
    relay.refuseMailFrom({ code: 530, message: '5.7.0 Authentication required' });
    const attempts = relay.attempts;
    expect(await refused.worker.drain()).toMatchObject({ claimed: 2, sent: 0, deferred: 0, failed: 0, released: 2 });
    expect(relay.attempts).toBe(attempts);
    const rows = await rowsOf(refused, 'absender-abgelehnt');
    expect(rows.map(({ status, attempts: tried }) => ({ status, tried }))).toEqual([
      { status: 'queued', tried: 0 },
      { status: 'queued', tried: 0 },
    ]);
    expect(rows.map((row) => row.last_error).filter((error) => error !== null)).toEqual([
      expect.stringMatching(/^relay: .*530 5\.7\.0 Authentication required/),
    ]);
    const status = await http(refused).get('/api/mail/status').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(status.body.relayProblem.error).toMatch(/530/);

    // Once the relay takes the sender again, an instance sends both (they were put back, not failed).
    relay.refuseMailFrom(null);
    const start = relay.received.length;
    expect(await (await appWith({})).worker.drain()).toMatchObject({ sent: 2, failed: 0 });
    expect(
      relay.received
        .slice(start)
        .flatMap((mail) => mail.to)
        .filter((to) => to.endsWith('@from.example'))
        .sort(),
    ).toEqual(['one@from.example', 'two@from.example']);
  });

  it('deletes the .eml file of a held mail once it is cancelled by an opt-out or sent after the release', async () => {
    const held = await appWith({ SMTP_URL: undefined, MAIL_FROM: undefined });
    const [optedOut, released] = await mailingTo(held, 'gehalten-dateien', ['weg@held.example', 'raus@held.example']);
    expect(await held.worker.drain()).toMatchObject({ held: 2 });
    const before = await rowsOf(held, 'gehalten-dateien');
    const fileOf = (invitationId: string) => before.find((row) => row.invitation_id === invitationId)?.eml_path as string;
    expect(existsSync(fileOf(optedOut.id))).toBe(true);
    expect(existsSync(fileOf(released.id))).toBe(true);

    await optOut(held, optedOut.id);
    expect(existsSync(fileOf(optedOut.id))).toBe(false);
    expect(existsSync(fileOf(released.id))).toBe(true);

    const configured = await appWith({});
    await http(configured).post('/api/waves/gehalten-dateien/mail-outbox/send-held').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(await configured.worker.drain()).toMatchObject({ sent: 1 });
    expect(relay.mailsTo('raus@held.example')).toHaveLength(1);
    expect(existsSync(fileOf(released.id))).toBe(false);
    const after = await rowsOf(held, 'gehalten-dateien');
    expect(
      after
        .map(({ invitation_id, status, eml_path }) => ({ invitation_id, status, eml_path }))
        .sort((a, b) => a.status.localeCompare(b.status)),
    ).toEqual([
      { invitation_id: optedOut.id, status: 'cancelled', eml_path: null },
      { invitation_id: released.id, status: 'sent', eml_path: null },
    ]);
  });
});
