import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { formatDateTime } from '../../src/common/german-time';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { ANSWER_CELLS } from '../support/answer-cells';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;
const DAY = 24 * 60 * 60 * 1000;

interface Person {
  email: string;
  name: string;
  id: string;
  token: string;
}

/** Issue 16 in the console: access requests, erasures (one person, one imported response), forgetting a wave's contacts, the audit CSV. */
describe('staff console: data protection', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let anna: Person;
  let bernd: Person;
  let clara: Person;
  let importId: string;
  const http = () => request(testApp.app.getHttpServer());
  const api = (test: request.Test) => test.auth(staff.admin.token, { type: 'bearer' });
  const get = (path: string, user: ConsoleUser = staff.admin) => http().get(path).set('Cookie', user.cookie);
  const post = (path: string, form: Record<string, string> = {}, user: ConsoleUser = staff.admin, csrf = true) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      .send({ ...(csrf ? { _csrf: user.csrf } : {}), ...form });
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  /** Everything an erasure or forgetting could change. */
  const snapshot = () =>
    query(
      `SELECT (SELECT json_agg(i ORDER BY id) FROM (SELECT id, status, token_hash, label FROM invitations) i) AS invitations,
              (SELECT count(*) FROM invitation_contacts) AS contacts,
              (SELECT count(*) FROM responses) AS responses,
              (SELECT count(*) FROM ${ANSWER_CELLS} a) AS answers,
              (SELECT count(*) FROM mail_outbox) AS mails,
              (SELECT json_agg(w ORDER BY code) FROM (SELECT code, contacts_erased_at FROM waves) w) AS waves,
              (SELECT count(*) FROM audit_events WHERE action NOT IN ('staff.signed-in', 'invitation.contacts-viewed')) AS events`,
    );
  const auditOf = (action: string) =>
    query<{ actor: string; details: Record<string, unknown> }>('SELECT actor, details FROM audit_events WHERE action = $1 ORDER BY id', [
      action,
    ]);
  const flashAfter = async (response: request.Response): Promise<string> => {
    expect(response.status).toBe(303);
    return (await get(response.headers.location)).text;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    // An open wave: Anna completed, Bernd started, Clara never answered; each was mailed an invitation (held: no relay).
    await createWave(testApp.app, staff.admin.token, { code: 'dp-offen' });
    const people = [
      { email: 'anna.dp@example.org', name: 'Anna Antrag' },
      { email: 'bernd.dp@example.org', name: 'Bernd Begonnen' },
      { email: 'clara.dp@example.org', name: 'Clara Contact' },
    ];
    const created = await api(http().post('/api/waves/dp-offen/invitations')).send({ invitations: people }).expect(201);
    [anna, bernd, clara] = people.map((one, index) => ({
      ...one,
      id: created.body.invitations[index].id as string,
      token: created.body.invitations[index].token as string,
    }));
    await api(http().post('/api/waves/dp-offen/mailings'))
      .send({ kind: 'invitation', invitationIds: [anna.id, bernd.id, clara.id] })
      .expect(202);
    await testApp.app.get(OutboxWorker).drain();
    await http().put(`/api/respond/${anna.token}`).send({ answers: FULL_ANSWERS_2023, complete: true }).expect(200);
    await http()
      .put(`/api/respond/${bernd.token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: false })
      .expect(200);
    // A past wave filled from the open wave's raw export, partial responses included.
    const exported = await api(http().get('/api/waves/dp-offen/responses.csv?include=partial')).buffer(true).expect(200);
    await createWave(testApp.app, staff.admin.token, {
      code: 'dp-alt',
      open: false,
      opensAt: '2021-05-01T00:00:00Z',
      closesAt: '2021-07-01T00:00:00Z',
    });
    const committed = await api(http().post('/api/waves/dp-alt/imports'))
      .attach('file', Buffer.from(exported.text, 'utf8'), 'frueher.csv')
      .expect(201);
    importId = committed.body.importId as string;
    // A closed wave with one contact, for "Kontaktdaten jetzt löschen".
    await createWave(testApp.app, staff.admin.token, { code: 'dp-zu' });
    await api(http().post('/api/waves/dp-zu/invitations'))
      .send({ invitations: [{ email: 'dora.dp@example.org', name: 'Dora Done' }] })
      .expect(201);
    await api(http().post('/api/waves/dp-zu/close')).expect(200);
  }, 120_000);

  afterAll(() => testApp.close());

  describe('Einladungen: access request and erasure of one person', () => {
    it('shows admins "Auskunft" and "Löschen …" per invitation; analysts see neither, no e-mail address and no token', async () => {
      const page = await get('/admin/wellen/dp-offen/einladungen').expect(200);
      expect(page.text).toContain(`href="/admin/wellen/dp-offen/einladungen/${anna.id}/auskunft" download>Auskunft`);
      expect(page.text).toContain(`href="/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen">Löschen …`);
      const analyst = await get('/admin/wellen/dp-offen/einladungen', staff.analyst).expect(200);
      expect(analyst.text).not.toContain('/auskunft');
      expect(analyst.text).not.toContain('/loeschen');
      expect(analyst.text).not.toMatch(EMAIL);
      for (const one of [anna, bernd, clara]) expect(analyst.text).not.toContain(one.token);
    });

    it('downloads everything stored about an invitation as JSON and records the access; analysts get 403 and no record', async () => {
      const before = (await auditOf('invitation.data-exported')).length;
      const refused = await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/auskunft`, staff.analyst).expect(403);
      expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung');
      expect(await auditOf('invitation.data-exported')).toHaveLength(before);

      const file = await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/auskunft`).buffer(true).expect(200);
      expect(file.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(file.headers['content-disposition']).toBe(`attachment; filename="auskunft-dp-offen-${anna.id}.json"`);
      expect(file.headers['cache-control']).toBe('no-store');
      const data = JSON.parse(file.text) as Record<string, unknown>;
      expect(Object.keys(data)).toEqual(expect.arrayContaining(['auditEvents', 'contact', 'invitation', 'mails', 'optOut', 'responses']));
      expect(JSON.stringify(data.contact)).toContain(anna.email);
      expect(JSON.stringify(data.contact)).toContain(anna.name);
      expect(data.responses).toHaveLength(1);
      expect(JSON.stringify(data.responses)).toContain('ki_trainer');
      expect((data.mails as unknown[]).length).toBeGreaterThan(0);
      const records = await auditOf('invitation.data-exported');
      expect(records).toHaveLength(before + 1);
      expect(records[records.length - 1]).toEqual({ actor: 'Anna Admin (admin)', details: { invitationId: anna.id } });
    });

    it('confirms an erasure by saying plainly what goes, what stays and that it cannot be undone', async () => {
      const page = await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`).expect(200);
      expect(page.text).toContain('<h1>Daten dieser Person löschen?</h1>');
      expect(page.text).toContain('Anna Antrag');
      expect(page.text).toContain('Die <strong>Kontaktdaten</strong>: E-Mail-Adresse, Name, Anrede und Organisation.');
      expect(page.text).toContain('Die <strong>abgeschlossene Antwort</strong> mit allen ihren Einzelantworten.');
      expect(page.text).toContain('<strong>1 E-Mail</strong> an diese Person');
      expect(page.text).toContain('Ergebnisse, Trends, Abbildungen und Exporte zählen diese Antwort nicht mehr.');
      expect(page.text).toContain('Im Protokoll bleibt festgehalten, wer wann und warum gelöscht hat, aber keine Angaben zur Person');
      expect(page.text).toContain('<strong>Das lässt sich nicht rückgängig machen.</strong>');
      expect(page.text).toMatch(
        /<textarea id="reason" name="reason" rows="3" maxlength="500" required aria-describedby="reason-hint"><\/textarea>/,
      );
      expect(page.text).toContain('bitte keine Namen, E-Mail-Adressen oder anderen Angaben zur Person');
      const partial = await get(`/admin/wellen/dp-offen/einladungen/${bernd.id}/loeschen`).expect(200);
      expect(partial.text).toContain('Die <strong>begonnene, nicht abgeschlossene Antwort</strong>');
      await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`, staff.analyst).expect(403);
    });

    it('refuses an erasure without a reason, with an e-mail address in it, without CSRF token or by an analyst, and changes nothing', async () => {
      const before = await snapshot();
      const path = `/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`;
      const empty = await post(path, { reason: '   ' }).expect(422);
      expect(empty.text).toContain('<p class="field-error" id="reason-error">Bitte geben Sie den Grund der Löschung an');
      expect(empty.text).toContain('aria-describedby="reason-hint reason-error" aria-invalid="true"');
      const withEmail = await post(path, { reason: 'Antrag von anna.dp@example.org' }).expect(422);
      expect(withEmail.text).toContain('Der Grund enthält eine E-Mail-Adresse.');
      expect(withEmail.text).toContain('>Antrag von anna.dp@example.org</textarea>');
      const noCsrf = await post(path, { reason: 'Antrag vom 12.10.2025' }, staff.admin, false).expect(403);
      expect(noCsrf.text).toContain('Es wurde nichts geändert');
      const analyst = await post(path, { reason: 'Antrag vom 12.10.2025' }, staff.analyst).expect(403);
      expect(analyst.text).toContain('Dafür fehlt Ihnen die Berechtigung');
      expect(await snapshot()).toEqual(before);
    });

    it('erases the person: German message, the row says "gelöscht (auf Antrag)" without actions, the reason is in the trail, a second try is a 409 page', async () => {
      const resultsBefore = (await api(http().get('/api/waves/dp-offen/results')).expect(200)).body.completed as number;
      const done = await post(`/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`, { reason: 'Löschantrag per Brief vom 12.10.2025' });
      expect(done.headers.location).toBe('/admin/wellen/dp-offen/einladungen');
      const list = await flashAfter(done);
      expect(list).toMatch(/Gelöscht: die Kontaktdaten, die abgeschlossene Antwort \(\d+ Einzelantworten\) und 1 E-Mail\./);
      expect(list).not.toContain('Anna Antrag');
      expect(list).not.toContain(anna.email);
      expect(list).toContain('gelöscht (auf Antrag)');
      expect(list).not.toContain(`${anna.id}/loeschen`);
      expect(list).not.toContain(`${anna.id}/auskunft`);
      expect(list).not.toContain(`${anna.id}/neuer-link`);
      expect(list).toContain(`${bernd.id}/loeschen`);
      expect((await api(http().get('/api/waves/dp-offen/results')).expect(200)).body.completed).toBe(resultsBefore - 1);

      const trail = await get('/admin/protokoll?aktion=invitation.erased').expect(200);
      expect(trail.text).toContain('Person auf Antrag gelöscht');
      expect(trail.text).toContain(
        `Einladung ${anna.id.slice(0, 8)}, Grund „Löschantrag per Brief vom 12.10.2025“; gelöscht: Kontaktdaten`,
      );
      expect(trail.text).not.toContain(anna.email);

      const again = await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`).expect(409);
      expect(again.text).toContain('Die Daten dieser Einladung wurden schon gelöscht.');
      await post(`/admin/wellen/dp-offen/einladungen/${anna.id}/loeschen`, { reason: 'Nochmal' }).expect(409);
      await get(`/admin/wellen/dp-offen/einladungen/${anna.id}/sperren`).expect(409);
    });
  });

  describe('Import: erasing one imported response', () => {
    const path = () => `/admin/wellen/dp-alt/import/${importId}/antwort-loeschen`;

    it('offers admins the form on a committed import, saying what happens; analysts see no link and get 403', async () => {
      const list = await get('/admin/wellen/dp-alt/import').expect(200);
      expect(list.text).toContain(`href="${path()}">Importierte Antwort löschen …`);
      const analystList = await get('/admin/wellen/dp-alt/import', staff.analyst).expect(200);
      expect(analystList.text).not.toContain('antwort-loeschen');
      const form = await get(path()).expect(200);
      expect(form.text).toContain('<h1>Importierte Antwort löschen</h1>');
      expect(form.text).toContain('frueher.csv');
      expect(form.text).toContain('Kennung der Antwort in der Datei (Pflichtfeld)');
      expect(form.text).toContain('<strong>Das lässt sich nicht rückgängig machen.</strong>');
      await get(path(), staff.analyst).expect(403);
    });

    it('says at the field when the import holds no such id, and refuses without CSRF token or by an analyst; nothing changes', async () => {
      const before = await snapshot();
      const unknown = await post(path(), { externalId: 'gibt-es-nicht', reason: 'Antrag per E-Mail' }).expect(422);
      expect(unknown.text).toContain(
        '<p class="field-error" id="externalId-error">Dieser Import enthält keine Antwort mit der Kennung „gibt-es-nicht“',
      );
      expect(unknown.text).toContain('value="gibt-es-nicht" aria-describedby="externalId-hint externalId-error" aria-invalid="true"');
      expect(unknown.text).toContain('>Antrag per E-Mail</textarea>');
      const missing = await post(path(), { externalId: '', reason: '' }).expect(422);
      expect(missing.text).toContain('Bitte geben Sie die Kennung der Antwort an.');
      expect(missing.text).toContain('Bitte geben Sie den Grund der Löschung an');
      const [{ external_id: externalId }] = await query<{ external_id: string }>(
        'SELECT external_id FROM responses WHERE import_id = $1 ORDER BY external_id LIMIT 1',
        [importId],
      );
      await post(path(), { externalId, reason: 'Antrag' }, staff.admin, false).expect(403);
      await post(path(), { externalId, reason: 'Antrag' }, staff.analyst).expect(403);
      expect(await snapshot()).toEqual(before);
    });

    it('erases it by its external id: German message, one response fewer, the audit holds the reason but not the id', async () => {
      const responses = await query<{ external_id: string }>('SELECT external_id FROM responses WHERE import_id = $1', [importId]);
      const externalId = responses[0].external_id;
      const done = await post(path(), { externalId, reason: 'Antrag per Telefon, Vorgang 9' });
      expect(done.headers.location).toBe('/admin/wellen/dp-alt/import');
      expect(await flashAfter(done)).toMatch(/Gelöscht: die (abgeschlossene|begonnene) Antwort \(\d+ Einzelantworten?\)\./);
      expect(await query('SELECT 1 FROM responses WHERE import_id = $1', [importId])).toHaveLength(responses.length - 1);
      const [event] = await auditOf('response.erased');
      expect(event.details.reason).toBe('Antrag per Telefon, Vorgang 9');
      expect(JSON.stringify(event.details)).not.toContain(externalId);
      await post(path(), { externalId, reason: 'Nochmal' }).expect(422);
    });
  });

  describe('Welle: the Datenschutz block and forgetting contacts', () => {
    it('tells on an open wave that contacts go N days after closing, and warns when the survey has no privacy notice', async () => {
      const { body: wave } = await api(http().get('/api/waves/dp-offen')).expect(200);
      const page = await get('/admin/wellen/dp-offen').expect(200);
      expect(page.text).toContain('<h2 id="datenschutz-heading">Datenschutz</h2>');
      expect(page.text).toContain(`werden ${wave.contacts.retentionDays} Tage nach dem Schließen der Welle automatisch gelöscht`);
      expect(page.text).not.toContain('kontaktdaten-loeschen');
      await query(`DELETE FROM privacy_notices WHERE survey_id = 'ki-mittelstand'`);
      const without = await get('/admin/wellen/dp-offen').expect(200);
      expect(without.text).toContain('Befragte sehen deshalb keinen Datenschutzhinweis, keinen Absender und keine Ansprechperson.');
      await query(`INSERT INTO privacy_notices (survey_id, markdown, source) VALUES ('ki-mittelstand', '# Datenschutz', 'upload')`);
      const withNotice = await get('/admin/wellen/dp-offen').expect(200);
      expect(withNotice.text).not.toContain('id="privacy-warning"');
    });

    it('shows on a closed wave the date the contacts go, in Berlin time, with "Kontaktdaten jetzt löschen" for admins only', async () => {
      const { body: wave } = await api(http().get('/api/waves/dp-zu')).expect(200);
      expect(new Date(wave.contacts.eraseAt as string).getTime()).toBe(
        new Date(wave.closedAt as string).getTime() + wave.contacts.retentionDays * DAY,
      );
      const page = await get('/admin/wellen/dp-zu').expect(200);
      expect(page.text).toContain(`werden am <strong>${formatDateTime(wave.contacts.eraseAt as string)}</strong> automatisch gelöscht`);
      expect(page.text).toContain('href="/admin/wellen/dp-zu/kontaktdaten-loeschen">Kontaktdaten jetzt löschen …');
      const analyst = await get('/admin/wellen/dp-zu', staff.analyst).expect(200);
      expect(analyst.text).toContain(formatDateTime(wave.contacts.eraseAt as string));
      expect(analyst.text).not.toContain('kontaktdaten-loeschen');
      expect(analyst.text).not.toMatch(EMAIL);
      const confirm = await get('/admin/wellen/dp-zu/kontaktdaten-loeschen').expect(200);
      expect(confirm.text).toContain('<h1>Kontaktdaten jetzt löschen?</h1>');
      expect(confirm.text).toContain('<strong>Alle Antworten bleiben erhalten</strong>');
      expect(confirm.text).toContain('Auch nach einem Wiederöffnen der Welle funktionieren sie nicht mehr.');
      await get('/admin/wellen/dp-zu/kontaktdaten-loeschen', staff.analyst).expect(403);
      const open = await get('/admin/wellen/dp-offen/kontaktdaten-loeschen').expect(409);
      expect(open.text).toContain('Kontaktdaten können erst gelöscht werden, wenn die Welle geschlossen ist.');
    });

    it('refuses without CSRF token or by an analyst (nothing changed), then forgets them: message, date on the page, reopening warns', async () => {
      const before = await snapshot();
      await post('/admin/wellen/dp-zu/kontaktdaten-loeschen', {}, staff.admin, false).expect(403);
      await post('/admin/wellen/dp-zu/kontaktdaten-loeschen', {}, staff.analyst).expect(403);
      expect(await snapshot()).toEqual(before);

      const done = await post('/admin/wellen/dp-zu/kontaktdaten-loeschen');
      expect(done.headers.location).toBe('/admin/wellen/dp-zu');
      const page = await flashAfter(done);
      expect(page).toContain('Die Kontaktdaten der Welle sind gelöscht: 1 Kontakt, 1 persönlicher Link. Die Antworten sind erhalten.');
      const { body: wave } = await api(http().get('/api/waves/dp-zu')).expect(200);
      expect(page).toContain(`wurden am <strong>${formatDateTime(wave.contacts.erasedAt as string)}</strong> gelöscht`);
      expect(page).not.toContain('href="/admin/wellen/dp-zu/kontaktdaten-loeschen"');
      expect(
        await query(
          `SELECT 1 FROM invitation_contacts c JOIN invitations i ON i.id = c.invitation_id JOIN waves w ON w.id = i.wave_id WHERE w.code = 'dp-zu'`,
        ),
      ).toHaveLength(0);
      const trail = await get('/admin/protokoll?welle=dp-zu&aktion=wave.contacts-erased').expect(200);
      expect(trail.text).toContain('1 Kontakt, 1 Link; vorzeitig von Hand');
      const again = await get('/admin/wellen/dp-zu/kontaktdaten-loeschen').expect(409);
      expect(again.text).toContain('Die Kontaktdaten dieser Welle wurden schon gelöscht.');
      const reopen = await get('/admin/wellen/dp-zu/wieder-oeffnen').expect(200);
      expect(reopen.text).toContain('<strong>Die bisherigen persönlichen Links funktionieren nicht mehr</strong>');
      const list = await get('/admin/wellen/dp-zu/einladungen').expect(200);
      expect(list.text).toContain('Die Kontaktdaten und persönlichen Links dieser Welle wurden am');
    });
  });

  describe('Protokoll: CSV download', () => {
    it('offers the download with the current filters; the file is German Excel and the download is audited; analysts get 403', async () => {
      const page = await get('/admin/protokoll?welle=dp-offen&aktion=invitation.erased').expect(200);
      expect(page.text).toContain('href="/admin/protokoll.csv?welle=dp-offen&amp;aktion=invitation.erased" download>Als CSV herunterladen');
      const before = (await auditOf('audit.exported')).length;
      await get('/admin/protokoll.csv?welle=dp-offen', staff.analyst).expect(403);
      expect(await auditOf('audit.exported')).toHaveLength(before);
      const file = await get('/admin/protokoll.csv?welle=dp-offen&aktion=invitation.erased').buffer(true).expect(200);
      expect(file.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="protokoll-dp-offen-\d{4}-\d{2}-\d{2}\.csv"$/);
      expect(file.text.charCodeAt(0)).toBe(0xfeff);
      const rows: string[][] = parse(file.text, { delimiter: ';', bom: true });
      expect(rows[0][0]).toBe('Zeitpunkt (UTC)');
      expect(rows.slice(1).map((row) => [row[2], row[4], row[5]])).toEqual([
        ['Anna Admin (admin)', 'Person auf Antrag gelöscht', 'dp-offen'],
      ]);
      expect(rows[1][7]).toContain('Löschantrag per Brief vom 12.10.2025');
      expect(file.text).not.toContain(anna.email);
      const events = await auditOf('audit.exported');
      expect(events).toHaveLength(before + 1);
      expect(events[events.length - 1].details).toEqual({ filters: { waveCode: 'dp-offen', action: 'invitation.erased' } });
      await get('/admin/protokoll.csv?seite=x').expect(422);
    });
  });
});
