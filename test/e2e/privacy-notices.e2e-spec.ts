import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { DefinitionsService } from '../../src/definitions/definitions.service';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const root = join(__dirname, '..', '..');
const studyNotice = readFileSync(join(root, 'survey-definitions', 'ki-mittelstand', 'privacy.md'), 'utf8');
const example = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'definition-example.json'), 'utf8'));

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
  'Wir fragen **nur** für die Studie. Fragen an [befragung@example.org](mailto:befragung@example.org).',
  '',
  'Kontaktdaten löschen wir {{loeschfrist}} nach dem Ende der Befragung.',
].join('\n');

describe('privacy notices (API)', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const events = (surveyId: string) => testApp.dataSource.getRepository(AuditEvent).find({ where: { surveyId }, order: { id: 'ASC' } });
  const noticeEvents = async (surveyId: string) => (await events(surveyId)).filter((event) => event.action.startsWith('privacy-notice.'));

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await http().put('/api/definitions/pn-upload/versions/1').auth(staff.admin, { type: 'bearer' }).send(example).expect(201);
    await createWave(testApp.app, staff.admin, { code: 'pn-study' });
    await createWave(testApp.app, staff.admin, { code: 'pn-uploaded', surveyId: 'pn-upload', version: '1' });
  });

  afterAll(() => testApp.close());

  it('loads the ki-mittelstand notice from its file at start-up and shows it to staff', async () => {
    const response = await http().get('/api/surveys/ki-mittelstand/privacy-notice').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(response.body).toEqual({
      surveyId: 'ki-mittelstand',
      markdown: studyNotice,
      source: 'file',
      updatedAt: expect.any(String),
      sender: { organisation: 'WIK-Consult GmbH', address: 'Rhöndorfer Straße 68, 53604 Bad Honnef' },
      contact: { name: 'Projektteam KI im Mittelstand', email: 'ki-studie@wik.org' },
      fullNoticeUrl: 'https://www.wik.org/datenschutz',
      html: expect.stringContaining('<h3>Wer fragt und wozu</h3>'),
    });
    expect(response.body.html).toContain('<a href="mailto:ki-studie@wik.org">ki-studie@wik.org</a>');
    expect(response.body.html).toContain('persönlicher Link werden 90 Tage nach dem Ende der Befragungswelle gelöscht');
    expect(response.body.html).not.toContain('{{');
    expect((await noticeEvents('ki-mittelstand')).map((event) => [event.action, event.actor, event.details])).toEqual([
      ['privacy-notice.loaded', 'system', { source: 'file', result: 'created' }],
    ]);
  });

  it('says in the wave API whether respondents will see a notice', async () => {
    const [study, uploaded] = await Promise.all(
      ['pn-study', 'pn-uploaded'].map((code) => http().get(`/api/waves/${code}`).auth(staff.analyst, { type: 'bearer' }).expect(200)),
    );
    expect(study.body.privacyNotice).toBe(true);
    expect(uploaded.body.privacyNotice).toBe(false);
  });

  it('answers 404 for a survey without a notice, and hands respondents none', async () => {
    const response = await http().get('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(404);
    expect(response.body.code).toBe('PRIVACY_NOTICE_NOT_FOUND');
    const [token] = await invite(testApp.app, staff.admin, 'pn-uploaded', 1);
    const view = await http().get(`/api/respond/${token}`).expect(200);
    expect(view.body.privacyNotice).toBeNull();
  });

  it('refuses to change a notice that comes from a file (409, pointing to the file) and changes nothing', async () => {
    const put = await http()
      .put('/api/surveys/ki-mittelstand/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: NOTICE })
      .expect(409);
    expect(put.body.code).toBe('PRIVACY_NOTICE_FROM_FILE');
    expect(put.body.message).toContain('ki-mittelstand/privacy.md');
    // Also with a text that has problems: the 409 comes first (there is nothing to fix here).
    const broken = await http()
      .put('/api/surveys/ki-mittelstand/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: 'x' });
    expect([broken.status, broken.body.code]).toEqual([409, 'PRIVACY_NOTICE_FROM_FILE']);
    const removed = await http().delete('/api/surveys/ki-mittelstand/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(409);
    expect(removed.body.code).toBe('PRIVACY_NOTICE_FROM_FILE');
    const after = await http().get('/api/surveys/ki-mittelstand/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(after.body.markdown).toBe(studyNotice);
    expect(await noticeEvents('ki-mittelstand')).toHaveLength(1);
  });

  it('refuses an invalid notice with 422 listing every problem with its line, and stores nothing', async () => {
    const broken = NOTICE.replace('email: befragung@example.org', 'email: keine-adresse')
      .replace('https://example.org/datenschutz', 'http://example.org')
      .concat('\n\n<script>alert(1)</script>\n\n[klick](javascript:alert(1))\n\nFrist: {{frist}}.');
    const response = await http()
      .put('/api/surveys/pn-upload/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: broken })
      .expect(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      code: 'PRIVACY_NOTICE_INVALID',
      message: expect.stringContaining('5 problems'),
    });
    expect(response.body.errors).toEqual([
      { path: 'markdown', line: 5, message: '„keine-adresse“ ist keine E-Mail-Adresse.' },
      { path: 'markdown', line: 6, message: '„http://example.org“ ist keine Adresse, die mit https:// beginnt.' },
      { path: 'markdown', line: 14, message: expect.stringContaining('HTML ist nicht erlaubt') },
      { path: 'markdown', line: 16, message: expect.stringContaining('„javascript:alert(1)“ ist nicht erlaubt') },
      { path: 'markdown', line: 18, message: 'Unbekannter Platzhalter „{{frist}}“; möglich ist: {{loeschfrist}}.' },
    ]);
    await http().get('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(404);
    const notJson = await http().put('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).send({ markdown: 5 });
    expect([notJson.status, notJson.body.code]).toEqual([422, 'VALIDATION_FAILED']);
    const tooLong = await http()
      .put('/api/surveys/pn-upload/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: NOTICE + '\n' + 'x'.repeat(20_000) });
    expect([tooLong.status, tooLong.body.errors[0].message]).toEqual([422, expect.stringContaining('zu lang')]);
    expect(await noticeEvents('pn-upload')).toEqual([]);
  });

  it('refuses an analyst (403) and a survey without definitions (404)', async () => {
    const analyst = await http()
      .put('/api/surveys/pn-upload/privacy-notice')
      .auth(staff.analyst, { type: 'bearer' })
      .send({ markdown: NOTICE });
    expect(analyst.status).toBe(403);
    await http().delete('/api/surveys/pn-upload/privacy-notice').auth(staff.analyst, { type: 'bearer' }).expect(403);
    const unknown = await http()
      .put('/api/surveys/gibt-es-nicht/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: NOTICE });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'DEFINITION_NOT_FOUND']);
    await http().get('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(404);
  });

  it('lets an admin set the notice of an uploaded survey: respondents get it, the wave says so, the audit trail holds no text', async () => {
    const saved = await http()
      .put('/api/surveys/pn-upload/privacy-notice')
      .auth(staff.admin, { type: 'bearer' })
      .send({ markdown: NOTICE })
      .expect(200);
    expect(saved.body).toMatchObject({
      surveyId: 'pn-upload',
      source: 'upload',
      markdown: NOTICE,
      sender: { organisation: 'Hochschule Beispiel', address: 'Am Campus 1, 12345 Beispielstadt' },
      contact: { name: 'Lehrstuhl Befragung', email: 'befragung@example.org' },
      html:
        '<h3>Zweck</h3>\n<p>Wir fragen <strong>nur</strong> für die Studie. Fragen an <a href="mailto:befragung@example.org">befragung@example.org</a>.</p>\n' +
        // {{loeschfrist}}: CONTACT_RETENTION_DAYS (90 by default), for staff and respondents alike.
        '<p>Kontaktdaten löschen wir 90 Tage nach dem Ende der Befragung.</p>',
    });
    const [token] = await invite(testApp.app, staff.admin, 'pn-uploaded', 1);
    const view = await http().get(`/api/respond/${token}`).expect(200);
    expect(view.body.privacyNotice).toEqual({
      sender: saved.body.sender,
      contact: saved.body.contact,
      fullNoticeUrl: 'https://example.org/datenschutz',
      html: saved.body.html,
    });
    const wave = await http().get('/api/waves/pn-uploaded').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(wave.body.privacyNotice).toBe(true);

    // The same text again changes nothing and is not audited twice.
    await http().put('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).send({ markdown: NOTICE }).expect(200);
    const audited = await noticeEvents('pn-upload');
    expect(audited.map((event) => [event.action, event.actor, event.details])).toEqual([
      ['privacy-notice.saved', 'Test Admin (admin)', { source: 'upload' }],
    ]);
    const stored = JSON.stringify(audited);
    for (const text of ['Hochschule', 'befragung@example.org', 'Lehrstuhl', 'Zweck']) expect(stored).not.toContain(text);
  });

  it('lets an admin remove the notice of an uploaded survey (204), audited; respondents then see none', async () => {
    await http().delete('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(204);
    await http().get('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(404);
    const again = await http().delete('/api/surveys/pn-upload/privacy-notice').auth(staff.admin, { type: 'bearer' }).expect(404);
    expect(again.body.code).toBe('PRIVACY_NOTICE_NOT_FOUND');
    const [token] = await invite(testApp.app, staff.admin, 'pn-uploaded', 1);
    expect((await http().get(`/api/respond/${token}`).expect(200)).body.privacyNotice).toBeNull();
    expect((await noticeEvents('pn-upload')).map((event) => event.action)).toEqual(['privacy-notice.saved', 'privacy-notice.deleted']);
  });

  describe('the definitions folder', () => {
    let dir: string;
    const sync = (folder = dir) => testApp.app.get(DefinitionsService).sync(folder);
    const notice = () => http().get('/api/surveys/ki-mittelstand/privacy-notice').auth(staff.admin, { type: 'bearer' });

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'privacy-notices-'));
      cpSync(join(root, 'survey-definitions'), dir, { recursive: true });
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    afterAll(() => sync(join(root, 'survey-definitions')));

    it('refuses a broken privacy.md like a broken definition file: file and line named, nothing stored', async () => {
      const file = join(dir, 'ki-mittelstand', 'privacy.md');
      writeFileSync(
        file,
        studyNotice.replace('email: ki-studie@wik.org', 'email: nein').replace('# Rechtsgrundlage', '<h1>Rechtsgrundlage</h1>'),
      );
      await expect(sync()).rejects.toThrow(
        new RegExp(
          `${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: Zeile 5: „nein“ ist keine E-Mail-Adresse[\\s\\S]*privacy.md: Zeile 14: HTML ist nicht erlaubt`,
        ),
      );
      expect((await notice().expect(200)).body.markdown).toBe(studyNotice);
    });

    it('takes a changed file, and removes the notice when the file is gone', async () => {
      const file = join(dir, 'ki-mittelstand', 'privacy.md');
      writeFileSync(file, studyNotice.replace('Projektteam KI im Mittelstand', 'Studienteam KI'));
      await sync();
      expect((await notice().expect(200)).body.contact.name).toBe('Studienteam KI');
      rmSync(file);
      await sync();
      await notice().expect(404);
      expect((await noticeEvents('ki-mittelstand')).map((event) => [event.action, event.details])).toEqual([
        ['privacy-notice.loaded', { source: 'file', result: 'created' }],
        ['privacy-notice.loaded', { source: 'file', result: 'replaced' }],
        ['privacy-notice.deleted', { source: 'file' }],
      ]);
    });
  });
});

describe('privacy notices: {{loeschfrist}} says what CONTACT_RETENTION_DAYS is', () => {
  let testApp: TestApp;
  const before = process.env.CONTACT_RETENTION_DAYS;

  beforeAll(async () => {
    process.env.CONTACT_RETENTION_DAYS = '14';
    testApp = await createTestApp();
  });

  afterAll(async () => {
    await testApp.close();
    if (before === undefined) delete process.env.CONTACT_RETENTION_DAYS;
    else process.env.CONTACT_RETENTION_DAYS = before;
  });

  it('shows staff and respondents 14 days, and the wave deletes its contacts 14 days after the close', async () => {
    const staff = await createStaff(testApp.app);
    const http = () => request(testApp.app.getHttpServer());
    const notice = await http().get('/api/surveys/ki-mittelstand/privacy-notice').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(notice.body.markdown).toContain('werden {{loeschfrist}} nach dem');
    expect(notice.body.html).toContain('Ihr persönlicher Link werden 14 Tage nach dem Ende der Befragungswelle gelöscht.');
    await createWave(testApp.app, staff.admin, { code: 'pn-frist', version: '2023' });
    const [token] = await invite(testApp.app, staff.admin, 'pn-frist', 1);
    const view = await http().get(`/api/respond/${token}`).expect(200);
    expect(view.body.privacyNotice.html).toBe(notice.body.html);
    const wave = await http().get('/api/waves/pn-frist').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(wave.body.contacts).toMatchObject({ retentionDays: 14 });
  });
});
