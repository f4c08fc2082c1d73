import { readdirSync } from 'node:fs';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { formatDateTime } from '../../src/common/german-time';
import { MailSettings } from '../../src/mail/mail-settings';
import { DEFAULT_TEMPLATES } from '../../src/mail/mail-templates';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { TestRelay } from '../support/smtp-relay';
import { createTestApp, TestApp } from '../support/test-app';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const PAGE = '/admin/wellen/post/e-mails/vorlagen';
const API = '/api/waves/post/mail-templates';

/** What eta writes for a text (autoEscape). */
const escaped = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const VALID = {
  subject: 'Ihre Meinung zählt, {{name}}',
  body: '{{anrede}},\r\n\r\nbitte nehmen Sie bis {{frist}} teil:\r\n{{link}}\r\n\r\nAbmelden: {{abmelden}}',
};

/** A console admin who signs in with an e-mail address (the test mail goes there). */
async function adminWithEmail(testApp: TestApp, name: string, email: string): Promise<ConsoleUser> {
  const accounts = testApp.app.get(StaffAccountsService);
  const { member } = await accounts.invite(SYSTEM_ACTOR, { name, email, role: StaffRole.Admin });
  const opened = await testApp.app.get(StaffSessionsService).open(member.id);
  return { cookie: `${SESSION_COOKIE}=${opened.cookieValue}`, csrf: opened.session.csrfToken, token: '', memberId: member.id };
}

function consoleClient(testApp: TestApp) {
  const http = () => request(testApp.app.getHttpServer());
  return {
    http,
    get: (path: string, user: ConsoleUser) => http().get(path).set('Cookie', user.cookie),
    post: (path: string, user: ConsoleUser, form: Record<string, string> = {}) =>
      http()
        .post(path)
        .set('Cookie', user.cookie)
        .type('form')
        .send({ _csrf: user.csrf, ...form }),
  };
}

describe('console: composing a wave’s mail templates (relay configured)', () => {
  let testApp: TestApp;
  let relay: TestRelay;
  let staff: ConsoleStaff;
  let anna: ConsoleUser;
  let erikaId: string;
  let maxId: string;
  let client: ReturnType<typeof consoleClient>;
  const apiTemplate = async (kind: 'invitation' | 'reminder') =>
    (await client.http().get(`${API}/${kind}`).auth(staff.admin.token, { type: 'bearer' }).expect(200)).body as {
      subject: string;
      body: string;
      isDefault: boolean;
      updatedAt: string | null;
    };
  /** Audit events of changes (a page that shows people's names records that look, issue 16: not a change). */
  const auditCount = async () =>
    Number((await testApp.dataSource.query("SELECT count(*) AS n FROM audit_events WHERE action <> 'invitation.contacts-viewed'"))[0].n);

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    process.env.MAIL_ORGANISATION = 'Institut für Beispielforschung';
    testApp = await createTestApp();
    client = consoleClient(testApp);
    staff = await createConsoleStaff(testApp.app);
    anna = await adminWithEmail(testApp, 'Anna Mail', 'anna@example.org');
    await createWave(testApp.app, staff.admin.token, { code: 'post', title: 'Post-Welle', closesAt: '2099-07-27T21:59:00Z' });
    // One request each: the preview offers them in the order they were added (the first is chosen).
    const add = async (invitation: Record<string, string>): Promise<string> =>
      (
        await client
          .http()
          .post('/api/waves/post/invitations')
          .auth(staff.admin.token, { type: 'bearer' })
          .send({ invitations: [invitation] })
          .expect(201)
      ).body.invitations[0].id as string;
    await add({ label: 'ohne Adresse' });
    erikaId = await add({ email: 'erika@zentrum.example', name: 'Erika <b>Beispiel</b>', salutation: 'Sehr geehrte Frau Dr. Beispiel' });
    maxId = await add({ email: 'max@muster.example', name: 'Max Muster' });
  });

  afterAll(async () => {
    await testApp.close();
    await relay.close();
    delete process.env.SMTP_URL;
    delete process.env.MAIL_FROM;
    delete process.env.MAIL_ORGANISATION;
  });

  describe('reading', () => {
    it('shows the default text in the form, the placeholders in German, what is added, and the way back', async () => {
      const page = await client.get(`${PAGE}/einladung`, staff.admin).expect(200);
      expect(page.text).toContain('<h1>Vorlage: Einladung</h1>');
      expect(page.text).toContain('Diese Welle verwendet den Standardtext für die Einladung.');
      expect(page.text).toContain(`value="${escaped(DEFAULT_TEMPLATES.invitation.subject)}"`);
      expect(page.text).toContain(`>${escaped(DEFAULT_TEMPLATES.invitation.body)}</textarea>`);
      expect(page.text).toContain('<a href="/admin/wellen/post/e-mails">← Zurück zu E-Mails</a>');
      for (const text of [
        'Anrede der Person, z. B. „Sehr geehrte Frau Dr. Beispiel“ – ohne hinterlegte Anrede „Guten Tag“.',
        'Persönlicher Link zum Fragebogen',
        'Ende der Welle, z. B. „27.07.2025, 23:59 Uhr“',
        'Abmelde-Link',
        'List-Unsubscribe',
        'Institut für Beispielforschung',
        'als reiner Text und zusätzlich als einfache HTML-Fassung',
        `Mailserver: <code>127.0.0.1:${relay.port}</code>`,
      ]) {
        expect(page.text).toContain(text);
      }
      expect(page.text.match(/<span class="tag">Pflicht<\/span>/g)).toHaveLength(2);
      // The preview's choice: the invitations with an address, by name, first one chosen; the one without is left out.
      expect(page.text).toContain(`<option value="${erikaId}" selected>Erika &lt;b&gt;Beispiel&lt;/b&gt; – erika@zentrum.example</option>`);
      expect(page.text).toContain(`<option value="${maxId}">Max Muster – max@muster.example</option>`);
      expect(page.text.match(/<option /g)).toHaveLength(2);
      for (const button of ['Vorschau', 'Test-E-Mail an mich senden', 'Speichern']) expect(page.text).toContain(`>${button}</button>`);
      // Nothing to reset while it is the default.
      expect(page.text).not.toContain('Standardtext wiederherstellen');
    });

    it('maps erinnerung to the reminder; an unknown template or wave is the German 404 page', async () => {
      const reminder = await client.get(`${PAGE}/erinnerung`, staff.admin).expect(200);
      expect(reminder.text).toContain('<h1>Vorlage: Erinnerung</h1>');
      expect(reminder.text).toContain(`value="${escaped(DEFAULT_TEMPLATES.reminder.subject)}"`);
      for (const path of [`${PAGE}/invitation`, `${PAGE}/newsletter`, '/admin/wellen/gibt-es-nicht/e-mails/vorlagen/einladung']) {
        const missing = await client.get(path, staff.admin).expect(404);
        expect(missing.text).toContain('Nicht gefunden');
      }
      expect((await client.get(`${PAGE}/newsletter`, staff.admin)).text).toContain(
        'Diese Art von E-Mail gibt es nicht (nur Einladung und Erinnerung).',
      );
      await client.post(`${PAGE}/newsletter`, staff.admin, VALID).expect(404);
    });
  });

  describe('saving', () => {
    it('stores a valid text (line breaks as LF) and shows it as the wave’s own with the time of the change', async () => {
      const saved = await client.post(`${PAGE}/einladung`, staff.admin, VALID).expect(303);
      expect(saved.headers.location).toBe(`${PAGE}/einladung`);
      const stored = await apiTemplate('invitation');
      expect(stored).toMatchObject({ subject: VALID.subject, body: VALID.body.replace(/\r\n/g, '\n'), isDefault: false });
      const page = await client.get(`${PAGE}/einladung`, staff.admin).expect(200);
      expect(page.text).toContain('Die Vorlage „Einladung“ ist gespeichert.');
      expect(page.text).toContain(
        `Diese Welle hat einen eigenen Text für die Einladung, zuletzt geändert am ${formatDateTime(stored.updatedAt)}.`,
      );
      expect(formatDateTime(stored.updatedAt)).toMatch(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr$/);
      expect(page.text).toContain(`value="${escaped(VALID.subject)}"`);
      expect(page.text).toContain('Standardtext wiederherstellen');
      // The reminder is untouched.
      expect((await apiTemplate('reminder')).isDefault).toBe(true);
    });

    it.each([
      [
        'an unknown placeholder',
        { subject: 'Hallo {{vorname}}', body: VALID.body },
        'subject',
        'Den Platzhalter {{vorname}} gibt es nicht. Erlaubt sind {{anrede}}, {{name}}, {{link}}, {{frist}} und {{abmelden}}.',
      ],
      [
        'no {{link}}',
        { subject: VALID.subject, body: '{{anrede}},\r\nbitte abmelden: {{abmelden}} <script>' },
        'body',
        'Der Text muss {{link}} enthalten: Ohne den persönlichen Link kann niemand teilnehmen.',
      ],
      ['an empty subject', { subject: '   ', body: VALID.body }, 'subject', 'Bitte geben Sie einen Betreff ein.'],
    ])('refuses %s: 422, the German message at the field, the entered text kept, nothing stored', async (_case, form, field, message) => {
      const before = await apiTemplate('invitation');
      const events = await auditCount();
      const page = await client.post(`${PAGE}/einladung`, staff.admin, form).expect(422);
      expect(page.text).toContain('Bitte korrigieren Sie die markierten Felder. Es wurde nichts gespeichert');
      expect(page.text).toMatch(
        new RegExp(`<div class="field-error" id="${field}-error">\\s*<p>${escaped(message).replace(/[{}.()]/g, '\\$&')}</p>`),
      );
      expect(page.text).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="${field}-hint ${field}-error" aria-invalid="true"`));
      expect(page.text).toContain(`value="${escaped(form.subject.trim())}"`);
      expect(page.text).toContain(`>${escaped(form.body.replace(/\r\n/g, '\n'))}</textarea>`);
      expect(page.text).not.toMatch(/must (not|contain|be)|unknown placeholder|allowed:/);
      expect(await apiTemplate('invitation')).toEqual(before);
      expect(await auditCount()).toBe(events);
    });
  });

  describe('preview', () => {
    const draft = {
      subject: 'Hallo {{name}}',
      body: '{{anrede}},\n\nSie sind {{name}}.\nBitte bis {{frist}}:\n{{link}}\n\nAbmelden: {{abmelden}}',
    };

    it('renders the unsaved text for the chosen invitation: salutation, name (escaped), deadline; example links; nothing stored', async () => {
      const before = await apiTemplate('invitation');
      const page = await client.post(`${PAGE}/einladung/vorschau`, anna, { ...draft, invitationId: erikaId }).expect(200);
      const section = page.text.slice(page.text.indexOf('<section id="vorschau"'));
      expect(section).toContain('<dd>erika@zentrum.example (Erika &lt;b&gt;Beispiel&lt;/b&gt;)</dd>');
      expect(section).toContain('<dd class="mail-subject">Hallo Erika &lt;b&gt;Beispiel&lt;/b&gt;</dd>');
      const text = /<pre class="mail-text">([\s\S]*?)<\/pre>/.exec(section)?.[1] ?? '';
      expect(text).toContain('Sehr geehrte Frau Dr. Beispiel,');
      expect(text).toContain('Sie sind Erika &lt;b&gt;Beispiel&lt;/b&gt;.');
      expect(text).toContain('Bitte bis 27.07.2099, 23:59 Uhr:');
      expect(text).toContain('/survey/BEISPIEL-persoenlicher-Link');
      expect(text).toContain('Diese E-Mail kommt von Institut für Beispielforschung.');
      // The HTML version in a sandboxed frame: the mail's own escaping, escaped once more for the attribute.
      expect(section).toMatch(/<iframe class="mail-html" sandbox srcdoc="&lt;!DOCTYPE html&gt;[^"]*" title="HTML-Fassung der E-Mail">/);
      expect(section).toContain('Sie sind Erika &amp;lt;b&amp;gt;Beispiel&amp;lt;/b&amp;gt;.');
      expect(page.text).not.toContain('<b>Beispiel');
      // The form keeps the draft and the chosen invitation.
      expect(page.text).toContain(`value="${escaped(draft.subject)}"`);
      expect(page.text).toContain(`<option value="${erikaId}" selected>`);
      expect(await apiTemplate('invitation')).toEqual(before);
    });

    it('takes another invitation when chosen (no salutation: "Guten Tag") and the first without a choice', async () => {
      const max = await client.post(`${PAGE}/einladung/vorschau`, anna, { ...draft, invitationId: maxId }).expect(200);
      expect(max.text).toContain('<dd>max@muster.example (Max Muster)</dd>');
      expect(max.text).toMatch(/<pre class="mail-text">Guten Tag,\n\nSie sind Max Muster\./);
      expect(max.text).toContain(`<option value="${maxId}" selected>`);
      const first = await client.post(`${PAGE}/einladung/vorschau`, anna, draft).expect(200);
      expect(first.text).toContain('<dd>erika@zentrum.example (Erika &lt;b&gt;Beispiel&lt;/b&gt;)</dd>');
    });

    it('answers an invalid draft or an invitation of another kind with 422 and German messages at the fields', async () => {
      const invalid = await client.post(`${PAGE}/einladung/vorschau`, anna, { subject: 'x', body: '{{link}}' }).expect(422);
      expect(invalid.text).toContain('Der Text muss {{abmelden}} enthalten');
      expect(invalid.text).not.toContain('<section id="vorschau"');
      const stranger = await client
        .post(`${PAGE}/einladung/vorschau`, anna, { ...draft, invitationId: '00000000-0000-4000-8000-000000000000' })
        .expect(422);
      expect(stranger.text).toContain('Für diese Einladung gibt es keine Vorschau');
      expect(stranger.text).toMatch(/id="invitationId"[^>]*aria-invalid="true"/);
    });
  });

  describe('test mail', () => {
    it('sends the unsaved text to the signed-in admin’s own address; the relay receives it', async () => {
      const before = relay.received.length;
      const page = await client
        .post(`${PAGE}/erinnerung/test-email`, anna, { subject: 'Nur ein Test {{name}}', body: VALID.body })
        .expect(200);
      expect(page.text).toContain('Die Test-E-Mail an anna@example.org wurde vom Mailserver angenommen.');
      expect(page.text).toContain(`value="Nur ein Test {{name}}"`);
      await relay.waitForMails(before + 1);
      const [mail] = relay.mailsTo('anna@example.org');
      expect(mail.parsed.subject).toBe('[Test] Nur ein Test Dr. Erika Beispiel');
      expect(mail.parsed.text).toContain('BEISPIEL-persoenlicher-Link');
      expect(relay.received).toHaveLength(before + 1);
      // Nothing stored.
      expect((await apiTemplate('reminder')).isDefault).toBe(true);
    });

    it('shows the relay’s refusal verbatim', async () => {
      relay.answerNext({ code: 550, message: '5.1.1 Mailbox nicht vorhanden' });
      const page = await client.post(`${PAGE}/erinnerung/test-email`, anna, VALID).expect(200);
      expect(page.text).toContain('Die Test-E-Mail an anna@example.org wurde nicht versandt');
      expect(page.text).toMatch(/<code class="relay-reply">550 5\.1\.1 Mailbox nicht vorhanden<\/code>/);
    });

    it('says plainly that an account without an e-mail address gets no test mail (422), nothing sent', async () => {
      const attempts = relay.attempts;
      const page = await client.post(`${PAGE}/erinnerung/test-email`, staff.admin, VALID).expect(422);
      expect(page.text).toContain('Ihr Zugang hat keine E-Mail-Adresse');
      expect(relay.attempts).toBe(attempts);
    });
  });

  describe('back to the default', () => {
    it('asks first, saying what will be lost; then removes the wave’s own text', async () => {
      await client.post(`${PAGE}/einladung`, staff.admin, VALID).expect(303);
      const confirm = await client.get(`${PAGE}/einladung/standardtext`, staff.admin).expect(200);
      expect(confirm.text).toContain('<h1>Standardtext der Einladung wiederherstellen?</h1>');
      expect(confirm.text).toContain('wird gelöscht');
      expect(confirm.text).toContain(escaped(VALID.subject));
      expect(confirm.text).toContain('>Ja, Standardtext wiederherstellen</button>');
      expect((await apiTemplate('invitation')).isDefault).toBe(false);
      const done = await client.post(`${PAGE}/einladung/standardtext`, staff.admin).expect(303);
      expect(done.headers.location).toBe(`${PAGE}/einladung`);
      expect(await apiTemplate('invitation')).toMatchObject({ ...DEFAULT_TEMPLATES.invitation, isDefault: true });
      const page = await client.get(`${PAGE}/einladung`, staff.admin).expect(200);
      expect(page.text).toContain('Die Vorlage „Einladung“ verwendet wieder den Standardtext.');
      expect(page.text).toContain('Diese Welle verwendet den Standardtext für die Einladung.');
      const again = await client.get(`${PAGE}/einladung/standardtext`, staff.admin).expect(200);
      expect(again.text).toContain('Diese Welle verwendet schon den Standardtext');
      expect(again.text).not.toContain('<form method="post" action="/admin/wellen/post');
    });
  });

  describe('roles and CSRF', () => {
    const posts = (): Array<[string, Record<string, string>]> => [
      [`${PAGE}/einladung`, VALID],
      [`${PAGE}/einladung/vorschau`, { ...VALID, invitationId: erikaId }],
      [`${PAGE}/einladung/test-email`, VALID],
      [`${PAGE}/einladung/standardtext`, {}],
    ];
    const state = async () => ({
      invitation: await apiTemplate('invitation'),
      reminder: await apiTemplate('reminder'),
      events: await auditCount(),
      attempts: relay.attempts,
    });

    beforeAll(async () => {
      await client.post(`${PAGE}/einladung`, staff.admin, { subject: 'Eigener Betreff', body: VALID.body }).expect(303);
    });

    it('lets an analyst read the template, without the form, buttons, contact data or addresses', async () => {
      const page = await client.get(`${PAGE}/einladung`, staff.analyst).expect(200);
      expect(page.text).toContain('<p class="mail-subject">Eigener Betreff</p>');
      expect(page.text).toContain(`<pre class="mail-text">${escaped(VALID.body.replace(/\r\n/g, '\n'))}</pre>`);
      expect(page.text).toContain('Ändern, Vorschau und Test-E-Mail sind der Administration vorbehalten.');
      expect(page.text).not.toMatch(/name="subject"|name="body"|name="invitationId"|formaction|standardtext/);
      expect(page.text).not.toMatch(EMAIL);
      expect(page.text).not.toContain('Erika');
    });

    it('refuses every POST and the reset confirmation to an analyst (403), changing and sending nothing', async () => {
      const before = await state();
      for (const [path, form] of posts()) {
        const refused = await client.post(path, staff.analyst, form).expect(403);
        expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung. Es wurde nichts geändert.');
        expect(refused.text).not.toMatch(EMAIL);
      }
      await client.get(`${PAGE}/einladung/standardtext`, staff.analyst).expect(403);
      expect(await state()).toEqual(before);
    });

    it('refuses every POST without the CSRF token or with another session’s (403), changing and sending nothing', async () => {
      const before = await state();
      for (const [path, form] of posts()) {
        await client.http().post(path).set('Cookie', anna.cookie).type('form').send(form).expect(403);
        await client
          .http()
          .post(path)
          .set('Cookie', anna.cookie)
          .type('form')
          .send({ ...form, _csrf: staff.admin.csrf })
          .expect(403);
      }
      expect(await state()).toEqual(before);
    });
  });
});

describe('console: test mail without a mail server (held)', () => {
  let testApp: TestApp;
  let anna: ConsoleUser;
  let client: ReturnType<typeof consoleClient>;

  beforeAll(async () => {
    delete process.env.SMTP_URL;
    testApp = await createTestApp();
    client = consoleClient(testApp);
    const staff = await createConsoleStaff(testApp.app);
    anna = await adminWithEmail(testApp, 'Anna Mail', 'anna@example.org');
    await createWave(testApp.app, staff.admin.token, { code: 'post' });
  });

  afterAll(() => testApp.close());

  it('says that the mail was kept, not sent, and that no mail server is configured; the .eml file is there', async () => {
    const page = await client.get(`${PAGE}/einladung`, anna).expect(200);
    expect(page.text).toContain('Kein Mailserver eingerichtet (SMTP_URL)');
    // No invitation with an address: the preview shows the sample person.
    expect(page.text).toContain('Die Vorschau zeigt eine Beispielperson');
    const preview = await client.post(`${PAGE}/einladung/vorschau`, anna, VALID).expect(200);
    expect(preview.text).toContain('<dd>Beispielperson (keine Adresse)</dd>');
    expect(preview.text).toContain('Sehr geehrte Frau Dr. Beispiel,');
    const sent = await client.post(`${PAGE}/einladung/test-email`, anna, VALID).expect(200);
    expect(sent.text).toContain(
      'Die Test-E-Mail an anna@example.org wurde nicht versandt, sondern gespeichert (kein Mailserver eingerichtet).',
    );
    expect(readdirSync(testApp.app.get(MailSettings).heldDirectory).filter((name) => name.endsWith('.eml'))).toHaveLength(1);
  });
});
