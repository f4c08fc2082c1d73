import { readdirSync } from 'node:fs';
import request from 'supertest';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { consoleImportDirectory } from '../../src/console/import-upload-body';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { ConsoleStaff, ConsoleUser, createConsoleStaff } from '../support/console';
import { createWave, invite } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

/**
 * The console's wave tab "Import" (issue 15): upload → check (dry run) → commit, undo behind a confirmation, the
 * list of imports. What a staff member sees (German counts, messages, the list) and what the database then holds;
 * every refusal (CSRF, analyst, open wave) stores nothing and leaves no uploaded file behind.
 */
describe('staff console: Import', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let header: string;
  let rowTemplate: string;
  let delimiter: string;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const uploadsDir = () => consoleImportDirectory(process.env.DATA_DIR!);
  const filesInUploads = () => {
    try {
      return readdirSync(uploadsDir()).sort();
    } catch {
      return [];
    }
  };
  const get = (path: string, user: ConsoleUser = staff.admin) => http().get(path).set('Cookie', user.cookie);
  const post = (path: string, form: Record<string, string> = {}, user: ConsoleUser = staff.admin) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      .send({ _csrf: user.csrf, ...form });
  const upload = (
    code: string,
    file: string | Buffer | undefined,
    name: string,
    fields: Record<string, string> = {},
    user: ConsoleUser = staff.admin,
    csrf = user.csrf,
  ) => {
    let call = http().post(`/admin/wellen/${code}/import`).set('Cookie', user.cookie).field('_csrf', csrf);
    for (const [key, value] of Object.entries(fields)) call = call.field(key, value);
    return file === undefined ? call : call.attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'), name);
  };
  const responsesIn = async (code: string) =>
    Number(
      (await query<{ n: string }>('SELECT count(*) AS n FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1', [code]))[0].n,
    );
  const importsOf = async (code: string) =>
    Number(
      (await query<{ n: string }>('SELECT count(*) AS n FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = $1', [code]))[0].n,
    );
  /** A raw export of this service with `count` rows of the same answers (ids r1, r2, …), `;` separated. */
  const ownExport = (count: number, change: (row: string, index: number) => string = (row) => row) =>
    [header, ...Array.from({ length: count }, (_, index) => change(rowTemplate.replace('@ID@', `r${index + 1}`), index))].join('\r\n');
  const pastWave = (code: string) =>
    createWave(testApp.app, staff.admin.token, { code, open: false, opensAt: '2021-05-01T00:00:00Z', closesAt: '2021-07-01T00:00:00Z' });
  /** Uploads a file, follows to its report page; returns the report's address and its HTML. */
  const check = async (code: string, file: string, name: string, fields: Record<string, string> = {}) => {
    const uploaded = await upload(code, file, name, fields).expect(303);
    const location = String(uploaded.headers.location);
    expect(location).toMatch(new RegExp(`^/admin/wellen/${code}/import/[0-9a-f]{32}$`));
    const page = await get(location).expect(200);
    return { location, html: page.text };
  };
  const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await createWave(testApp.app, staff.admin.token, { code: 'online' });
    const [token] = await invite(testApp.app, staff.admin.token, 'online', 1);
    await http().put(`/api/respond/${token}`).send({ answers: FULL_ANSWERS_2023, complete: true }).expect(200);
    const exported = await http()
      .get('/api/waves/online/responses.csv')
      .auth(staff.admin.token, { type: 'bearer' })
      .buffer(true)
      .expect(200);
    const lines = exported.text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    header = lines[0];
    delimiter = header.includes(';') ? ';' : ',';
    const columns = header.split(delimiter);
    const cells = lines[1].split(delimiter);
    cells[columns.indexOf('response_id')] = '@ID@';
    rowTemplate = cells.join(delimiter);
  });

  afterAll(() => testApp.close());

  it('checks a file in a dry run: German counts, the mapping, the errors with line, column and a German sentence; nothing stored', async () => {
    await pastWave('welle-2019');
    const before = filesInUploads();
    const column = header.split(delimiter).indexOf('chancen_werbung');
    const file = ownExport(1200, (row, index) => {
      if (index !== 4) return row;
      const cells = row.split(delimiter);
      cells[column] = '7';
      return cells.join(delimiter);
    });
    const { location, html } = await check('welle-2019', file, 'welle-2019.csv');
    const page = text(html);
    expect(page).toContain('Import prüfen: welle-2019.csv');
    // Zeilen, gültig, fehlerhaft, neu, unverändert, Konflikte
    expect(page).toMatch(/Zeilen 1\.200 gültig 1\.199 fehlerhaft 1 neu 1\.199 unverändert 0 Konflikte 0/);
    expect(page).toContain('Automatisch erkannt: Die Datei ist ein Rohdaten-Export dieses Dienstes.');
    expect(page).toContain('Frage chancen, Zeile werbung');
    expect(page).toMatch(/Zeile Spalte Wert Fehler 6 chancen_werbung 7 Der Wert liegt außerhalb der Skala der Frage\./);
    expect(html).not.toContain('/uebernehmen');
    expect(await responsesIn('welle-2019')).toBe(0);
    expect(await importsOf('welle-2019')).toBe(0);
    // The file waits on the server for the commit: one file and its facts.
    expect(filesInUploads()).toHaveLength(before.length + 2);

    const csv = await get(`${location}/fehler.csv`).buffer(true).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('import-welle-2019-fehler.csv');
    expect(
      csv.text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .slice(0, 2),
    ).toEqual([
      'Zeile;Spalte;Wert;Fehler;Detail (englisch)',
      expect.stringMatching(/^6;chancen_werbung;7;Der Wert liegt außerhalb der Skala der Frage\.;.+/),
    ]);
  });

  it('commits a checked file without a second upload: flash with German counts, the answers stored, the file deleted', async () => {
    await pastWave('welle-2020');
    const { location, html } = await check('welle-2020', ownExport(1200), 'welle-2020.csv');
    expect(text(html)).toMatch(/Zeilen 1\.200 gültig 1\.200 fehlerhaft 0 neu 1\.200 unverändert 0 Konflikte 0/);
    expect(html).toContain(`action="${location}/uebernehmen"`);
    const id = location.split('/').pop()!;
    expect(filesInUploads().some((name) => name.includes(id))).toBe(true);

    const committed = await post(`${location}/uebernehmen`, { mapping: '' }).expect(303);
    expect(committed.headers.location).toBe('/admin/wellen/welle-2020/import');
    expect(await responsesIn('welle-2020')).toBe(1200);
    expect(filesInUploads().some((name) => name.includes(id))).toBe(false);
    const list = await get('/admin/wellen/welle-2020/import').expect(200);
    expect(list.text).toContain('1.200 Antworten importiert, 0 unverändert.');
    const listed = text(list.text);
    expect(listed).toContain('welle-2020.csv');
    expect(listed).toMatch(/Anna Admin \(Administration\) 1\.200 0 0 1\.200 übernommen/);
    expect(listed).toMatch(/\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/);
    // The results count them (the API as an analyst reads it).
    const results = await http().get('/api/waves/welle-2020/results').auth(staff.analyst.token, { type: 'bearer' }).expect(200);
    expect(results.body.completed).toBe(1200);
    // The wave page and the overview name them beside the invitations' counts.
    expect(text((await get('/admin/wellen/welle-2020').expect(200)).text)).toContain(
      'Dazu 1.200 abgeschlossene Antworten aus importierten Dateien (ohne Einladung',
    );
    expect(text((await get('/admin').expect(200)).text)).toContain('+ 1.200 importiert');
    // The uploaded file is gone: its report page says so (404), the commit cannot run twice.
    expect((await get(location).expect(404)).text).toContain('Datei nicht mehr vorhanden');
    await post(`${location}/uebernehmen`, { mapping: '' }).expect(404);
    expect(await responsesIn('welle-2020')).toBe(1200);

    // The same file again: all unchanged, nothing new.
    const again = await check('welle-2020', ownExport(1200), 'welle-2020.csv');
    expect(text(again.html)).toMatch(/Zeilen 1\.200 gültig 1\.200 fehlerhaft 0 neu 0 unverändert 1\.200 Konflikte 0/);
    await post(`${again.location}/uebernehmen`, { mapping: '' }).expect(303);
    expect((await get('/admin/wellen/welle-2020/import').expect(200)).text).toContain(
      'Nichts Neues: alle 1.200 Antworten der Datei gibt es in dieser Welle schon. Es wurde kein Import angelegt.',
    );
    expect(await responsesIn('welle-2020')).toBe(1200);
  });

  it('lists conflicts with a checkbox: refused without it (409, nothing stored), replaced with it', async () => {
    await pastWave('welle-konflikt');
    const first = await check('welle-konflikt', ownExport(3), 'eins.csv');
    await post(`${first.location}/uebernehmen`, { mapping: '' }).expect(303);
    const changed = ownExport(3, (row, index) =>
      index === 1 ? row.replace(/ki_experte|ki_trainer/, (role) => (role === 'ki_experte' ? 'ki_trainer' : 'ki_experte')) : row,
    );
    const second = await check('welle-konflikt', changed, 'zwei.csv');
    const page = text(second.html);
    expect(page).toMatch(/Zeilen 3 gültig 3 fehlerhaft 0 neu 0 unverändert 2 Konflikte 1/);
    expect(page).toContain('Konflikte ersetzen (1)');
    expect(page).toMatch(/Zeile Externe Kennung 3 r2/);
    const before = await query<{ id: string }>(
      "SELECT r.id FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'welle-konflikt' ORDER BY r.id",
    );

    const refused = await post(`${second.location}/uebernehmen`, { mapping: '' }).expect(409);
    expect(refused.text).toContain('Einige Kennungen gibt es in der Welle schon mit anderen Antworten; es wurde nichts übernommen.');
    expect(await importsOf('welle-konflikt')).toBe(1);
    expect(
      await query("SELECT r.id FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'welle-konflikt' ORDER BY r.id"),
    ).toEqual(before);

    await post(`${second.location}/uebernehmen`, { mapping: '', replaceConflicts: 'ja' }).expect(303);
    expect((await get('/admin/wellen/welle-konflikt/import').expect(200)).text).toContain(
      '0 Antworten importiert, 2 unverändert, 1 ersetzt.',
    );
    expect(await importsOf('welle-konflikt')).toBe(2);
    expect(await responsesIn('welle-konflikt')).toBe(3);
    // Its undo says that the replaced answers do not come back.
    const [latest] = await query<{ id: string }>(
      "SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-konflikt' ORDER BY i.created_at DESC LIMIT 1",
    );
    const confirm = text((await get(`/admin/wellen/welle-konflikt/import/${latest.id}/rueckgaengig`).expect(200)).text);
    expect(confirm).toContain('1 Antwort dieses Imports hat beim Import frühere Antworten mit derselben Kennung ersetzt.');
    expect(confirm).toContain('Diese früheren Antworten kommen nicht zurück');
  });

  it('asks for a mapping for a foreign file, checks it with one, and offers it again for the next file', async () => {
    await pastWave('welle-fremd');
    const auto = await http()
      .post('/api/waves/welle-fremd/imports')
      .query({ dryRun: 'true' })
      .auth(staff.admin.token, { type: 'bearer' })
      .attach('file', Buffer.from(ownExport(2)), 'eigen.csv')
      .expect(200);
    const mapping = JSON.stringify({ ...auto.body.mapping, externalId: 'Nummer' });
    const foreign = ownExport(2).replace('response_id', 'Nummer');

    const asked = await upload('welle-fremd', foreign, 'fremd.csv').expect(422);
    expect(asked.text).toContain('Die Datei ist kein Rohdaten-Export dieses Dienstes: Bitte geben Sie eine Zuordnung der Spalten an.');
    const recheck = /action="(\/admin\/wellen\/welle-fremd\/import\/[0-9a-f]{32})\/pruefen"/.exec(asked.text);
    expect(recheck).not.toBeNull();

    const wrong = await post(`${recheck![1]}/pruefen`, { mapping: '{"externalId": "Nummer", "columns": {"x": "gibtsnicht"}}' }).expect(422);
    expect(wrong.text).toContain('Die Zuordnung der Spalten passt nicht zur Datei oder zum Fragebogen.');
    expect(wrong.text).toContain('columns.x');

    const checked = await post(`${recheck![1]}/pruefen`, { mapping }).expect(303);
    const report = text((await get(String(checked.headers.location)).expect(200)).text);
    expect(report).toContain('Die angegebene Zuordnung:');
    expect(report).toMatch(/Nummer Externe Kennung/);
    expect(report).toMatch(/Zeilen 2 gültig 2 fehlerhaft 0 neu 2 unverändert 0 Konflikte 0/);
    await post(`${recheck![1]}/uebernehmen`, { mapping }).expect(303);
    expect(await responsesIn('welle-fremd')).toBe(2);

    // The next file takes the mapping from the select; the textarea and the select at once are refused.
    await pastWave('welle-fremd-2');
    const form = await get('/admin/wellen/welle-fremd-2/import').expect(200);
    const choice = /<option value="(welle-fremd\/[0-9a-f-]{36})">fremd\.csv \(Welle welle-fremd, \d{2}\.\d{2}\.\d{4}\)/.exec(form.text);
    expect(choice).not.toBeNull();
    const both = await upload('welle-fremd-2', foreign, 'fremd.csv', { frueherer: choice![1], mapping }).expect(422);
    expect(both.text).toContain('entweder als JSON ein oder wählen Sie die eines früheren Imports, nicht beides');
    const reused = await check('welle-fremd-2', foreign, 'fremd.csv', { frueherer: choice![1] });
    expect(text(reused.html)).toMatch(/Zeilen 2 gültig 2 fehlerhaft 0 neu 2 unverändert 0 Konflikte 0/);
    expect(text(reused.html)).toContain('Die angegebene Zuordnung:');
  });

  it('undoes an import after a confirmation that says what happens; the list shows when', async () => {
    await pastWave('welle-undo');
    const checked = await check('welle-undo', ownExport(4), 'undo.csv');
    await post(`${checked.location}/uebernehmen`, { mapping: '' }).expect(303);
    const [{ id }] = await query<{ id: string }>("SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-undo'");
    const list = await get('/admin/wellen/welle-undo/import').expect(200);
    expect(list.text).toContain(`href="/admin/wellen/welle-undo/import/${id}/rueckgaengig"`);

    const confirm = await get(`/admin/wellen/welle-undo/import/${id}/rueckgaengig`).expect(200);
    expect(text(confirm.text)).toContain('Die 4 Antworten dieses Imports werden gelöscht; die Datei-Angaben bleiben im Protokoll.');
    expect(await responsesIn('welle-undo')).toBe(4);

    const undone = await post(`/admin/wellen/welle-undo/import/${id}/rueckgaengig`).expect(303);
    expect(undone.headers.location).toBe('/admin/wellen/welle-undo/import');
    expect(await responsesIn('welle-undo')).toBe(0);
    const after = await get('/admin/wellen/welle-undo/import').expect(200);
    expect(after.text).toContain('Der Import ist rückgängig gemacht: 4 Antworten gelöscht.');
    expect(text(after.text)).toMatch(/rückgängig gemacht am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr von Anna Admin \(Administration\)/);
    expect(after.text).not.toContain(`/import/${id}/rueckgaengig"`);
    // Once only.
    expect((await post(`/admin/wellen/welle-undo/import/${id}/rueckgaengig`).expect(409)).text).toContain(
      'Dieser Import wurde schon rückgängig gemacht.',
    );

    const mapping = await get(`/admin/wellen/welle-undo/import/${id}/zuordnung.json`).buffer(true).expect(200);
    expect(mapping.headers['content-disposition']).toContain('attachment');
    expect(JSON.parse(mapping.text)).toMatchObject({ externalId: 'response_id' });
  });

  it('shows an open wave without a form and refuses its upload; a draft wave says how a past wave is filled', async () => {
    const open = await get('/admin/wellen/online/import').expect(200);
    expect(open.text).toContain('Diese Welle ist geöffnet. In eine offene Welle kann nicht importiert werden');
    expect(open.text).not.toContain('enctype="multipart/form-data"');
    const before = filesInUploads();
    const refused = await upload('online', ownExport(2), 'offen.csv').expect(409);
    expect(refused.text).toContain('In eine offene Welle kann nicht importiert werden.');
    expect(filesInUploads()).toEqual(before);
    expect(await importsOf('online')).toBe(0);

    await pastWave('welle-entwurf');
    const draft = text((await get('/admin/wellen/welle-entwurf/import').expect(200)).text);
    expect(draft).toContain('Eine vergangene Welle wird per Import gefüllt und danach geschlossen');
    expect(draft).toContain('Noch kein Import.');
    // The tab is on every wave page.
    expect((await get('/admin/wellen/welle-entwurf').expect(200)).text).toContain('href="/admin/wellen/welle-entwurf/import"');
  });

  it('refuses an upload without a file, or an empty one, with a German message (422)', async () => {
    await pastWave('welle-leer');
    expect((await upload('welle-leer', undefined, '').expect(422)).text).toContain('Bitte wählen Sie eine Datei aus.');
    expect((await upload('welle-leer', '', 'leer.csv').expect(422)).text).toContain('Die Datei ist leer.');
    expect(await importsOf('welle-leer')).toBe(0);
  });

  it('refuses a form without the session’s CSRF token (403) before anything is stored, leaving no file behind', async () => {
    await pastWave('welle-csrf');
    const checked = await check('welle-csrf', ownExport(2), 'csrf.csv');
    const before = filesInUploads();
    const refused = await upload('welle-csrf', ownExport(2), 'csrf.csv', {}, staff.admin, 'falsch').expect(403);
    expect(refused.text).toContain('Das Formular ist abgelaufen oder kam nicht von dieser Seite.');
    const noToken = await http()
      .post('/admin/wellen/welle-csrf/import')
      .set('Cookie', staff.admin.cookie)
      .attach('file', Buffer.from(ownExport(2)), 'csrf.csv')
      .expect(403);
    expect(noToken.text).toContain('Das Formular ist abgelaufen');
    for (const path of [`${checked.location}/uebernehmen`, `${checked.location}/pruefen`]) {
      await http().post(path).set('Cookie', staff.admin.cookie).type('form').send({ _csrf: 'falsch', mapping: '' }).expect(403);
    }
    // nobody signed in: refused before the body is read, nothing written
    const anonymous = await http()
      .post('/admin/wellen/welle-csrf/import')
      .attach('file', Buffer.from(ownExport(2)), 'csrf.csv');
    expect(anonymous.status).toBe(403);
    expect(filesInUploads()).toEqual(before);
    expect(await responsesIn('welle-csrf')).toBe(0);
    expect(await importsOf('welle-csrf')).toBe(0);
  });

  it('shows analysts the list only and refuses every import action to them (403), storing nothing', async () => {
    await pastWave('welle-analyse');
    const checked = await check('welle-analyse', ownExport(2), 'analyse.csv');
    await post(`${checked.location}/uebernehmen`, { mapping: '' }).expect(303);
    const [{ id }] = await query<{ id: string }>(
      "SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-analyse'",
    );
    const next = await check('welle-analyse', ownExport(3), 'analyse-2.csv');

    const page = await get('/admin/wellen/welle-analyse/import', staff.analyst).expect(200);
    expect(page.text).toContain('analyse.csv');
    expect(page.text).not.toContain('enctype="multipart/form-data"');
    expect(page.text).not.toContain('Rückgängig machen');
    expect(page.text).not.toMatch(EMAIL);
    expect(page.text).not.toContain(staff.admin.token);
    expect(page.text).not.toContain(staff.admin.csrf);

    const before = filesInUploads();
    await upload('welle-analyse', ownExport(3), 'analyse-2.csv', {}, staff.analyst).expect(403);
    await post(`/admin/wellen/welle-analyse/import/${next.location.split('/').pop()}/uebernehmen`, { mapping: '' }, staff.analyst).expect(
      403,
    );
    await post(`/admin/wellen/welle-analyse/import/${next.location.split('/').pop()}/pruefen`, { mapping: '' }, staff.analyst).expect(403);
    await post(`/admin/wellen/welle-analyse/import/${id}/rueckgaengig`, {}, staff.analyst).expect(403);
    for (const path of [next.location, `${next.location}/fehler.csv`, `/admin/wellen/welle-analyse/import/${id}/rueckgaengig`]) {
      await get(path, staff.analyst).expect(403);
    }
    expect(filesInUploads()).toEqual(before);
    expect(await responsesIn('welle-analyse')).toBe(2);
    expect(await importsOf('welle-analyse')).toBe(1);
    // Another session of the same admin does not find the upload by its id: it belongs to the session that uploaded it.
    const opened = await testApp.app.get(StaffSessionsService).open(staff.admin.memberId);
    const other = { ...staff.admin, cookie: `${SESSION_COOKIE}=${opened.cookieValue}`, csrf: opened.session.csrfToken };
    expect((await get(next.location, other).expect(404)).text).toContain('Datei nicht mehr vorhanden');
    await post(`${next.location}/uebernehmen`, { mapping: '' }, other).expect(404);
    expect(await responsesIn('welle-analyse')).toBe(2);
  });

  it('takes a 50 MB file through the route (no 413) and reads it', async () => {
    await pastWave('welle-gross');
    const line = 'a;b;c;d;e;f;g;h\n';
    const big = Buffer.from(`id;x1;x2;x3;x4;x5;x6;x7\n${line.repeat(Math.ceil((50 * 1024 * 1024) / line.length))}`);
    expect(big.length).toBeGreaterThan(50 * 1024 * 1024);
    const response = await upload('welle-gross', big, 'gross.csv').expect(422);
    expect(response.text).toContain('Die Datei ist kein Rohdaten-Export dieses Dienstes');
    expect(response.text).toContain('gross.csv');
    expect(response.text).toContain('50,0 MB');
    expect(await importsOf('welle-gross')).toBe(0);
  }, 60_000);
});
