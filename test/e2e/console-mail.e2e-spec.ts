import request from 'supertest';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { TestRelay } from '../support/smtp-relay';
import { createTestApp, TestApp } from '../support/test-app';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

interface Invited {
  id: string;
  token: string;
}

/**
 * The console's e-mail pages on a real database: the wave tab "E-Mails", sending through a confirmation
 * step, the Postausgang, and the mail column of the Einladungen page; admins only where something changes.
 *
 * Without a relay the worker really holds the mails (`worker.drain()`); with the test relay it really sends,
 * defers and fails them (second part). What needs time to pass (a mail accepted five days ago) or another page
 * (the opt-out) is set up in the database as the worker and the opt-out page record it (`markAs`, `optOut`).
 */
describe('staff console: E-Mails, Postausgang, mail column of Einladungen', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());
  const get = (path: string, user: ConsoleUser = staff.admin) => http().get(path).set('Cookie', user.cookie);
  const post = (path: string, form: Record<string, string> = {}, user: ConsoleUser = staff.admin) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      .send({ _csrf: user.csrf, ...form });
  const query = <T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> =>
    testApp.dataSource.query(sql, parameters);
  const apiInvitations = async (code: string) =>
    (await http().get(`/api/waves/${code}/invitations`).auth(staff.admin.token, { type: 'bearer' }).expect(200)).body as Array<{
      id: string;
      mail: { status: string; reminders: number };
      optedOut: boolean;
    }>;
  const invite = async (code: string, invitations: Array<Record<string, string>>): Promise<Invited[]> =>
    (await http().post(`/api/waves/${code}/invitations`).auth(staff.admin.token, { type: 'bearer' }).send({ invitations }).expect(201)).body
      .invitations as Invited[];
  const complete = (token: string) => http().put(`/api/respond/${token}`).send({ answers: FULL_ANSWERS_2023, complete: true }).expect(200);
  /** Sets the latest outbox row of an invitation as the worker records an outcome. */
  const markAs = (invitationId: string, status: string, changes: { lastError?: string; attempts?: number; sentAt?: Date } = {}) =>
    query(
      `UPDATE mail_outbox SET status = $2::varchar, last_error = $3, attempts = $4, sent_at = $5,
              due_at = CASE WHEN $2::varchar = 'deferred' THEN now() + interval '2 minutes' ELSE due_at END
        WHERE id = (SELECT id FROM mail_outbox WHERE invitation_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1)`,
      [invitationId, status, changes.lastError ?? null, changes.attempts ?? 0, changes.sentAt ?? (status === 'sent' ? new Date() : null)],
    );
  /** The person confirms on the opt-out page of their link (the token as the mails carry it). */
  const optOut = async (invitationId: string) => {
    const [{ opt_out_token: token }] = await query<{ opt_out_token: string }>(
      'SELECT opt_out_token FROM mail_recipients WHERE invitation_id = $1',
      [invitationId],
    );
    await http().post(`/abmelden/${token}`).type('form').send({}).expect(200);
  };
  const counts = async () =>
    (
      await query<{ mailings: number; outbox: number }>(
        'SELECT (SELECT count(*)::int FROM mailings) AS mailings, (SELECT count(*)::int FROM mail_outbox) AS outbox',
      )
    )[0];

  let people: Invited[];

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await createWave(testApp.app, staff.admin.token, { code: 'post', title: 'KI 2025', closesAt: '2099-07-27T21:59:00Z' });
    people = await invite('post', [
      { email: 'eva@example.org', name: 'Eva Extern', organisation: 'Institut X' },
      { email: 'fritz@example.org', name: 'Fritz Frei' },
      { email: 'gina@example.org', name: 'Gina Gut' },
      {},
    ]);
    await complete(people[2].token);
    await createWave(testApp.app, staff.admin.token, { code: 'zu', title: 'Geschlossen' });
    await invite('zu', [{ email: 'zu@example.org', name: 'Zoe Zu' }]);
    await http().post('/api/waves/zu/close').auth(staff.admin.token, { type: 'bearer' }).expect(200);
  }, 120_000);

  afterAll(() => testApp?.close());

  it('shows the tab without a mail server: mails are held, and what the admin must set', async () => {
    const page = await get('/admin/wellen/post/e-mails').expect(200);
    expect(page.text).toContain('<h1>E-Mails</h1>');
    expect(page.text).toContain('aria-current="page">E-Mails</a>');
    expect(page.text).toContain('Es ist kein Mailserver eingerichtet.');
    expect(page.text).toContain('E-Mails werden nicht versandt, sondern nur gespeichert (zurückgehalten)');
    expect(page.text).toContain('<code>SMTP_URL</code>');
    expect(page.text).toContain('<code>MAIL_FROM</code>');
    expect(page.text).toContain('Für diese Welle wurden noch keine E-Mails vorgemerkt.');
    expect(page.text).toContain('href="/admin/wellen/post/e-mails/senden?art=einladung"');
    expect(page.text).toContain('href="/admin/wellen/post/e-mails/senden?art=erinnerung"');
    expect(page.text).toContain('href="/admin/wellen/post/e-mails/ausgang"');
    expect(page.text).toContain('href="/admin/wellen/post/e-mails/vorlagen/einladung"');
    expect(page.text).toContain('href="/admin/wellen/post/e-mails/vorlagen/erinnerung"');
    const analyst = await get('/admin/wellen/post/e-mails', staff.analyst).expect(200);
    expect(analyst.text).toContain('Es ist kein Mailserver eingerichtet.');
    expect(analyst.text).not.toContain('senden?art=');
    expect(analyst.text).toContain('href="/admin/wellen/post/e-mails/ausgang"');
    await get('/admin/wellen/unbekannt/e-mails').expect(404);
  });

  it('plans, confirms and queues the invitations; the confirmation says who is left out and why', async () => {
    const form = await get('/admin/wellen/post/e-mails/senden?art=einladung').expect(200);
    expect(form.text).toContain('<h1>Einladungen versenden</h1>');
    expect(form.text).toContain('<label for="wann-sofort">Sofort</label>');
    expect(form.text).toContain('type="datetime-local"');
    expect(form.text).not.toContain('mindestTage');
    await get('/admin/wellen/post/e-mails/senden?art=werbung').expect(404);

    const plan = await post('/admin/wellen/post/e-mails/senden', { art: 'einladung', wann: 'sofort' }).expect(200);
    expect(plan.text).toContain('<strong>2 Einladungen</strong> gehen sofort an 2 eingeladene Personen mit E-Mail-Adresse');
    expect(plan.text).toContain('<li>1 hat keine E-Mail-Adresse</li>');
    expect(plan.text).toContain('<li>1 hat schon teilgenommen</li>');
    expect(plan.text).toContain('Achtung: Es ist kein Mailserver eingerichtet.');
    expect(plan.text).toContain('action="/admin/wellen/post/e-mails/senden/bestaetigen"');
    expect(plan.text).toContain('Ja, 2 Einladungen vormerken (zurückhalten)');
    expect(await counts()).toEqual({ mailings: 0, outbox: 0 });

    await post('/admin/wellen/post/e-mails/senden/bestaetigen', { art: 'einladung', wann: 'sofort', zeitpunkt: '' })
      .expect(303)
      .expect('Location', '/admin/wellen/post/e-mails');
    expect(await counts()).toEqual({ mailings: 1, outbox: 2 });
    // Without SMTP_URL the worker keeps them as files: held.
    expect((await testApp.app.get(OutboxWorker).drain()).claimed).toBe(2);
    const byId = new Map((await apiInvitations('post')).map((invitation) => [invitation.id, invitation.mail.status]));
    expect([0, 1, 2, 3].map((index) => byId.get(people[index].id))).toEqual(['held', 'held', 'none', 'none']);
    const tab = await get('/admin/wellen/post/e-mails').expect(200);
    expect(tab.text).toContain(
      '2 Einladungen sind vorgemerkt. Es ist kein Mailserver eingerichtet: sie werden nicht versandt, sondern zurückgehalten.',
    );
    expect(tab.text).toMatch(
      /<th scope="row">Einladung<\/th>\s*<td>\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr<\/td>\s*<td class="num">2<\/td>\s*<td>2 zurückgehalten<\/td>/,
    );
    expect(tab.text).toMatch(/zurückgehalten<\/span><\/a><\/th>\s*<td class="num">2<\/td>/);
    const audit = await query(`SELECT details FROM audit_events WHERE action = 'mailing.created' AND wave_code = 'post'`);
    expect(audit).toEqual([{ details: expect.objectContaining({ kind: 'invitation', queued: 2 }) }]);

    // Nobody is left: the confirmation says so and offers no button.
    const none = await post('/admin/wellen/post/e-mails/senden', { art: 'einladung', wann: 'sofort' }).expect(200);
    expect(none.text).toContain('Niemand bekommt eine Einladung');
    expect(none.text).toContain('<li>2 haben schon eine E-Mail, die noch aussteht (wartet, verzögert oder zurückgehalten)</li>');
    expect(none.text).not.toContain('senden/bestaetigen');
  });

  it('refuses a kind named like an Object.prototype member (constructor, toString …) with a German 404 and queues nothing', async () => {
    const before = await counts();
    for (const art of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const form = await get(`/admin/wellen/post/e-mails/senden?art=${art}`).expect(404);
      expect(form.text).toContain('Diese Art von E-Mail gibt es nicht (nur Einladung und Erinnerung).');
      for (const step of ['senden', 'senden/bestaetigen']) {
        const page = await post(`/admin/wellen/post/e-mails/${step}`, { art, wann: 'sofort', zeitpunkt: '' }).expect(404);
        expect(page.text).toContain('Diese Art von E-Mail gibt es nicht (nur Einladung und Erinnerung).');
        expect(page.text).not.toContain('undefined');
      }
    }
    expect(await counts()).toEqual(before);
  });

  it('schedules in Berlin time and stores the UTC instant; refuses an incomplete or past time at the field', async () => {
    await createWave(testApp.app, staff.admin.token, { code: 'spaeter', title: 'Später' });
    await invite('spaeter', [{ email: 'later@example.org', name: 'Lea Later' }]);
    const plan = await post('/admin/wellen/spaeter/e-mails/senden', {
      art: 'einladung',
      wann: 'spaeter',
      zeitpunkt: '2099-07-01T09:00',
    }).expect(200);
    expect(plan.text).toContain('<strong>1 Einladung</strong> geht am 01.07.2099, 09:00 Uhr an eine eingeladene Person');
    expect(plan.text).toContain('name="zeitpunkt" value="2099-07-01T09:00"');
    await post('/admin/wellen/spaeter/e-mails/senden/bestaetigen', {
      art: 'einladung',
      wann: 'spaeter',
      zeitpunkt: '2099-07-01T09:00',
    }).expect(303);
    const [mailing] = await query<{ scheduled_at: Date }>(
      `SELECT m.scheduled_at FROM mailings m JOIN waves w ON w.id = m.wave_id WHERE w.code = 'spaeter'`,
    );
    expect(mailing.scheduled_at.toISOString()).toBe('2099-07-01T07:00:00.000Z');
    const tab = await get('/admin/wellen/spaeter/e-mails').expect(200);
    expect(tab.text).toContain('01.07.2099, 09:00 Uhr');
    expect(tab.text).toContain('1 Einladung ist für 01.07.2099, 09:00 Uhr vorgemerkt.');

    const before = await counts();
    for (const [zeitpunkt, message] of [
      ['', 'Bitte geben Sie Datum und Uhrzeit des Versands an'],
      ['2099-02-30T09:00', 'Bitte geben Sie Datum und Uhrzeit vollständig an'],
      ['2020-01-01T09:00', 'Dieser Zeitpunkt ist schon vorbei.'],
    ]) {
      for (const step of ['senden', 'senden/bestaetigen']) {
        const refused = await post(`/admin/wellen/spaeter/e-mails/${step}`, { art: 'einladung', wann: 'spaeter', zeitpunkt }).expect(422);
        expect(refused.text).toContain('Bitte korrigieren Sie die markierten Felder. Es wurde noch nichts versandt.');
        expect(refused.text).toContain(`<p class="field-error" id="zeitpunkt-error">${message}`);
        expect(refused.text).toContain('aria-describedby="zeitpunkt-hint zeitpunkt-error" aria-invalid="true"');
        expect(refused.text).toContain(`value="${zeitpunkt}"`);
      }
    }
    // A time after the end of the fielding window: the wave is not open then.
    const late = await post('/admin/wellen/post/e-mails/senden', {
      art: 'einladung',
      wann: 'spaeter',
      zeitpunkt: '2099-08-01T09:00',
    }).expect(409);
    expect(late.text).toContain('Die Welle ist zu diesem Zeitpunkt nicht geöffnet.');
    expect(await counts()).toEqual(before);
  });

  it('takes the reminder rules from the form: days since the last mail and reminders per person', async () => {
    // Eva's and Fritz's invitations were accepted by the relay five days ago.
    const fiveDaysAgo = new Date(Date.now() - 5 * 24 * 3600 * 1000);
    await markAs(people[0].id, 'sent', { sentAt: fiveDaysAgo });
    await markAs(people[1].id, 'sent', { sentAt: fiveDaysAgo });
    const form = await get('/admin/wellen/post/e-mails/senden?art=erinnerung').expect(200);
    expect(form.text).toContain('<h1>Erinnerung versenden</h1>');
    expect(form.text).toContain('<label for="mindestTage">Mindestens so viele Tage seit der letzten E-Mail</label>');
    expect(form.text).toMatch(/id="mindestTage"[^>]* value="3"/);
    expect(form.text).toMatch(/id="hoechstens"[^>]* value="2"/);

    const tooSoon = await post('/admin/wellen/post/e-mails/senden', {
      art: 'erinnerung',
      wann: 'sofort',
      mindestTage: '7',
      hoechstens: '2',
    }).expect(200);
    expect(tooSoon.text).toContain('Niemand bekommt eine Erinnerung');
    expect(tooSoon.text).toContain('<li>2 haben die letzte E-Mail vor zu kurzer Zeit bekommen</li>');
    expect(tooSoon.text).toContain('<li>1 hat schon teilgenommen</li>');

    const plan = await post('/admin/wellen/post/e-mails/senden', {
      art: 'erinnerung',
      wann: 'sofort',
      mindestTage: '4',
      hoechstens: '1',
    }).expect(200);
    expect(plan.text).toContain(
      '<strong>2 Erinnerungen</strong> gehen sofort an 2 eingeladene Personen, die noch nicht abgeschlossen haben, deren letzte E-Mail mindestens 4 Tage alt ist und die weniger als 1 Erinnerungen bekommen haben.',
    );
    expect(plan.text).toContain('name="mindestTage" value="4"');
    await post('/admin/wellen/post/e-mails/senden/bestaetigen', {
      art: 'erinnerung',
      wann: 'sofort',
      mindestTage: '4',
      hoechstens: '1',
    }).expect(303);
    expect(await query(`SELECT kind, min_days_since_last, max_reminders, queued FROM mailings WHERE kind = 'reminder'`)).toEqual([
      { kind: 'reminder', min_days_since_last: 4, max_reminders: 1, queued: 2 },
    ]);

    // Eva's reminder was accepted long enough ago; with at most one reminder she gets no second.
    await markAs(people[0].id, 'sent', { sentAt: fiveDaysAgo });
    const again = await post('/admin/wellen/post/e-mails/senden', {
      art: 'erinnerung',
      wann: 'sofort',
      mindestTage: '4',
      hoechstens: '1',
    }).expect(200);
    expect(again.text).toContain('<li>1 hat schon die höchste Zahl an Erinnerungen</li>');
    expect(again.text).toContain('<li>1 hat schon eine E-Mail, die noch aussteht (wartet, verzögert oder zurückgehalten)</li>');

    const bad = await post('/admin/wellen/post/e-mails/senden', {
      art: 'erinnerung',
      wann: 'sofort',
      mindestTage: 'drei',
      hoechstens: '0',
    }).expect(422);
    expect(bad.text).toContain('<p class="field-error" id="mindestTage-error">Bitte geben Sie eine ganze Zahl von 0 bis 365 Tagen an.</p>');
    expect(bad.text).toContain('<p class="field-error" id="hoechstens-error">Bitte geben Sie eine ganze Zahl von 1 bis 10 an.</p>');
    expect(bad.text).toContain('value="drei"');
  });

  it('refuses a closed wave in German and queues nothing', async () => {
    const before = await counts();
    const plan = await post('/admin/wellen/zu/e-mails/senden', { art: 'einladung', wann: 'sofort' }).expect(409);
    expect(plan.text).toContain('<p class="form-error" role="alert">Die Welle ist zu diesem Zeitpunkt nicht geöffnet.');
    expect(plan.text).toContain('<h1>Einladungen versenden</h1>');
    const send = await post('/admin/wellen/zu/e-mails/senden/bestaetigen', { art: 'einladung', wann: 'sofort' }).expect(409);
    expect(send.text).toContain('Es wurde nichts versandt.');
    expect(await counts()).toEqual(before);
  });

  it('lists the outbox with German states and the relay’s replies, filtered by state, names for admins only', async () => {
    // Fritz's reminder was refused for good, Eva's deferred; Gina (completed) has none.
    await markAs(people[1].id, 'failed', { lastError: '550 5.1.1 <fritz@example.org>: User unknown', attempts: 1 });
    await markAs(people[0].id, 'sent', { sentAt: new Date() });
    const page = await get('/admin/wellen/post/e-mails/ausgang').expect(200);
    expect(page.text).toContain('<h1>Postausgang</h1>');
    expect(page.text).toContain('<code class="smtp-reply">550 5.1.1 &lt;fritz@example.org&gt;: User unknown</code>');
    expect(page.text).toContain('abgelehnt</span>');
    expect(page.text).toContain('vom Mailserver angenommen</span>');
    expect(page.text).toContain('<th scope="row">Fritz Frei</th>');
    expect(page.text).toContain('<th scope="row">Eva Extern<span class="mail-org">Institut X</span></th>');
    expect(page.text).toContain('<option value="failed">abgelehnt (1)</option>');

    const failed = await get('/admin/wellen/post/e-mails/ausgang?status=failed').expect(200);
    expect(failed.text.match(/<th scope="row">/g)).toHaveLength(1);
    expect(failed.text).toContain('<option value="failed" selected>abgelehnt (1)</option>');
    expect(failed.text).toContain('User unknown');
    const held = await get('/admin/wellen/post/e-mails/ausgang?status=held').expect(200);
    expect(held.text).toContain('Keine E-Mail in diesem Zustand.');
    expect((await get('/admin/wellen/post/e-mails/ausgang?status=unsinn').expect(200)).text).toContain(
      '<option value="" selected>alle (4)</option>',
    );

    const analyst = await get('/admin/wellen/post/e-mails/ausgang', staff.analyst).expect(200);
    expect(analyst.text).toContain(`<th scope="row">Einladung ${people[1].id.slice(0, 8)}</th>`);
    expect(analyst.text).toContain('<code class="smtp-reply">550 5.1.1 &lt;Adresse&gt;: User unknown</code>');
    expect(analyst.text).not.toMatch(EMAIL);
    expect(analyst.text).not.toContain('Fritz');
    expect(analyst.text).not.toContain('Institut X');
  });

  it('explains that held mails cannot be sent without a mail server, and refuses to release them', async () => {
    await markAs(people[1].id, 'held');
    const page = await get('/admin/wellen/post/e-mails/ausgang').expect(200);
    expect(page.text).toContain('und kann nicht versandt werden, weil kein Mailserver eingerichtet ist');
    expect(page.text).not.toContain('ausgang/freigeben');
    const refused = await get('/admin/wellen/post/e-mails/ausgang/freigeben').expect(409);
    expect(refused.text).toContain('Es ist kein Mailserver eingerichtet (SMTP_URL). Es wurde nichts versandt.');
    await post('/admin/wellen/post/e-mails/ausgang/freigeben').expect(409);
    expect(await query(`SELECT count(*)::int AS n FROM mail_outbox WHERE status = 'held'`)).toEqual([{ n: 1 }]);
  });

  it('shows each invitation’s mail state in the Einladungen list; names and addresses only to admins', async () => {
    await optOut(people[0].id);
    await markAs(people[0].id, 'deferred', { lastError: '451 4.7.1 Greylisted, try again', attempts: 2 });
    const page = await get('/admin/wellen/post/einladungen').expect(200);
    expect(page.text).toContain('<th scope="col">E-Mail</th>');
    const row = (name: string) => {
      const start = page.text.indexOf(`<th scope="row">${name}`);
      return page.text.slice(start, page.text.indexOf('</tr>', start));
    };
    expect(row('Eva Extern')).toContain('abgemeldet</span><span class="mail-detail">bekommt keine E-Mails mehr</span>');
    expect(row('Eva Extern')).toContain('2 Versuche');
    expect(row('Eva Extern')).toContain('Mailserver: „451 4.7.1 Greylisted, try again“');
    expect(row('Fritz Frei')).toContain('zurückgehalten</span>');
    expect(row('Fritz Frei')).toContain('zuletzt angenommen:');
    expect(row('Gina Gut')).toContain('noch keine</span>');
    expect(row(`Einladung ${people[3].id.slice(0, 8)}`)).toContain('keine (ohne E-Mail-Adresse)');
    expect(page.text).toContain('<span class="mail-org">Institut X</span>');

    await markAs(people[1].id, 'failed', { lastError: '550 5.1.1 <fritz@example.org>: User unknown', attempts: 1 });
    const admin = await get('/admin/wellen/post/einladungen').expect(200);
    expect(admin.text).toContain('Mailserver: „550 5.1.1 &lt;fritz@example.org&gt;: User unknown“');
    const analyst = await get('/admin/wellen/post/einladungen', staff.analyst).expect(200);
    expect(analyst.text).not.toMatch(EMAIL);
    expect(analyst.text).not.toMatch(/Eva Extern|Fritz Frei|Gina Gut|Institut X/);
    expect(analyst.text).toContain(`<th scope="row">Einladung ${people[0].id.slice(0, 8)}</th>`);
    expect(analyst.text).toContain('Mailserver: „550 5.1.1 &lt;Adresse&gt;: User unknown“');
    expect(analyst.text).toContain('abgemeldet');
    expect((await apiInvitations('post')).find((invitation) => invitation.id === people[0].id)?.optedOut).toBe(true);
  });

  it('refuses every sending route to an analyst and without a CSRF token, changing nothing', async () => {
    const before = await counts();
    await get('/admin/wellen/post/e-mails/senden?art=einladung', staff.analyst).expect(403);
    await get('/admin/wellen/post/e-mails/ausgang/freigeben', staff.analyst).expect(403);
    for (const path of [
      '/admin/wellen/spaeter/e-mails/senden',
      '/admin/wellen/spaeter/e-mails/senden/bestaetigen',
      '/admin/wellen/spaeter/e-mails/ausgang/freigeben',
    ]) {
      await post(path, { art: 'erinnerung', wann: 'sofort', mindestTage: '0', hoechstens: '2' }, staff.analyst).expect(403);
      await http()
        .post(path)
        .set('Cookie', staff.admin.cookie)
        .type('form')
        .send({ art: 'erinnerung', wann: 'sofort', mindestTage: '0', hoechstens: '2' })
        .expect(403);
    }
    expect(await counts()).toEqual(before);
    const tab = await get('/admin/wellen/post/e-mails', staff.analyst).expect(200);
    expect(tab.text).not.toMatch(/senden\?art=|freigeben/);
    expect(tab.text).not.toMatch(EMAIL);
  });
});

describe('staff console: E-Mails with a mail server', () => {
  let relay: TestRelay;
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await createWave(testApp.app, staff.admin.token, { code: 'relay', title: 'Mit Mailserver' });
    await http()
      .post('/api/waves/relay/invitations')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({ invitations: [{ email: 'held@example.org', name: 'Hella Held' }] })
      .expect(201);
  }, 120_000);

  afterAll(async () => {
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    await testApp?.close();
    await relay?.close();
  });

  it('names the relay, the sender (admins only) and the rate', async () => {
    const admin = await http().get('/admin/wellen/relay/e-mails').set('Cookie', staff.admin.cookie).expect(200);
    expect(admin.text).toContain(
      `Mailserver: <strong>127.0.0.1:${relay.port}</strong>, Absender: <strong>Befragung &lt;befragung@example.org&gt;</strong>, höchstens 60 E-Mails pro Minute.`,
    );
    expect(admin.text).not.toContain('kein Mailserver');
    const analyst = await http().get('/admin/wellen/relay/e-mails').set('Cookie', staff.analyst.cookie).expect(200);
    expect(analyst.text).toContain(`Mailserver: <strong>127.0.0.1:${relay.port}</strong>, höchstens 60 E-Mails pro Minute.`);
    expect(analyst.text).not.toMatch(EMAIL);
  });

  it('shows per person whether the relay accepted, deferred or refused the mail, with its reply', async () => {
    await createWave(testApp.app, staff.admin.token, { code: 'zustellung', title: 'Zustellung' });
    await http()
      .post('/api/waves/zustellung/invitations')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({
        invitations: [
          { email: 'ok@example.org', name: 'Otto Okay' },
          { email: 'weg@example.org', name: 'Wera Weg' },
          { email: 'grau@example.org', name: 'Greta Grau' },
        ],
      })
      .expect(201);
    relay.answerAll((_mail, to) =>
      to.includes('weg@example.org')
        ? { code: 550, message: '5.1.1 User unknown' }
        : to.includes('grau@example.org')
          ? { code: 451, message: '4.7.1 Greylisted, try again later' }
          : { accept: true },
    );
    await http()
      .post('/admin/wellen/zustellung/e-mails/senden/bestaetigen')
      .set('Cookie', staff.admin.cookie)
      .type('form')
      .send({ _csrf: staff.admin.csrf, art: 'einladung', wann: 'sofort' })
      .expect(303);
    const drained = await testApp.app.get(OutboxWorker).drain();
    expect(drained).toEqual(expect.objectContaining({ sent: 1, deferred: 1, failed: 1 }));
    expect(relay.mailsTo('ok@example.org')).toHaveLength(1);

    const list = await http().get('/admin/wellen/zustellung/einladungen').set('Cookie', staff.admin.cookie).expect(200);
    const row = (name: string) => {
      const start = list.text.indexOf(`<th scope="row">${name}`);
      return list.text.slice(start, list.text.indexOf('</tr>', start));
    };
    expect(row('Otto Okay')).toMatch(
      /mail-state-sent">vom Mailserver angenommen<\/span><span class="mail-detail">\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr/,
    );
    expect(row('Wera Weg')).toContain('mail-state-failed">abgelehnt</span>');
    expect(row('Wera Weg')).toMatch(/Mailserver: „550[^“]*User unknown“/);
    expect(row('Greta Grau')).toContain('mail-state-deferred">verzögert</span>');
    expect(row('Greta Grau')).toMatch(/Mailserver: „451[^“]*Greylisted, try again later“/);

    const outbox = await http().get('/admin/wellen/zustellung/e-mails/ausgang').set('Cookie', staff.admin.cookie).expect(200);
    expect(outbox.text).toMatch(/<code class="smtp-reply">550[^<]*User unknown<\/code>/);
    expect(outbox.text).toContain('nächster Versuch ');
    expect(outbox.text).toContain('angenommen ');
    const tab = await http().get('/admin/wellen/zustellung/e-mails').set('Cookie', staff.admin.cookie).expect(200);
    expect(tab.text).toContain('<td>1 vom Mailserver angenommen, 1 verzögert, 1 abgelehnt</td>');
    relay.answerAll(() => ({ accept: true }));
  });

  it('says in German why the worker cancelled a mail and what the relay replied, under an honest column name', async () => {
    await createWave(testApp.app, staff.admin.token, { code: 'storno', title: 'Storno' });
    const created = await http()
      .post('/api/waves/storno/invitations')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({
        invitations: [
          { email: 'fertig@example.org', name: 'Fina Fertig' },
          { email: 'weg2@example.org', name: 'Willi Weg' },
        ],
      })
      .expect(201);
    const [done] = created.body.invitations as Array<{ token: string }>;
    relay.answerAll((_mail, to) =>
      to.includes('weg2@example.org') ? { code: 550, message: '5.1.1 <weg2@example.org>: User unknown' } : { accept: true },
    );
    await http()
      .post('/admin/wellen/storno/e-mails/senden/bestaetigen')
      .set('Cookie', staff.admin.cookie)
      .type('form')
      .send({ _csrf: staff.admin.csrf, art: 'einladung', wann: 'sofort' })
      .expect(303);
    // Fina answers before her turn comes: the worker cancels her mail ("cancelled: completed" is stored).
    await http().put(`/api/respond/${done.token}`).send({ answers: FULL_ANSWERS_2023, complete: true }).expect(200);
    expect(await testApp.app.get(OutboxWorker).drain()).toEqual(expect.objectContaining({ cancelled: 1, failed: 1 }));
    relay.answerAll(() => ({ accept: true }));

    const outbox = await http().get('/admin/wellen/storno/e-mails/ausgang').set('Cookie', staff.admin.cookie).expect(200);
    expect(outbox.text).toContain('<th scope="col">Letzte Meldung</th>');
    expect(outbox.text).not.toContain('Letzte Antwort des Mailservers');
    expect(outbox.text).toContain('Abgebrochen: die Person hat inzwischen teilgenommen');
    expect(outbox.text).toContain('Mailserver: <code class="smtp-reply">550 5.1.1 &lt;weg2@example.org&gt;: User unknown</code>');
    expect(outbox.text).not.toContain('cancelled:');
    const analyst = await http().get('/admin/wellen/storno/e-mails/ausgang').set('Cookie', staff.analyst.cookie).expect(200);
    expect(analyst.text).toContain('Mailserver: <code class="smtp-reply">550 5.1.1 &lt;Adresse&gt;: User unknown</code>');
    expect(analyst.text).not.toMatch(EMAIL);
  });

  it('sends held mails only when an admin confirms it', async () => {
    // A mail held while no relay was configured (as the worker kept it then; this app has a relay, so set up in the database).
    await http()
      .post('/api/waves/relay/mailings')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({ kind: 'invitation', scheduledAt: '2099-01-01T00:00:00Z' })
      .expect(202);
    await testApp.dataSource.query(
      `UPDATE mail_outbox o SET status = 'held' FROM mailings m JOIN waves w ON w.id = m.wave_id WHERE m.id = o.mailing_id AND w.code = 'relay'`,
    );
    const page = await http().get('/admin/wellen/relay/e-mails/ausgang').set('Cookie', staff.admin.cookie).expect(200);
    expect(page.text).toContain('<strong>1 E-Mail ist zurückgehalten</strong>');
    expect(page.text).toContain('href="/admin/wellen/relay/e-mails/ausgang/freigeben">Zurückgehaltene E-Mails jetzt senden</a>');
    const analyst = await http().get('/admin/wellen/relay/e-mails/ausgang').set('Cookie', staff.analyst.cookie).expect(200);
    expect(analyst.text).not.toContain('freigeben');
    await http()
      .post('/admin/wellen/relay/e-mails/ausgang/freigeben')
      .set('Cookie', staff.analyst.cookie)
      .type('form')
      .send({ _csrf: staff.analyst.csrf })
      .expect(403);
    const relayOutbox = () =>
      testApp.dataSource.query<Array<{ status: string }>>(
        `SELECT o.status FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id JOIN waves w ON w.id = m.wave_id WHERE w.code = 'relay'`,
      );
    expect(await relayOutbox()).toEqual([{ status: 'held' }]);

    const confirm = await http().get('/admin/wellen/relay/e-mails/ausgang/freigeben').set('Cookie', staff.admin.cookie).expect(200);
    expect(confirm.text).toContain(
      `<strong>1 zurückgehaltene E-Mail geht</strong> jetzt an den Mailserver <strong>127.0.0.1:${relay.port}</strong>`,
    );
    expect(confirm.text).toContain('Ja, 1 E-Mail jetzt senden');
    await http()
      .post('/admin/wellen/relay/e-mails/ausgang/freigeben')
      .set('Cookie', staff.admin.cookie)
      .type('form')
      .send({ _csrf: staff.admin.csrf })
      .expect(303)
      .expect('Location', '/admin/wellen/relay/e-mails/ausgang');
    expect(await relayOutbox()).toEqual([{ status: 'queued' }]);
    const after = await http().get('/admin/wellen/relay/e-mails/ausgang').set('Cookie', staff.admin.cookie).expect(200);
    expect(after.text).toContain(`1 zurückgehaltene E-Mail wird jetzt über 127.0.0.1:${relay.port} versandt.`);
    expect(await testApp.dataSource.query(`SELECT action, details FROM audit_events WHERE action = 'mail.held-released'`)).toEqual([
      { action: 'mail.held-released', details: { count: 1 } },
    ]);
  });
});
