import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { DEFAULT_TEMPLATES } from '../../src/mail/mail-templates';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { TestRelay } from '../support/smtp-relay';
import { createTestApp, TestApp } from '../support/test-app';

/** A staff member who signs in with an e-mail address, and a bearer token of theirs. */
async function staffWithEmail(testApp: TestApp, email: string): Promise<string> {
  const accounts = testApp.app.get(StaffAccountsService);
  const { member } = await accounts.invite(SYSTEM_ACTOR, { name: 'Tina Test', email, role: StaffRole.Admin });
  return (await accounts.createApiToken(SYSTEM_ACTOR, member.id, 'mail test')).token;
}

const VALID = {
  subject: 'Ihre Meinung zählt, {{name}}',
  body: '{{anrede}},\n\nbitte nehmen Sie teil:\n{{link}}\n\nbis {{frist}}.\n\nAbmelden: {{abmelden}}',
};

/** Issue 14, templates: GET/PUT with the German defaults, the checks, the preview and the test send to oneself. */
describe('mail templates: read, store, preview, test send (relay configured)', () => {
  let testApp: TestApp;
  let relay: TestRelay;
  let staff: StaffTokens;
  let tinaToken: string;
  const http = () => request(testApp.app.getHttpServer());
  const as = (token: string, test: request.Test) => test.auth(token, { type: 'bearer' });
  const path = (kind: string, wave = 'vorlagen') => `/api/waves/${wave}/mail-templates/${kind}`;
  const auditOf = (action: string) =>
    testApp.dataSource.query<Array<{ actor: string; wave_code: string; details: Record<string, unknown> }>>(
      'SELECT actor, wave_code, details FROM audit_events WHERE action = $1 ORDER BY occurred_at, id',
      [action],
    );

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    process.env.MAIL_ORGANISATION = 'Institut für Beispielforschung';
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    tinaToken = await staffWithEmail(testApp, 'Tina.Test@Example.org');
    await createWave(testApp.app, staff.admin, { code: 'vorlagen', closesAt: '2099-07-27T21:59:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'leer' });
  });

  afterAll(async () => {
    await testApp.close();
    await relay.close();
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    delete process.env.MAIL_ORGANISATION;
  });

  it('GET gives the German default (with {{link}} and {{abmelden}}) while the wave has none, to analysts too', async () => {
    for (const kind of ['invitation', 'reminder'] as const) {
      const response = await as(staff.analyst, http().get(path(kind))).expect(200);
      expect(response.body).toEqual({ kind, ...DEFAULT_TEMPLATES[kind], isDefault: true, updatedAt: null });
      expect(response.body.body).toContain('{{link}}');
      expect(response.body.body).toContain('{{abmelden}}');
      expect(response.body.body).toMatch(/Mit freundlichen Grüßen/);
    }
  });

  it('PUT stores a valid template (admin); GET returns it; the audit names only the kind', async () => {
    const saved = await as(staff.admin, http().put(path('invitation')))
      .send(VALID)
      .expect(200);
    expect(saved.body).toMatchObject({ kind: 'invitation', ...VALID, isDefault: false });
    expect(Date.parse(saved.body.updatedAt)).not.toBeNaN();
    const read = await as(staff.admin, http().get(path('invitation'))).expect(200);
    expect(read.body).toEqual(saved.body);
    // The reminder is still the default.
    expect((await as(staff.admin, http().get(path('reminder'))).expect(200)).body.isDefault).toBe(true);
    expect(await auditOf('mail-template.saved')).toEqual([
      { actor: 'Test Admin (admin)', wave_code: 'vorlagen', details: { kind: 'invitation' } },
    ]);
  });

  it.each([
    ['an unknown placeholder', { subject: 'Hallo {{vorname}}', body: VALID.body }, 'subject', /unknown placeholder \{\{vorname\}\}/],
    ['malformed braces', { subject: VALID.subject, body: `${VALID.body}\n{{name}` }, 'body', /malformed placeholder/],
    ['no {{link}}', { subject: VALID.subject, body: '{{anrede}}, bitte abmelden: {{abmelden}}' }, 'body', /must contain \{\{link\}\}/],
    ['no {{abmelden}}', { subject: VALID.subject, body: '{{anrede}}, hier: {{link}}' }, 'body', /must contain \{\{abmelden\}\}/],
    ['an empty subject', { subject: '  ', body: VALID.body }, 'subject', /must not be empty/],
    ['a subject over two lines', { subject: 'Zeile\nzwei', body: VALID.body }, 'subject', /single line/],
  ])('PUT with %s → 422 MAIL_TEMPLATE_INVALID at its path; nothing stored', async (_case, template, problemPath, message) => {
    const before = (await as(staff.admin, http().get(path('invitation'))).expect(200)).body;
    const response = await as(staff.admin, http().put(path('invitation')))
      .send(template)
      .expect(422);
    expect(response.body.code).toBe('MAIL_TEMPLATE_INVALID');
    expect(response.body.errors).toEqual(expect.arrayContaining([{ path: problemPath, message: expect.stringMatching(message) }]));
    expect(JSON.stringify(response.body)).not.toMatch(/\n\s+at /);
    expect((await as(staff.admin, http().get(path('invitation'))).expect(200)).body).toEqual(before);
  });

  it('PUT without a body field or with a number → 422 VALIDATION_FAILED at the field; nothing stored', async () => {
    const before = (await as(staff.admin, http().get(path('invitation'))).expect(200)).body;
    const missing = await as(staff.admin, http().put(path('invitation')))
      .send({ subject: 'x' })
      .expect(422);
    expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'body' })]));
    await as(staff.admin, http().put(path('invitation')))
      .send({ subject: 1, body: VALID.body })
      .expect(422);
    expect((await as(staff.admin, http().get(path('invitation'))).expect(200)).body).toEqual(before);
  });

  it('unknown kind → 404 MAIL_KIND_UNKNOWN on every route; unknown wave → 404 WAVE_NOT_FOUND', async () => {
    for (const test of [
      http().get(path('erinnerung')),
      http().put(path('newsletter')).send(VALID),
      http().delete(path('x')),
      http()
        .post(`${path('x')}/preview`)
        .send({}),
      http()
        .post(`${path('x')}/test`)
        .send({}),
    ]) {
      const response = await as(staff.admin, test).expect(404);
      expect(response.body.code).toBe('MAIL_KIND_UNKNOWN');
    }
    expect((await as(staff.admin, http().get(path('invitation', 'gibt-es-nicht'))).expect(404)).body.code).toBe('WAVE_NOT_FOUND');
  });

  it('an analyst may read but not store, reset, preview or test-send (403, nothing stored, nothing sent)', async () => {
    const before = (await as(staff.admin, http().get(path('reminder'))).expect(200)).body;
    await as(staff.analyst, http().put(path('reminder')))
      .send(VALID)
      .expect(403);
    await as(staff.analyst, http().delete(path('invitation'))).expect(403);
    await as(staff.analyst, http().post(`${path('invitation')}/preview`))
      .send({})
      .expect(403);
    await as(staff.analyst, http().post(`${path('invitation')}/test`))
      .send({})
      .expect(403);
    await http().put(path('reminder')).send(VALID).expect(401);
    expect((await as(staff.admin, http().get(path('reminder'))).expect(200)).body).toEqual(before);
    expect(relay.attempts).toBe(0);
  });

  it('refuses a form-encoded body on the template routes (415): only the opt-out page takes forms', async () => {
    const response = await as(staff.admin, http().put(path('invitation')))
      .type('form')
      .send('subject=x&body=y')
      .expect(415);
    expect(response.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  describe('preview', () => {
    let ids: { erika: string; html: string; none: string; plain: string };

    beforeAll(async () => {
      const created = await as(staff.admin, http().post('/api/waves/vorlagen/invitations'))
        .send({
          invitations: [
            { label: 'ohne Adresse' },
            { email: 'erika@zentrum.example', name: 'Dr. Erika Beispiel', salutation: 'Sehr geehrte Frau Dr. Beispiel' },
            { email: 'x@zentrum.example', name: '<b>Dr. X</b>', salutation: 'Hallo <b>Dr. X</b> & Co' },
            { email: 'plain@zentrum.example' },
          ],
        })
        .expect(201);
      const [none, erika, html, plain] = (created.body.invitations as Array<{ id: string }>).map((invitation) => invitation.id);
      ids = { erika, html, none, plain };
    });

    it('renders the saved template for the first invitation with an address: anrede, name, frist in German Berlin time, example links', async () => {
      const response = await as(staff.admin, http().post(`${path('invitation')}/preview`))
        .send({})
        .expect(200);
      expect(response.body).toMatchObject({ to: 'erika@zentrum.example', invitationId: ids.erika, sample: false });
      expect(response.body.subject).toBe('Ihre Meinung zählt, Dr. Erika Beispiel');
      expect(response.body.text).toContain('Sehr geehrte Frau Dr. Beispiel,');
      expect(response.body.text).toContain('bis 27.07.2099, 23:59 Uhr.');
      expect(response.body.text).toMatch(/\/survey\/BEISPIEL-persoenlicher-Link\n/);
      expect(response.body.text).toMatch(/Abmelden: http:\/\/\S+\/abmelden\/BEISPIEL-Abmeldelink/);
      expect(response.body.text).toContain('Diese E-Mail kommt von Institut für Beispielforschung.');
      expect(response.body.html).toContain('<html lang="de">');
      expect(response.body.html).toContain('27.07.2099, 23:59 Uhr');
    });

    it('never shows the real personal link or opt-out token', async () => {
      const [contact] = await testApp.dataSource.query<Array<{ link_token: string }>>(
        'SELECT link_token FROM invitation_contacts WHERE invitation_id = $1',
        [ids.erika],
      );
      expect(contact.link_token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      const response = await as(staff.admin, http().post(`${path('invitation')}/preview`))
        .send({ invitationId: ids.erika })
        .expect(200);
      expect(JSON.stringify(response.body)).not.toContain(contact.link_token);
    });

    it('escapes a name with markup in the HTML and keeps it literal in the text', async () => {
      const response = await as(staff.admin, http().post(`${path('invitation')}/preview`))
        .send({ invitationId: ids.html })
        .expect(200);
      expect(response.body.to).toBe('x@zentrum.example');
      expect(response.body.html).toContain('Hallo &lt;b&gt;Dr. X&lt;/b&gt; &amp; Co,');
      expect(response.body.html).not.toContain('<b>Dr. X</b>');
      expect(response.body.text).toContain('Hallo <b>Dr. X</b> & Co,');
    });

    it('uses "Guten Tag" for a contact without salutation, and renders an unsaved draft without storing it', async () => {
      const draft = { subject: 'Entwurf für {{name}}', body: 'Entwurf {{anrede}}: {{link}} {{abmelden}}' };
      const response = await as(staff.admin, http().post(`${path('reminder')}/preview`))
        .send({ invitationId: ids.plain, ...draft })
        .expect(200);
      expect(response.body.subject).toBe('Entwurf für');
      expect(response.body.text).toMatch(/^Entwurf Guten Tag: http/);
      expect((await as(staff.admin, http().get(path('reminder'))).expect(200)).body.isDefault).toBe(true);
    });

    it('refuses an invalid draft (422 like PUT), an invitation without address or of another wave (422 at invitationId)', async () => {
      const invalid = await as(staff.admin, http().post(`${path('invitation')}/preview`))
        .send({ body: 'ohne Link {{abmelden}}' })
        .expect(422);
      expect(invalid.body.code).toBe('MAIL_TEMPLATE_INVALID');
      expect(invalid.body.errors).toEqual([{ path: 'body', message: expect.stringMatching(/\{\{link\}\}/) }]);
      for (const invitationId of [ids.none, '00000000-0000-4000-8000-000000000000']) {
        const response = await as(staff.admin, http().post(`${path('invitation')}/preview`))
          .send({ invitationId })
          .expect(422);
        expect(response.body.errors).toEqual([{ path: 'invitationId', message: expect.any(String) }]);
      }
      await as(staff.admin, http().post(`${path('invitation')}/preview`))
        .send({ invitationId: 'nope' })
        .expect(422);
    });

    it('falls back to a marked sample person when no invitation of the wave has an address', async () => {
      const response = await as(staff.admin, http().post(`${path('invitation', 'leer')}/preview`))
        .send({})
        .expect(200);
      expect(response.body).toMatchObject({ to: null, invitationId: null, sample: true });
      expect(response.body.text).toMatch(/^Sehr geehrte Frau Dr\. Beispiel,/);
      expect(response.body.text).toContain('bis zum Ende der Befragung.');
    });
  });

  it('test send: to the staff member’s own address at once, "[Test]" subject, sample values, example links, List-Unsubscribe; audited without address', async () => {
    const response = await as(tinaToken, http().post(`${path('invitation')}/test`))
      .send({})
      .expect(200);
    expect(response.body).toEqual({ to: 'Tina.Test@Example.org', held: false, sent: true });
    const [mail] = relay.mailsTo('tina.test@example.org');
    expect(mail.parsed.subject).toBe('[Test] Ihre Meinung zählt, Dr. Erika Beispiel');
    expect(mail.parsed.text).toContain('Sehr geehrte Frau Dr. Beispiel,');
    expect(mail.parsed.text).toContain('BEISPIEL-persoenlicher-Link');
    expect(mail.raw).toMatch(/^List-Unsubscribe: <http:\/\/\S+\/abmelden\/BEISPIEL-Abmeldelink>\r?$/m);
    expect(String(mail.parsed.messageId)).toMatch(/^<[0-9a-f-]{36}\.survey-waves@example\.org>$/);
    // Not through the outbox: nothing queued.
    expect(await testApp.dataSource.query('SELECT count(*)::int AS n FROM mail_outbox')).toEqual([{ n: 0 }]);
    const events = await auditOf('mail.test-sent');
    expect(events).toEqual([{ actor: 'Tina Test (admin)', wave_code: 'vorlagen', details: { kind: 'invitation', outcome: 'sent' } }]);
  });

  it('test send of an unsaved draft; a refusing relay is reported in the answer (sent: false, the reply), audited without it', async () => {
    relay.answerNext({ code: 550, message: '5.1.1 <tina.test@example.org>: Recipient address rejected' });
    const draft = { subject: 'Entwurf', body: '{{link}} {{abmelden}}' };
    const response = await as(tinaToken, http().post(`${path('reminder')}/test`))
      .send(draft)
      .expect(200);
    expect(response.body).toEqual({
      to: 'Tina.Test@Example.org',
      held: false,
      sent: false,
      error: expect.stringMatching(/^550 .*rejected/),
    });
    const events = await auditOf('mail.test-sent');
    expect(events.at(-1)?.details).toEqual({ kind: 'reminder', outcome: 'refused', responseCode: 550 });
    expect(JSON.stringify(await auditOf('mail.test-sent'))).not.toMatch(/@example\.org/i);
  });

  it('test send by an account without e-mail address (API-only) → 422 saying so; nothing sent', async () => {
    const attempts = relay.attempts;
    const response = await as(staff.admin, http().post(`${path('invitation')}/test`))
      .send({})
      .expect(422);
    expect(response.body.message).toMatch(/no e-mail address/);
    expect(relay.attempts).toBe(attempts);
  });

  it('DELETE goes back to the default (audited as a reset); a second time changes nothing', async () => {
    const reset = await as(staff.admin, http().delete(path('invitation'))).expect(200);
    expect(reset.body).toEqual({ kind: 'invitation', ...DEFAULT_TEMPLATES.invitation, isDefault: true, updatedAt: null });
    await as(staff.admin, http().delete(path('invitation'))).expect(200);
    expect((await auditOf('mail-template.saved')).map((event) => event.details)).toEqual([
      { kind: 'invitation' },
      { kind: 'invitation', reset: true },
    ]);
  });
});

describe('mail templates: test send without a mail server (held)', () => {
  let testApp: TestApp;
  let tinaToken: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const staff = await createStaff(testApp.app);
    tinaToken = await staffWithEmail(testApp, 'tina@example.org');
    await createWave(testApp.app, staff.admin, { code: 'gehalten' });
  });

  afterAll(() => testApp.close());

  it('writes the test mail as an .eml under DATA_DIR/mail and says held', async () => {
    const response = await request(testApp.app.getHttpServer())
      .post('/api/waves/gehalten/mail-templates/invitation/test')
      .auth(tinaToken, { type: 'bearer' })
      .send({})
      .expect(200);
    expect(response.body).toEqual({ to: 'tina@example.org', held: true, sent: false });
    const folder = join(process.env.DATA_DIR as string, 'mail');
    const files = readdirSync(folder).filter((name) => name.startsWith('test-'));
    expect(files).toHaveLength(1);
    const eml = readFileSync(join(folder, files[0]), 'utf8');
    expect(eml).toMatch(/^To: tina@example\.org\r?$/m);
    expect(eml).toMatch(/^Subject: /m);
    expect(eml).toMatch(/^List-Unsubscribe: <http:\/\/\S+\/abmelden\/BEISPIEL-Abmeldelink>/m);
    const [event] = await testApp.dataSource.query("SELECT details FROM audit_events WHERE action = 'mail.test-sent'");
    expect(event.details).toEqual({ kind: 'invitation', outcome: 'held' });
  });
});
