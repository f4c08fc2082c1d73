import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { ConsoleStaff, createConsoleStaff } from '../support/console';
import { createTestApp, TestApp } from '../support/test-app';

const root = join(__dirname, '..', '..');
const example = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'definition-example.json'), 'utf8'));
const studyNotice = readFileSync(join(root, 'survey-definitions', 'ki-mittelstand', 'privacy.md'), 'utf8');

const NOTICE = [
  '---',
  'sender: Hochschule Beispiel',
  'address: Am Campus 1, 12345 Beispielstadt',
  'contact: Lehrstuhl Befragung',
  'email: befragung@example.org',
  'full-notice: https://example.org/datenschutz',
  '---',
  '# Zweck',
  '',
  'Wir fragen **nur** für die Studie.',
].join('\n');

const NONE = 'Befragte sehen keine Datenschutzhinweise, keinen Absender und keine Ansprechperson';
const PAGE = '/admin/frageboegen/konsole-upload/datenschutz';

describe('staff console: a survey’s privacy notice', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());
  const saveAs = (user: 'admin' | 'analyst', markdown: string, csrf = staff[user].csrf) =>
    http().post(PAGE).set('Cookie', staff[user].cookie).type('form').send({ _csrf: csrf, markdown });
  const stored = async () =>
    (
      await testApp.dataSource.query('SELECT markdown, source, updated_by FROM privacy_notices WHERE survey_id = $1', ['konsole-upload'])
    )[0] as { markdown: string; source: string; updated_by: string } | undefined;
  const audited = () => testApp.dataSource.getRepository(AuditEvent).find({ where: { surveyId: 'konsole-upload' }, order: { id: 'ASC' } });

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await http().put('/api/definitions/konsole-upload/versions/1').auth(staff.admin.token, { type: 'bearer' }).send(example).expect(201);
  });

  afterAll(() => testApp.close());

  it('shows the ki-mittelstand notice rendered, with sender, contact and its file, and no form even for an admin', async () => {
    const page = await http().get('/admin/frageboegen/ki-mittelstand/datenschutz').set('Cookie', staff.admin.cookie).expect(200);
    expect(page.text).toContain('<h1>Datenschutzhinweise: ki-mittelstand</h1>');
    expect(page.text).toContain('<dd>WIK-Consult GmbH, Rhöndorfer Straße 68, 53604 Bad Honnef</dd>');
    expect(page.text).toContain('Projektteam KI im Mittelstand, <a href="mailto:ki-studie@wik.org">ki-studie@wik.org</a>');
    expect(page.text).toContain('aus der Datei <code>ki-mittelstand/privacy.md</code>');
    expect(page.text).toContain('<h3>Wer fragt und wozu</h3>');
    expect(page.text).toContain('<pre class="privacy-source">---\nsender: WIK-Consult GmbH');
    // The source says {{loeschfrist}}; the rendered notice says what CONTACT_RETENTION_DAYS is (90 by default).
    expect(page.text).toContain('Ihr persönlicher Link werden {{loeschfrist}} nach dem');
    expect(page.text).toContain('Ihr persönlicher Link werden 90 Tage nach dem Ende der Befragungswelle gelöscht.');
    expect(page.text).not.toContain('<textarea');
    expect(page.text).not.toContain('entfernen');
    const list = await http().get('/admin/frageboegen').set('Cookie', staff.analyst.cookie).expect(200);
    expect(list.text).toContain('<a href="/admin/frageboegen/ki-mittelstand/datenschutz">Datenschutzhinweise');
  });

  it('refuses a POST for a file’s survey with 409 saying to edit the file, and changes nothing', async () => {
    const page = await http()
      .post('/admin/frageboegen/ki-mittelstand/datenschutz')
      .set('Cookie', staff.admin.cookie)
      .type('form')
      .send({ _csrf: staff.admin.csrf, markdown: NOTICE })
      .expect(409);
    expect(page.text).toContain('stehen in einer Datei (survey-definitions/&lt;Umfrage&gt;/privacy.md) und werden dort geändert');
    const kept = await testApp.dataSource.query(`SELECT markdown FROM privacy_notices WHERE survey_id = 'ki-mittelstand'`);
    expect(kept).toEqual([{ markdown: studyNotice }]);
  });

  it('flags an uploaded survey without a notice plainly, in the list, on the version and on its page', async () => {
    const list = await http().get('/admin/frageboegen').set('Cookie', staff.analyst.cookie).expect(200);
    const section = list.text.slice(list.text.indexOf('id="survey-konsole-upload"'));
    expect(section.split('</section>')[0]).toContain(`<span class="flag">Keine Datenschutzhinweise</span> ${NONE}.`);
    const version = await http().get('/admin/frageboegen/konsole-upload/1').set('Cookie', staff.analyst.cookie).expect(200);
    expect(version.text).toContain(`<span class="flag">fehlen</span> ${NONE}.`);
    const page = await http().get(PAGE).set('Cookie', staff.admin.cookie).expect(200);
    expect(page.text).toContain(NONE);
    expect(page.text).toContain('<h2 id="bearbeiten">Datenschutzhinweise anlegen</h2>');
    expect(page.text).toContain('<code>{{loeschfrist}}</code> steht für die Frist');
    expect(page.text).toContain('(zurzeit „90 Tage“)');
    expect(page.text).toMatch(/<label for="markdown">Text der Datenschutzhinweise<\/label>/);
  });

  it('re-renders the form with 422 and German problems by line at the field, keeping the text, and stores nothing', async () => {
    const broken = NOTICE.replace('email: befragung@example.org', 'email: nein') + '\n\n<script>alert(1)</script>';
    const page = await saveAs('admin', broken).expect(422);
    expect(page.text).toContain('Der Text ist so nicht verwendbar. Es wurde nichts gespeichert.');
    expect(page.text).toContain('<li>Zeile 5: „nein“ ist keine E-Mail-Adresse.</li>');
    expect(page.text).toContain('<li>Zeile 12: HTML ist nicht erlaubt');
    expect(page.text).toContain('aria-describedby="markdown-hint markdown-error" aria-invalid="true"');
    // The entered text is kept, escaped: the script is text in the textarea, never markup.
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(page.text).not.toContain('<script>alert(1)');
    expect(await stored()).toBeUndefined();
    expect(await audited()).toEqual([expect.objectContaining({ action: 'definition.uploaded' })]);
  });

  it('refuses the analyst (403) and a forged form (403), and shows the analyst no form', async () => {
    const analyst = await saveAs('analyst', NOTICE);
    expect(analyst.status).toBe(403);
    const forged = await saveAs('admin', NOTICE, 'falsch');
    expect(forged.status).toBe(403);
    expect(await stored()).toBeUndefined();
    const page = await http().get(PAGE).set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain(NONE);
    expect(page.text).not.toContain('<textarea');
    expect(page.text).not.toContain('<form method="post" action="/admin/frageboegen/konsole-upload');
  });

  it('saves a valid notice (audited without its text), shows it rendered, and lets the admin remove it again', async () => {
    const saved = await saveAs('admin', NOTICE).expect(303);
    expect(saved.headers.location).toBe(PAGE);
    expect(await stored()).toEqual({ markdown: NOTICE, source: 'upload', updated_by: staff.admin.memberId });
    const page = await http().get(PAGE).set('Cookie', staff.admin.cookie).expect(200);
    expect(page.text).toContain('Die Datenschutzhinweise wurden gespeichert.');
    expect(page.text).toContain('<dd>Hochschule Beispiel, Am Campus 1, 12345 Beispielstadt</dd>');
    expect(page.text).toContain('<h3>Zweck</h3>\n<p>Wir fragen <strong>nur</strong> für die Studie.</p>');
    expect(page.text).toContain('<h2 id="bearbeiten">Text ändern</h2>');
    expect(page.text).not.toContain(NONE);
    const analystPage = await http().get(PAGE).set('Cookie', staff.analyst.cookie).expect(200);
    expect(analystPage.text).toContain('<h3>Zweck</h3>');
    expect(analystPage.text).not.toContain('entfernen');

    const events = (await audited()).filter((event) => event.action.startsWith('privacy-notice.'));
    expect(events.map((event) => [event.action, event.actor, event.details])).toEqual([
      ['privacy-notice.saved', 'Anna Admin (admin)', { source: 'upload' }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/Hochschule|befragung@example\.org|Zweck/);
    const trail = await http().get('/admin/protokoll').set('Cookie', staff.admin.cookie).expect(200);
    expect(trail.text).toContain('Datenschutzhinweise gespeichert');

    await http().post(`${PAGE}/entfernen`).set('Cookie', staff.analyst.cookie).type('form').send({ _csrf: staff.analyst.csrf }).expect(403);
    await http().post(`${PAGE}/entfernen`).set('Cookie', staff.admin.cookie).type('form').send({ _csrf: 'falsch' }).expect(403);
    expect(await stored()).toBeDefined();
    await http().post(`${PAGE}/entfernen`).set('Cookie', staff.admin.cookie).type('form').send({ _csrf: staff.admin.csrf }).expect(303);
    expect(await stored()).toBeUndefined();
    const after = await http().get(PAGE).set('Cookie', staff.admin.cookie).expect(200);
    expect(after.text).toContain('Die Datenschutzhinweise wurden entfernt.');
    expect((await audited()).map((event) => event.action)).toEqual([
      'definition.uploaded',
      'privacy-notice.saved',
      'privacy-notice.deleted',
    ]);
  });
});
