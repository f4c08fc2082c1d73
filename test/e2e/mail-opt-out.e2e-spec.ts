import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const QUESTION = 'Keine weiteren E-Mails zu dieser Befragung?';
const DONE = 'Sie erhalten keine weiteren E-Mails zu dieser Befragung.';

/** Issue 14, opt-out: the German page behind {{abmelden}}, its form POST and the RFC 8058 one-click POST. */
describe('mail opt-out: /abmelden/:token', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  /** Invitation ids and opt-out tokens of anna, bernd and clara. */
  const people: Record<'anna' | 'bernd' | 'clara', { id: string; token: string }> = {} as never;
  const http = () => request(testApp.app.getHttpServer());
  const as = (token: string, test: request.Test) => test.auth(token, { type: 'bearer' });
  const recipient = async (id: string) =>
    (
      await testApp.dataSource.query<Array<{ opted_out_at: Date | null }>>(
        'SELECT opted_out_at FROM mail_recipients WHERE invitation_id = $1',
        [id],
      )
    )[0];
  const outbox = (id: string) =>
    testApp.dataSource.query<Array<{ status: string; last_error: string | null }>>(
      'SELECT status, last_error FROM mail_outbox WHERE invitation_id = $1 ORDER BY created_at',
      [id],
    );
  const optOutEvents = () =>
    testApp.dataSource.query<Array<{ actor: string; actor_id: string | null; wave_code: string; details: Record<string, unknown> }>>(
      "SELECT actor, actor_id, wave_code, details FROM audit_events WHERE action = 'mail.opted-out' ORDER BY occurred_at, id",
    );
  const listed = async () =>
    new Map(
      (
        (await as(staff.admin, http().get('/api/waves/abmelden-test/invitations')).expect(200)).body as Array<{
          id: string;
          optedOut: boolean;
          mail: { status: string };
        }>
      ).map((invitation) => [invitation.id, invitation]),
    );

  const expectGermanPage = (response: request.Response, status: number, heading: RegExp) => {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(response.text).toMatch(/^<!doctype html>\n<html lang="de">/);
    expect(response.text).toMatch(heading);
    expect(response.text).not.toMatch(/<script|\n\s+at \S+ \(/);
    expect(response.text).toMatch(/<link rel="stylesheet" href="\/assets\/[0-9a-f]{16}\/opt-out\.css">/);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'abmelden-test', closesAt: '2099-07-27T21:59:00Z' });
    const created = await as(staff.admin, http().post('/api/waves/abmelden-test/invitations'))
      .send({
        invitations: [
          { email: 'anna@example.org', name: 'Anna' },
          { email: 'bernd@example.org', name: 'Bernd' },
          { email: 'clara@example.org', name: 'Clara' },
        ],
      })
      .expect(201);
    // Scheduled for tomorrow: the mails wait in the outbox (no worker takes them before their time).
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    const mailing = await as(staff.admin, http().post('/api/waves/abmelden-test/mailings'))
      .send({ kind: 'invitation', scheduledAt: tomorrow })
      .expect(202);
    expect(mailing.body.queued).toBe(3);
    // The worker that would mail the tokens is not part of this test: they are read where the mailing put them.
    const ids = (created.body.invitations as Array<{ id: string }>).map((invitation) => invitation.id);
    const tokens = await testApp.dataSource.query<Array<{ invitation_id: string; opt_out_token: string }>>(
      'SELECT invitation_id, opt_out_token FROM mail_recipients',
    );
    (['anna', 'bernd', 'clara'] as const).forEach((name, index) => {
      const token = tokens.find((row) => row.invitation_id === ids[index])?.opt_out_token as string;
      people[name] = { id: ids[index], token };
    });
  });

  afterAll(() => testApp.close());

  it('GET shows a German page with one button that posts to the page itself, and changes nothing', async () => {
    const response = await http().get(`/abmelden/${people.anna.token}`);
    expectGermanPage(response, 200, new RegExp(`<h1>${QUESTION.replace('?', '\\?')}</h1>`));
    expect(response.text).toMatch(/<form method="post" class="optout-form">\s*<button type="submit">Ja, keine E-Mails mehr<\/button>/);
    expect(response.text).not.toContain('anna@example.org');
    expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
    // Twice, as a mail scanner might.
    await http().get(`/abmelden/${people.anna.token}`).expect(200);
    expect((await recipient(people.anna.id)).opted_out_at).toBeNull();
    expect(await outbox(people.anna.id)).toEqual([{ status: 'queued', last_error: null }]);
    expect(await optOutEvents()).toEqual([]);
  });

  it('POST of the form opts out: confirmation page, the invitation list says optedOut, its waiting mail is cancelled', async () => {
    const response = await http().post(`/abmelden/${people.anna.token}`).type('form').send('');
    expectGermanPage(response, 200, /<h1>Sie sind abgemeldet<\/h1>/);
    expect(response.text).toContain(DONE);
    expect((await recipient(people.anna.id)).opted_out_at).toBeInstanceOf(Date);
    expect(await outbox(people.anna.id)).toEqual([{ status: 'cancelled', last_error: 'cancelled: opted out' }]);
    // The others are untouched.
    expect(await outbox(people.bernd.id)).toEqual([{ status: 'queued', last_error: null }]);
    const list = await listed();
    expect(list.get(people.anna.id)).toMatchObject({ optedOut: true });
    expect(list.get(people.anna.id)?.mail.status).not.toBe('queued');
    expect(list.get(people.bernd.id)).toMatchObject({ optedOut: false, mail: { status: 'queued' } });
    const [event] = await optOutEvents();
    expect(event).toEqual({
      actor: 'opt-out link',
      actor_id: null,
      wave_code: 'abmelden-test',
      details: { invitationId: people.anna.id, cancelled: 1 },
    });
  });

  it('POST again (or GET afterwards) changes nothing: same confirmation, the first time kept, one audit event', async () => {
    const first = (await recipient(people.anna.id)).opted_out_at;
    const again = await http().post(`/abmelden/${people.anna.token}`).type('form').send('');
    expectGermanPage(again, 200, /<h1>Sie sind abgemeldet<\/h1>/);
    await http().post(`/abmelden/${people.anna.token}`).expect(200);
    expect((await recipient(people.anna.id)).opted_out_at).toEqual(first);
    expect(await optOutEvents()).toHaveLength(1);
    const page = await http().get(`/abmelden/${people.anna.token}`);
    expectGermanPage(page, 200, /<h1>Sie sind bereits abgemeldet<\/h1>/);
    expect(page.text).toMatch(/Abgemeldet am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\./);
    expect(page.text).not.toContain('<form');
  });

  it('RFC 8058 one-click: a mail client POSTs List-Unsubscribe=One-Click (form-encoded) → 200, opted out', async () => {
    await http()
      .post(`/abmelden/${people.bernd.token}`)
      .set('Content-Type', 'application/x-www-form-urlencoded')
      .send('List-Unsubscribe=One-Click')
      .expect(200);
    expect((await recipient(people.bernd.id)).opted_out_at).toBeInstanceOf(Date);
    expect(await outbox(people.bernd.id)).toEqual([{ status: 'cancelled', last_error: 'cancelled: opted out' }]);
    expect((await optOutEvents()).map((event) => event.details.invitationId)).toEqual([people.anna.id, people.bernd.id]);
  });

  it('a new invitation or reminder mailing leaves the opted-out invitations out (skipped.opted_out)', async () => {
    const invitation = await as(staff.admin, http().post('/api/waves/abmelden-test/mailings'))
      .send({ kind: 'invitation', invitationIds: [people.anna.id, people.bernd.id, people.clara.id] })
      .expect(202);
    expect(invitation.body.skipped).toEqual({ opted_out: 2, mail_pending: 1 });
    expect(invitation.body.queued).toBe(0);
    const reminder = await as(staff.admin, http().post('/api/waves/abmelden-test/mailings')).send({ kind: 'reminder' }).expect(202);
    expect(reminder.body.skipped).toMatchObject({ opted_out: 2 });
    expect(reminder.body.queued).toBe(0);
  });

  it('an unknown or malformed token → German 404 page (not JSON), for GET and POST; nothing changes', async () => {
    for (const token of ['x'.repeat(43), 'BEISPIEL-Abmeldelink', 'a'.repeat(300), `${people.clara.token}x`, 'a%20b']) {
      expectGermanPage(await http().get(`/abmelden/${token}`), 404, /<h1>Dieser Abmelde-Link ist nicht gültig<\/h1>/);
      expectGermanPage(await http().post(`/abmelden/${token}`).type('form').send('List-Unsubscribe=One-Click'), 404, /nicht gültig/);
    }
    // Percent-encoding that does not decode: a clear 400 (as for /survey), no stack trace.
    const broken = await http().post('/abmelden/%E0%A4%A');
    expect(broken.status).toBe(400);
    expect(broken.text).not.toMatch(/\n\s+at \S+ \(/);
    expect((await recipient(people.clara.id)).opted_out_at).toBeNull();
    expect(await optOutEvents()).toHaveLength(2);
  });

  it('takes an RFC 8058 one-click as multipart/form-data at /abmelden (its body is dropped, at most 16 KiB), and forms nowhere else outside /admin', async () => {
    const tooLarge = await http()
      .post(`/abmelden/${people.clara.token}`)
      .field('List-Unsubscribe', 'One-Click')
      .field('padding', 'x'.repeat(20 * 1024));
    expect(tooLarge.status).toBe(413);
    expect((await recipient(people.clara.id)).opted_out_at).toBeNull();

    const multipart = await http().post(`/abmelden/${people.clara.token}`).field('List-Unsubscribe', 'One-Click');
    expect(multipart.status).toBe(200);
    expect((await recipient(people.clara.id)).opted_out_at).not.toBeNull();

    const elsewhere = await as(staff.admin, http().post('/api/waves/abmelden-test/mailings')).type('form').send('kind=reminder');
    expect(elsewhere.status).toBe(415);
    const multipartElsewhere = await as(staff.admin, http().post('/api/waves/abmelden-test/mailings')).field('kind', 'reminder');
    expect(multipartElsewhere.status).toBe(415);
  });

  it('keeps contact data out of the audit trail', async () => {
    expect(JSON.stringify(await optOutEvents())).not.toMatch(/@example\.org|Anna|Bernd/);
  });
});
