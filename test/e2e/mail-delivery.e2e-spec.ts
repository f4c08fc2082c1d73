import { simpleParser } from 'mailparser';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { DEFAULT_TEMPLATES } from '../../src/mail/mail-templates';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createMailTestApp, MailTestApp, MovableClock } from '../support/mail-test-app';
import { TestRelay, type ReceivedMail } from '../support/smtp-relay';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const MAIL_FROM = 'Befragung <befragung@example.org>';
const DAY = 86_400_000;

interface Contact {
  email?: string;
  name?: string;
  salutation?: string;
  organisation?: string;
  label?: string;
}
interface Created {
  id: string;
  token: string;
  url: string;
}
interface InvitationMail {
  status: string;
  attempts: number;
  lastError: string | null;
  lastSentAt: string | null;
  reminders: number;
}

/**
 * Issue 14, delivery: the outbox worker against a real SMTP server in the test process. Tests call
 * `worker.drain()` instead of waiting for the 2-second poll, and move the service's clock for back-off,
 * schedules and reminder rules instead of sleeping.
 */
describe('mail delivery through an SMTP relay', () => {
  let relay: TestRelay;
  let database: TestDatabase;
  let main: MailTestApp;
  let staff: StaffTokens;
  const clock = new MovableClock();
  const env = { ...process.env };
  const http = (app: MailTestApp = main) => request(app.app.getHttpServer());
  const asAdmin = (test: request.Test) => test.auth(staff.admin, { type: 'bearer' });

  /** An app on the shared database with extra configuration (read from the environment when it is created). */
  async function appWith(variables: Record<string, string | undefined>, clockOfApp?: MovableClock): Promise<MailTestApp> {
    const saved = { ...process.env };
    for (const [name, value] of Object.entries(variables)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    try {
      return await createMailTestApp(database.url, { clock: clockOfApp });
    } finally {
      process.env = saved;
    }
  }

  async function waveWithContacts(code: string, contacts: Contact[], app: MailTestApp = main): Promise<Created[]> {
    await createWave(app.app, staff.admin, { code, closesAt: new Date(Date.now() + 60 * DAY).toISOString() });
    const created = await asAdmin(http(app).post(`/api/waves/${code}/invitations`))
      .send({ invitations: contacts })
      .expect(201);
    return created.body.invitations as Created[];
  }

  const mailing = (code: string, body: object, app: MailTestApp = main) =>
    asAdmin(http(app).post(`/api/waves/${code}/mailings`))
      .send(body)
      .expect(202);

  async function mailOf(code: string): Promise<Map<string, InvitationMail & { optedOut: boolean }>> {
    const list = await asAdmin(http().get(`/api/waves/${code}/invitations`)).expect(200);
    return new Map(
      (list.body as Array<{ id: string; mail: InvitationMail; optedOut: boolean }>).map((entry) => [
        entry.id,
        { ...entry.mail, optedOut: entry.optedOut },
      ]),
    );
  }

  async function outbox(
    code: string,
    query = '',
  ): Promise<Array<{ id: string; invitationId: string; status: string; lastError: string | null }>> {
    return (await asAdmin(http().get(`/api/waves/${code}/mail-outbox${query}`)).expect(200)).body.entries;
  }

  /** A header as it stands in the mail (mailparser turns List-* headers into objects). */
  const header = (mail: ReceivedMail, name: string) =>
    mail.parsed.headerLines.find((line) => line.key === name)?.line.replace(/^[^:]+:\s*/, '');
  const tokenIn = (mail: ReceivedMail) => /\/survey\/([A-Za-z0-9_-]+)/.exec(mail.parsed.text ?? '')?.[1];
  const since = (start: number) => relay.received.slice(start);
  const recipients = (mails: ReceivedMail[]) => mails.flatMap((mail) => mail.to).sort();

  /** The person presses "Ja, keine E-Mails mehr" on the opt-out page of their link (the token as the mails carry it). */
  async function optOut(dataSource: DataSource, invitationId: string): Promise<void> {
    const [{ opt_out_token: token }] = await dataSource.query<Array<{ opt_out_token: string }>>(
      'SELECT opt_out_token FROM mail_recipients WHERE invitation_id = $1',
      [invitationId],
    );
    await http().post(`/abmelden/${token}`).type('form').send({}).expect(200);
  }

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = MAIL_FROM;
    process.env.MAIL_RATE_PER_MINUTE = '6000';
    database = await createTestDatabase();
    main = await createMailTestApp(database.url, { clock });
    staff = await createStaff(main.app);
  });

  afterAll(async () => {
    await main?.close();
    await database?.drop();
    await relay?.close();
    process.env = env;
  });

  afterEach(() => {
    clock.offsetMs = 0;
    relay.answerAll(() => ({ accept: true }));
  });

  it('sends one German invitation to every contact with a working personal link, Message-ID and List-Unsubscribe; status sent', async () => {
    const contacts: Contact[] = [
      { email: 'erika@zentrum.example', name: 'Dr. Erika Beispiel', salutation: 'Sehr geehrte Frau Dr. Beispiel' },
      { email: 'max@firma.example', name: 'Max Muster', salutation: 'Sehr geehrter Herr Muster' },
      { email: 'ida@werk.example' },
      { email: 'ole@werk.example', name: 'Ole' },
      { email: 'una@hof.example', organisation: 'Hof GmbH' },
      { label: 'ohne Adresse' },
    ];
    const created = await waveWithContacts('einladung', contacts);
    const start = relay.received.length;

    const queued = await mailing('einladung', { kind: 'invitation' });
    expect(queued.body).toMatchObject({ queued: 5, skipped: { no_contact: 1 }, mailServerConfigured: true });
    // 202 came back before anything was sent: the worker sends in the background.
    expect(relay.received.length).toBe(start);
    expect([...(await mailOf('einladung')).values()].map((mail) => mail.status).sort()).toEqual([
      'none',
      'queued',
      'queued',
      'queued',
      'queued',
      'queued',
    ]);

    expect(await main.worker.drain()).toMatchObject({ claimed: 5, sent: 5, cancelled: 0, deferred: 0, failed: 0 });
    const mails = since(start);
    expect(recipients(mails)).toEqual(contacts.flatMap((contact) => (contact.email ? [contact.email] : [])).sort());

    const entries = await outbox('einladung');
    for (const [index, contact] of contacts.entries()) {
      if (!contact.email) continue;
      const [mail] = relay.mailsTo(contact.email);
      const parsed = mail.parsed;
      expect(parsed.subject).toBe(DEFAULT_TEMPLATES.invitation.subject);
      expect(parsed.from?.value).toEqual([{ name: 'Befragung', address: 'befragung@example.org' }]);
      expect(parsed.text).toContain(`${contact.salutation ?? 'Guten Tag'},`);
      expect(parsed.text).toContain('Teilnehmen können Sie bis');
      expect(parsed.html).toContain('<html lang="de">');
      // The personal link is the one of THIS invitation, and it opens the questionnaire.
      const token = tokenIn(mail);
      expect(token).toBe(created[index].token);
      expect(parsed.html).toContain(`/survey/${token}`);
      const respondent = await http()
        .get(`/api/respond/${token as string}`)
        .expect(200);
      expect(respondent.body).toMatchObject({ wave: { code: 'einladung' }, status: 'new' });
      // Message-ID from the outbox row; List-Unsubscribe to the opt-out page, without one-click on plain http.
      const row = entries.find((entry) => entry.invitationId === created[index].id);
      expect(parsed.messageId).toBe(`<${row?.id}.survey-waves@example.org>`);
      const stored = await main.dataSource.query('SELECT message_id FROM mail_outbox WHERE id = $1', [row?.id]);
      expect(stored).toEqual([{ message_id: parsed.messageId }]);
      expect(header(mail, 'list-unsubscribe')).toMatch(/^<http:\/\/[^>]+\/abmelden\/[A-Za-z0-9_-]+>$/);
      expect(parsed.text).toContain(header(mail, 'list-unsubscribe')?.slice(1, -1));
      expect(header(mail, 'list-unsubscribe-post')).toBeUndefined();
    }

    const states = await mailOf('einladung');
    for (const [index, invitation] of created.entries()) {
      const state = states.get(invitation.id);
      if (contacts[index].email) {
        expect(state).toMatchObject({ status: 'sent', attempts: 0, lastError: null, reminders: 0 });
        expect(Date.parse(state?.lastSentAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
      } else {
        expect(state).toMatchObject({ status: 'none', lastSentAt: null });
      }
    }
    // Nothing more is due: a second drain sends nothing.
    expect((await main.worker.drain()).claimed).toBe(0);
    expect(relay.received.length).toBe(start + 5);
  });

  it('adds List-Unsubscribe-Post (one click) when PUBLIC_URL is https', async () => {
    const secure = await appWith({ PUBLIC_URL: 'https://umfrage.example.org' });
    try {
      const [invitation] = await waveWithContacts('einladung-https', [{ email: 'https@firma.example' }], secure);
      await mailing('einladung-https', { kind: 'invitation' }, secure);
      expect((await secure.worker.drain()).sent).toBe(1);
      const [mail] = relay.mailsTo('https@firma.example');
      expect(header(mail, 'list-unsubscribe')).toMatch(/^<https:\/\/umfrage\.example\.org\/abmelden\/[A-Za-z0-9_-]+>$/);
      expect(header(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.parsed.text).toContain(`https://umfrage.example.org/survey/${invitation.token}`);
    } finally {
      await secure.close();
    }
  });

  it('reminds only those who qualify, and respects maxReminders over two rounds', async () => {
    const people = ['anna', 'bert', 'cora', 'dirk', 'emil', 'fine'].map((name) => ({ email: `${name}@erinnerung.example`, name }));
    const [anna, bert, cora, dirk, emil, fine] = await waveWithContacts('erinnerung', people);
    await mailing('erinnerung', { kind: 'invitation' });
    expect((await main.worker.drain()).sent).toBe(6);

    // Anna completes, Bert's link is blocked, Cora opts out.
    await http()
      .put(`/api/respond/${anna.token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: true })
      .expect(200);
    await asAdmin(http().post(`/api/waves/erinnerung/invitations/${bert.id}/block`)).expect(200);
    await optOut(main.dataSource, cora.id);
    // Four days later Dirk gets his invitation again (explicitly): his last mail is then too recent.
    clock.offsetMs = 4 * DAY;
    await mailing('erinnerung', { kind: 'invitation', invitationIds: [dirk.id] });
    expect((await main.worker.drain()).sent).toBe(1);

    let start = relay.received.length;
    const first = await mailing('erinnerung', { kind: 'reminder', maxReminders: 1 });
    expect(first.body).toMatchObject({ queued: 2, skipped: { completed: 1, blocked: 1, opted_out: 1, too_soon: 1 } });
    expect((await main.worker.drain()).sent).toBe(2);
    expect(recipients(since(start))).toEqual(['emil@erinnerung.example', 'fine@erinnerung.example']);
    expect(since(start).map((mail) => mail.parsed.subject)).toEqual([
      DEFAULT_TEMPLATES.reminder.subject,
      DEFAULT_TEMPLATES.reminder.subject,
    ]);
    // The reminder carries the same personal link as the invitation.
    expect(tokenIn(relay.mailsTo('emil@erinnerung.example')[1])).toBe(emil.token);

    // Four more days: Dirk qualifies now; Emil and Fine had their one reminder.
    clock.offsetMs = 8 * DAY;
    start = relay.received.length;
    const second = await mailing('erinnerung', { kind: 'reminder', maxReminders: 1 });
    expect(second.body).toMatchObject({ queued: 1, skipped: { completed: 1, blocked: 1, opted_out: 1, max_reminders: 2 } });
    expect((await main.worker.drain()).sent).toBe(1);
    expect(recipients(since(start))).toEqual(['dirk@erinnerung.example']);

    const states = await mailOf('erinnerung');
    expect([anna, bert, cora, dirk, emil, fine].map((invitation) => states.get(invitation.id)?.reminders)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(states.get(cora.id)?.optedOut).toBe(true);
    expect(relay.mailsTo('anna@erinnerung.example')).toHaveLength(1);
    expect(relay.mailsTo('bert@erinnerung.example')).toHaveLength(1);
    expect(relay.mailsTo('cora@erinnerung.example')).toHaveLength(1);
  });

  it('checks again at send time: a scheduled mail whose invitation completed, was blocked or opted out meanwhile is cancelled, not sent', async () => {
    const [done, blocked, gone, still] = await waveWithContacts(
      'spaeter',
      ['done', 'blocked', 'gone', 'still'].map((name) => ({ email: `${name}@spaeter.example` })),
    );
    const scheduledAt = new Date(Date.now() + 3_600_000).toISOString();
    const queued = await mailing('spaeter', { kind: 'invitation', scheduledAt });
    expect(queued.body.queued).toBe(4);
    // Not before its time.
    expect((await main.worker.drain()).claimed).toBe(0);

    await http()
      .put(`/api/respond/${done.token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: true })
      .expect(200);
    await asAdmin(http().post(`/api/waves/spaeter/invitations/${blocked.id}/block`)).expect(200);
    await optOut(main.dataSource, gone.id);
    const start = relay.received.length;
    clock.offsetMs = 2 * 3_600_000;
    // The opt-out page cancelled Gone's mail at once; the worker cancels the other two when their turn comes (its own
    // opt-out check is for a mail it holds at that very moment: cancelReason in outbox-worker-rules.spec.ts).
    expect(await main.worker.drain()).toMatchObject({ claimed: 3, sent: 1, cancelled: 2 });
    expect(recipients(since(start))).toEqual(['still@spaeter.example']);

    const rows = await outbox('spaeter', '?status=cancelled');
    expect(Object.fromEntries(rows.map((row) => [row.invitationId, row.lastError]))).toEqual({
      [done.id]: 'cancelled: completed',
      [blocked.id]: 'cancelled: blocked',
      [gone.id]: 'cancelled: opted out',
    });
    const states = await mailOf('spaeter');
    expect(states.get(done.id)?.status).toBe('none');
    expect(states.get(still.id)?.status).toBe('sent');
  });

  it('defers on 451 and delivers once after the back-off; fails on 550 with the relay’s reply', async () => {
    const [grey, bounce] = await waveWithContacts('rueckweisung', [{ email: 'grey@relay.example' }, { email: 'bounce@relay.example' }]);
    relay.answerAll((_mail, to) =>
      to.includes('grey@relay.example')
        ? { code: 451, message: '4.7.1 Greylisted, please try again later' }
        : to.includes('bounce@relay.example')
          ? { code: 550, message: '5.1.1 <bounce@relay.example>: Recipient address rejected: User unknown' }
          : { accept: true },
    );
    await mailing('rueckweisung', { kind: 'invitation' });
    expect(await main.worker.drain()).toMatchObject({ claimed: 2, deferred: 1, failed: 1, sent: 0 });

    let states = await mailOf('rueckweisung');
    expect(states.get(grey.id)).toMatchObject({ status: 'deferred', attempts: 1, lastSentAt: null });
    expect(states.get(grey.id)?.lastError).toContain('451 4.7.1 Greylisted');
    expect(states.get(bounce.id)).toMatchObject({ status: 'failed', attempts: 1, lastSentAt: null });
    expect(states.get(bounce.id)?.lastError).toContain('550 5.1.1 <bounce@relay.example>: Recipient address rejected: User unknown');

    // The retry waits for its back-off (30 s): nothing is due yet.
    relay.answerAll(() => ({ accept: true }));
    clock.offsetMs = 20_000;
    expect((await main.worker.drain()).claimed).toBe(0);
    clock.offsetMs = 31_000;
    expect(await main.worker.drain()).toMatchObject({ claimed: 1, sent: 1 });
    states = await mailOf('rueckweisung');
    expect(states.get(grey.id)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(relay.mailsTo('grey@relay.example')).toHaveLength(1);
    // A refused mail is not tried again.
    clock.offsetMs = 2 * DAY;
    expect((await main.worker.drain()).claimed).toBe(0);
    expect(relay.mailsTo('bounce@relay.example')).toHaveLength(0);
  });

  it('defers a mail whose connection dropped during DATA and delivers it once on the retry', async () => {
    const [dropped] = await waveWithContacts('abbruch', [{ email: 'drop@relay.example' }]);
    relay.answerNext({ drop: true });
    const attemptsBefore = relay.attempts;
    await mailing('abbruch', { kind: 'invitation' });
    expect(await main.worker.drain()).toMatchObject({ deferred: 1 });
    expect(relay.attempts).toBe(attemptsBefore + 1);
    expect(relay.mailsTo('drop@relay.example')).toHaveLength(0);
    const states = await mailOf('abbruch');
    expect(states.get(dropped.id)).toMatchObject({ status: 'deferred', attempts: 1 });
    expect(states.get(dropped.id)?.lastError).toMatch(/ECONNECTION|closed/i);

    clock.offsetMs = 31_000;
    expect(await main.worker.drain()).toMatchObject({ sent: 1 });
    expect(relay.mailsTo('drop@relay.example')).toHaveLength(1);
    expect((await mailOf('abbruch')).get(dropped.id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('holds MAIL_RATE_PER_MINUTE against a slow relay while the HTTP API keeps answering', async () => {
    const paced = await appWith({ MAIL_RATE_PER_MINUTE: '600' });
    try {
      const count = 8;
      await waveWithContacts(
        'takt',
        Array.from({ length: count }, (_, index) => ({ email: `takt${index}@relay.example` })),
        paced,
      );
      const arrivals: number[] = [];
      relay.answerAll(() => {
        arrivals.push(performance.now());
        return { accept: true, delayMs: 50 };
      });
      await mailing('takt', { kind: 'invitation' }, paced);
      const start = relay.received.length;
      let finished = false;
      const sending = paced.worker.drain().then((counts) => {
        finished = true;
        return counts;
      });
      await relay.waitForMails(start + 1);
      const asked = performance.now();
      await asAdmin(http(paced).get('/api/waves/takt/invitations')).expect(200);
      const answeredIn = performance.now() - asked;
      const answeredWhileSending = !finished;
      expect(await sending).toMatchObject({ sent: count });
      expect(answeredWhileSending).toBe(true);
      expect(answeredIn).toBeLessThan(1000);

      // 600 a minute: the k-th mail after the second reaches the relay no earlier than k × 100 ms after it. Counted from
      // the second mail (the first also opened the connection), and cumulative rather than gap by gap: on a busy machine
      // one late arrival makes the next gap short without any mail going out early (50 ms slack for that).
      expect(arrivals).toHaveLength(count);
      const early = arrivals.slice(2).filter((at, index) => at - arrivals[1] < (index + 1) * 100 - 50);
      expect(early).toEqual([]);
    } finally {
      await paced.close();
    }
  });

  it('holds mails as .eml files without SMTP_URL, says so, refuses send-held there, and sends them once from an instance with a relay', async () => {
    const held = await appWith({ SMTP_URL: undefined, MAIL_FROM: undefined });
    try {
      const created = await waveWithContacts(
        'gehalten',
        [{ email: 'hold1@firma.example', name: 'Eins' }, { email: 'hold2@firma.example' }],
        held,
      );
      const queued = await mailing('gehalten', { kind: 'invitation' }, held);
      expect(queued.body).toMatchObject({ queued: 2, mailServerConfigured: false });
      const attempts = relay.attempts;
      expect(await held.worker.drain()).toMatchObject({ held: 2, sent: 0 });
      expect(relay.attempts).toBe(attempts);

      expect([...(await mailOf('gehalten')).values()].map((mail) => mail.status)).toEqual(['held', 'held']);
      const rows = await held.dataSource.query<Array<{ id: string; invitation_id: string; eml_path: string }>>(
        `SELECT o.id, o.invitation_id, o.eml_path FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id
          JOIN waves w ON w.id = m.wave_id WHERE w.code = 'gehalten'`,
      );
      for (const row of rows) {
        expect(row.eml_path).toBe(join(process.env.DATA_DIR as string, 'mail', `${row.id}.eml`));
        const parsed = await simpleParser(await readFile(row.eml_path));
        const invitation = created.find((entry) => entry.id === row.invitation_id) as Created;
        expect(parsed.subject).toBe(DEFAULT_TEMPLATES.invitation.subject);
        expect(parsed.text).toContain(`/survey/${invitation.token}`);
        expect(parsed.messageId).toMatch(new RegExp(`^<${row.id}\\.survey-waves@`));
      }

      const status = await asAdmin(http(held).get('/api/mail/status')).expect(200);
      expect(status.body).toMatchObject({ mailServerConfigured: false, relayHost: null, relayProblem: null });
      const refused = await asAdmin(http(held).post('/api/waves/gehalten/mail-outbox/send-held')).expect(409);
      expect(refused.body.code).toBe('MAIL_NOT_CONFIGURED');
      expect([...(await mailOf('gehalten')).values()].map((mail) => mail.status)).toEqual(['held', 'held']);
    } finally {
      await held.close();
    }

    const configured = await asAdmin(http().get('/api/mail/status')).expect(200);
    expect(configured.body).toEqual({
      mailServerConfigured: true,
      relayHost: `127.0.0.1:${relay.port}`,
      from: MAIL_FROM,
      ratePerMinute: 6000,
      relayProblem: null,
    });
    expect(JSON.stringify(configured.body)).not.toContain('smtp://');

    const start = relay.received.length;
    expect((await asAdmin(http().post('/api/waves/gehalten/mail-outbox/send-held')).expect(200)).body).toEqual({ released: 2 });
    expect([...(await mailOf('gehalten')).values()].map((mail) => mail.status)).toEqual(['queued', 'queued']);
    expect(await main.worker.drain()).toMatchObject({ sent: 2 });
    expect(recipients(since(start))).toEqual(['hold1@firma.example', 'hold2@firma.example']);
    expect([...(await mailOf('gehalten')).values()].map((mail) => mail.status)).toEqual(['sent', 'sent']);
    // Released once: a second request finds nothing held.
    expect((await asAdmin(http().post('/api/waves/gehalten/mail-outbox/send-held')).expect(200)).body).toEqual({ released: 0 });
  });

  it('treats an unreachable relay as a relay problem: the mail stays queued (no attempt, no bounce), the status says why, sending pauses', async () => {
    const closed = await TestRelay.start();
    const unreachableUrl = closed.url;
    await closed.close();
    const broken = await appWith({ SMTP_URL: unreachableUrl });
    try {
      await waveWithContacts('kein-relay', [{ email: 'wait@relay.example' }, { email: 'wait2@relay.example' }], broken);
      await mailing('kein-relay', { kind: 'invitation' }, broken);
      expect(await broken.worker.drain()).toMatchObject({ claimed: 2, sent: 0, deferred: 0, failed: 0, released: 2 });
      const states = [...(await mailOf('kein-relay')).values()];
      expect(states.map(({ status, attempts }) => ({ status, attempts }))).toEqual([
        { status: 'queued', attempts: 0 },
        { status: 'queued', attempts: 0 },
      ]);
      // The mail that met the problem says so; the rest of the batch was put back untried.
      expect(states.map((state) => state.lastError).filter((error) => error !== null)).toEqual([
        expect.stringMatching(/^relay: .*ECONNREFUSED/),
      ]);
      const status = await asAdmin(http(broken).get('/api/mail/status')).expect(200);
      expect(status.body.relayProblem.error).toMatch(/ECONNREFUSED/);
      expect(Date.parse(status.body.relayProblem.retryAt)).toBeGreaterThan(Date.now());
      // Paused: another round right away does not try the relay again.
      expect((await broken.worker.drain()).claimed).toBe(0);
    } finally {
      await broken.close();
    }
    // An instance with a working relay sends them (the mails were put back, not failed).
    const start = relay.received.length;
    expect(await main.worker.drain()).toMatchObject({ sent: 2 });
    expect(recipients(since(start))).toEqual(['wait2@relay.example', 'wait@relay.example']);
  });

  it('lists the outbox by state for admins only and refuses bad queries with 422', async () => {
    const page = await asAdmin(http().get('/api/waves/rueckweisung/mail-outbox?status=failed,deferred&limit=10')).expect(200);
    expect(page.body.total).toBe(1);
    expect(page.body.entries).toEqual([expect.objectContaining({ status: 'failed', kind: 'invitation', attempts: 1 })]);
    expect(page.body.counts).toMatchObject({ sent: 1, failed: 1, deferred: 0 });
    // No address and no content: only the relay's own reply may name one.
    expect(Object.keys(page.body.entries[0]).sort()).toEqual([
      'attempts',
      'createdAt',
      'dueAt',
      'id',
      'invitationId',
      'kind',
      'lastError',
      'mailingId',
      'sentAt',
      'status',
    ]);

    for (const query of ['?status=sent,bogus', '?limit=0', '?limit=501', '?offset=-1', '?offset=abc']) {
      const refused = await asAdmin(http().get(`/api/waves/rueckweisung/mail-outbox${query}`)).expect(422);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
    }
    await asAdmin(http().get('/api/waves/unbekannt/mail-outbox')).expect(404);
    for (const [method, path] of [
      ['get', '/api/waves/rueckweisung/mail-outbox'],
      ['post', '/api/waves/rueckweisung/mail-outbox/send-held'],
      ['get', '/api/mail/status'],
      ['get', '/api/waves/rueckweisung/mailings'],
    ] as const) {
      await http()[method](path).auth(staff.analyst, { type: 'bearer' }).expect(403);
      await http()[method](path).expect(401);
    }

    const mailings = await asAdmin(http().get('/api/waves/rueckweisung/mailings')).expect(200);
    expect(mailings.body).toEqual([
      expect.objectContaining({ kind: 'invitation', queued: 2, explicit: false, counts: expect.objectContaining({ sent: 1, failed: 1 }) }),
    ]);
  });
});
