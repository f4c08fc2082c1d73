import request from 'supertest';
import { InvitationsService } from '../../src/invitations/invitations.service';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createMailTestApp, MailTestApp } from '../support/mail-test-app';
import { TestRelay } from '../support/smtp-relay';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const DAY = 86_400_000;

/**
 * Review of issue 14, findings 4 and 6: what the REST API shows analysts of a relay's reply, and which schedules a
 * mailing accepts.
 */
describe('mail API: contact data for analysts, schedule of a mailing', () => {
  let relay: TestRelay;
  let database: TestDatabase;
  let main: MailTestApp;
  let staff: StaffTokens;
  const env = { ...process.env };
  const http = () => request(main.app.getHttpServer());

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    process.env.MAIL_RATE_PER_MINUTE = '6000';
    database = await createTestDatabase();
    main = await createMailTestApp(database.url);
    staff = await createStaff(main.app);
    await createWave(main.app, staff.admin, { code: 'api-mail', closesAt: new Date(Date.now() + 60 * DAY).toISOString() });
  });

  afterAll(async () => {
    await main?.close();
    await database?.drop();
    await relay?.close();
    process.env = env;
  });

  it('shows the relay’s reply to an admin in full and to an analyst without the address in it', async () => {
    const created = await http()
      .post('/api/waves/api-mail/invitations')
      .auth(staff.admin, { type: 'bearer' })
      .send({ invitations: [{ email: 'bounce@relay.example', name: 'Berta Bounce' }] })
      .expect(201);
    const id = (created.body.invitations as Array<{ id: string }>)[0].id;
    relay.answerAll(() => ({ code: 550, message: '5.1.1 <bounce@relay.example>: Recipient address rejected: User unknown' }));
    await http().post('/api/waves/api-mail/mailings').auth(staff.admin, { type: 'bearer' }).send({ kind: 'invitation' }).expect(202);
    expect(await main.worker.drain()).toMatchObject({ failed: 1 });

    const listAs = async (token: string) => {
      const list = await http().get('/api/waves/api-mail/invitations').auth(token, { type: 'bearer' }).expect(200);
      return (list.body as Array<{ id: string; mail: { status: string; lastError: string | null } }>).find((entry) => entry.id === id);
    };
    const forAdmin = await listAs(staff.admin);
    expect(forAdmin?.mail.status).toBe('failed');
    expect(forAdmin?.mail.lastError).toContain('<bounce@relay.example>: Recipient address rejected');

    const forAnalyst = await listAs(staff.analyst);
    expect(forAnalyst?.mail.status).toBe('failed');
    expect(forAnalyst?.mail.lastError).toContain('<Adresse>: Recipient address rejected');
    const analystBody = JSON.stringify((await http().get('/api/waves/api-mail/invitations').auth(staff.analyst, { type: 'bearer' })).body);
    expect(analystBody).not.toContain('@relay.example');
    expect(analystBody).not.toContain('bounce@');
  });

  it.each([
    '2025-W27-2',
    '2025-W27-2T09:00:00Z',
    '2025-182T09:00:00Z',
    '20250701T090000Z',
    '2099-07-01T09:00:00',
    '2099-02-30T09:00:00Z',
    '2099-07-01T24:00:00+02:00',
  ])('refuses scheduledAt %j with 422 and a clear message, and queues nothing', async (scheduledAt) => {
    const before = await main.dataSource.query<Array<{ count: number }>>('SELECT count(*)::int AS count FROM mailings');
    const response = await http()
      .post('/api/waves/api-mail/mailings')
      .auth(staff.admin, { type: 'bearer' })
      .send({ kind: 'reminder', scheduledAt })
      .expect(422);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(response.body)).toContain('scheduledAt must be a real date and time as YYYY-MM-DDTHH:MM:SS with Z or an offset');
    expect(JSON.stringify(response.body)).not.toMatch(/ at .*\.ts:\d+/);
    expect(await main.dataSource.query('SELECT count(*)::int AS count FROM mailings')).toEqual(before);
  });

  // A day within the wave's window (it closes in 60 days).
  const soon = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
  it.each([
    [`${soon}T09:00+02:00`, `${soon}T07:00:00.000Z`],
    [`${soon}T09:00:00.250Z`, `${soon}T09:00:00.250Z`],
  ])('accepts scheduledAt %j (stored as %s)', async (scheduledAt, stored) => {
    const response = await http()
      .post('/api/waves/api-mail/mailings')
      .auth(staff.admin, { type: 'bearer' })
      .send({ kind: 'reminder', scheduledAt })
      .expect(202);
    const [row] = await main.dataSource.query<Array<{ scheduled_at: Date }>>('SELECT scheduled_at FROM mailings WHERE id = $1', [
      response.body.mailingId,
    ]);
    expect(row.scheduled_at.toISOString()).toBe(stored);
  });

  it('finds the first invitations with an address in creation order, cut in SQL, with no link token (preview choices)', async () => {
    await createWave(main.app, staff.admin, { code: 'vorschau', closesAt: new Date(Date.now() + 60 * DAY).toISOString() });
    await http()
      .post('/api/waves/vorschau/invitations')
      .auth(staff.admin, { type: 'bearer' })
      .send({
        invitations: [
          { label: 'ohne Adresse' },
          { email: 'a@example.org', name: 'Anna A', salutation: 'Liebe Anna' },
          { label: 'auch ohne' },
          { email: 'b@example.org' },
          { email: 'c@example.org', name: 'Carl C' },
        ],
      })
      .expect(201);
    const [{ id: waveId }] = await main.dataSource.query<Array<{ id: string }>>("SELECT id FROM waves WHERE code = 'vorschau'");
    const invitations = main.app.get(InvitationsService);
    const firstTwo = await invitations.mailablePage(waveId, 2);
    expect(firstTwo.map(({ id, ...rest }) => ({ id: typeof id, ...rest }))).toEqual([
      { id: 'string', email: 'a@example.org', name: 'Anna A', salutation: 'Liebe Anna' },
      { id: 'string', email: 'b@example.org', name: null, salutation: null },
    ]);
    expect((await invitations.mailablePage(waveId, 10)).map((person) => person.email)).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
    ]);

    // The template preview without a chosen invitation is written for the first of them.
    const preview = await http()
      .post('/api/waves/vorschau/mail-templates/invitation/preview')
      .auth(staff.admin, { type: 'bearer' })
      .send({})
      .expect(200);
    expect(preview.body).toMatchObject({ to: 'a@example.org', invitationId: firstTwo[0].id, sample: false });
    expect(preview.body.text).toContain('Liebe Anna');
  });
});
