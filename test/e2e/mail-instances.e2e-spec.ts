import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createMailTestApp, MailTestApp } from '../support/mail-test-app';
import { TestRelay } from '../support/smtp-relay';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const INVITATIONS = 200;

/** Issue 14: two service instances on one database, both with their worker running, share one mailing without sending any mail twice. */
describe('mail delivery: two instances on one database', () => {
  let relay: TestRelay;
  let database: TestDatabase;
  let first: MailTestApp;
  let second: MailTestApp;
  let staff: StaffTokens;
  const env = { ...process.env };

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    // 1200 a minute per instance: 200 mails take a few seconds, long enough for both workers to take part.
    process.env.MAIL_RATE_PER_MINUTE = '1200';
    database = await createTestDatabase();
    first = await createMailTestApp(database.url);
    second = await createMailTestApp(database.url);
    staff = await createStaff(first.app);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
    await relay?.close();
    process.env = env;
  });

  it('sends a mailing of 200 invitations: every contact receives exactly one mail, all 200 are sent', async () => {
    await createWave(first.app, staff.admin, { code: 'zwei-instanzen' });
    const addresses = Array.from({ length: INVITATIONS }, (_, index) => `person${index}@instanzen.example`);
    await request(first.app.getHttpServer())
      .post('/api/waves/zwei-instanzen/invitations')
      .auth(staff.admin, { type: 'bearer' })
      .send({ invitations: addresses.map((email) => ({ email })) })
      .expect(201);
    const queued = await request(second.app.getHttpServer())
      .post('/api/waves/zwei-instanzen/mailings')
      .auth(staff.admin, { type: 'bearer' })
      .send({ kind: 'invitation' })
      .expect(202);
    expect(queued.body.queued).toBe(INVITATIONS);

    // Both background loops, as in two running services.
    first.worker.start();
    second.worker.start();
    await relay.waitForMails(INVITATIONS, 60_000);
    let statuses: string[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const list = await request(first.app.getHttpServer())
        .get('/api/waves/zwei-instanzen/invitations')
        .auth(staff.admin, { type: 'bearer' })
        .expect(200);
      statuses = (list.body as Array<{ mail: { status: string } }>).map((invitation) => invitation.mail.status);
      if (statuses.every((status) => status === 'sent')) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(statuses.filter((status) => status === 'sent')).toHaveLength(INVITATIONS);
    // One more round of both workers finds nothing: no mail goes out twice later either.
    expect((await first.worker.drain()).claimed).toBe(0);
    expect((await second.worker.drain()).claimed).toBe(0);

    const perAddress = new Map<string, number>();
    for (const mail of relay.received) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
    expect([...perAddress.keys()].sort()).toEqual([...addresses].sort());
    expect([...perAddress.values()].filter((count) => count !== 1)).toEqual([]);
    expect(relay.received).toHaveLength(INVITATIONS);

    // Both instances took part (each row names the worker that sent it).
    const senders = await first.dataSource.query<Array<{ leased_by: string; count: number }>>(
      `SELECT leased_by, count(*)::int AS count FROM mail_outbox WHERE status = 'sent' GROUP BY leased_by`,
    );
    expect(senders.map((sender) => sender.leased_by).sort()).toEqual([first.worker.instanceId, second.worker.instanceId].sort());
  });
});
