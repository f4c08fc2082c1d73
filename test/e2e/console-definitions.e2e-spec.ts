import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { DefinitionsService } from '../../src/definitions/definitions.service';
import { ConsoleStaff, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const root = join(__dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'definitions', name));
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

describe('staff console: Fragebögen (questionnaire versions)', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());
  const stored = (surveyId: string, version: string) => testApp.app.get(DefinitionsService).find(surveyId, version);
  const uploadEvents = () => testApp.dataSource.getRepository(AuditEvent).countBy({ action: 'definition.uploaded' });
  const upload = (user: 'admin' | 'analyst', surveyId: string, version: string, file?: Buffer, csrf = staff[user].csrf) => {
    const post = http()
      .post('/admin/frageboegen/hochladen')
      .set('Cookie', staff[user].cookie)
      .field('_csrf', csrf)
      .field('surveyId', surveyId)
      .field('version', version);
    return file === undefined ? post : post.attach('definition', file, { filename: 'fragebogen.json', contentType: 'application/json' });
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await createWave(testApp.app, staff.admin.token, { code: 'ki-2021', version: '2021', title: 'KI im Mittelstand 2021' });
    await createWave(testApp.app, staff.admin.token, { code: 'ki-2023', version: '2023', title: 'KI im Mittelstand 2023', open: false });
  });

  afterAll(() => testApp.close());

  it('lists the ki-mittelstand versions with their hash, the waves using them and their number of questions', async () => {
    const page = await http().get('/admin/frageboegen').set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain('<h1>Fragebögen</h1>');
    const hash2023 = (await stored('ki-mittelstand', '2023'))!.hash;
    const row = (version: string) => page.text.slice(page.text.indexOf(`>Version ${version}</a>`)).split('</tr>')[0];
    expect(row('2019')).toContain('keiner Welle');
    expect(row('2021')).toContain('<a href="/admin/wellen/ki-2021">KI im Mittelstand 2021</a>');
    expect(row('2021')).toContain('offen');
    expect(row('2023')).toContain('<a href="/admin/wellen/ki-2023">KI im Mittelstand 2023</a>');
    expect(row('2023')).toContain('Entwurf');
    expect(row('2023')).toContain(`title="${hash2023}">${hash2023.slice(0, 12)}…</code>`);
    expect(row('2023')).toContain(`vollständig: ${hash2023}`);
    const questions = (await testApp.app.get(DefinitionsService).codebook('ki-mittelstand', '2023')).questions.length;
    expect(row('2023')).toMatch(new RegExp(`<td class="num">${questions}</td>`));
    expect(page.text).toContain('href="/admin/frageboegen/ki-mittelstand/vergleich"');
    // An analyst reads; the upload is for admins only.
    expect(page.text).not.toContain('/admin/frageboegen/hochladen');
    expect(page.text).not.toMatch(EMAIL);
    expect(page.text).not.toContain(staff.analyst.token);
    const adminPage = await http().get('/admin/frageboegen').set('Cookie', staff.admin.cookie).expect(200);
    expect(adminPage.text).toContain('href="/admin/frageboegen/hochladen"');
  });

  it('shows the codebook of a version: codes, types, German texts, items and scale with codes', async () => {
    const page = await http().get('/admin/frageboegen/ki-mittelstand/2023').set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain('<h1>Künstliche Intelligenz im Mittelstand – Befragung 2023, Version 2023</h1>');
    const chancen = page.text.slice(page.text.indexOf('id="frage-chancen"')).split('</section>')[0];
    expect(chancen).toContain('Matrix, Top-Box 2');
    expect(chancen).toContain('Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(chancen).toContain('<code>chancen.prozesseffizienz</code></th><td>gesteigerte Prozesseffizienz</td>');
    expect(chancen).toContain('<code>1</code></th><td>trifft nicht zu</td>');
    expect(chancen).toContain('<code>4</code></th><td>trifft zu <span class="tag">Top-Box</span></td>');
    expect(chancen).toContain('<code>na</code></th><td>keine Angabe</td>');
    expect(page.text).toContain('Einfachauswahl');
    expect(page.text).toContain('href="/admin/frageboegen/ki-mittelstand/vergleich?von=2021&amp;bis=2023"');
    expect(page.text).toContain('href="/admin/frageboegen/ki-mittelstand/2023/vorschau"');
    expect(page.text).not.toMatch(EMAIL);
  });

  it('downloads the codebook as the existing exports do (CSV for Excel, plain CSV, XLSX)', async () => {
    const api = (suffix: string) =>
      http().get(`/api/definitions/ki-mittelstand/versions/2023/${suffix}`).auth(staff.admin.token, { type: 'bearer' }).buffer(true);
    const csv = await http()
      .get('/admin/frageboegen/ki-mittelstand/2023/codebook.csv')
      .set('Cookie', staff.analyst.cookie)
      .buffer(true)
      .expect(200);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="ki-mittelstand-2023-codebook.csv"');
    expect(csv.text).toBe((await api('codebook.csv')).text);
    expect(csv.text.split('\n')[0]).toContain(';');
    const plain = await http()
      .get('/admin/frageboegen/ki-mittelstand/2023/codebook.csv?format=plain')
      .set('Cookie', staff.analyst.cookie)
      .buffer(true)
      .expect(200);
    expect(plain.text).toBe((await api('codebook.csv?format=plain')).text);
    expect(plain.text.split('\n')[0]).toContain(',');
    const parse = (response: request.Response, callback: (error: Error | null, body: Buffer) => void) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    };
    const xlsx = await http()
      .get('/admin/frageboegen/ki-mittelstand/2023/codebook.xlsx')
      .set('Cookie', staff.analyst.cookie)
      .buffer(true)
      .parse(parse)
      .expect(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect((xlsx.body as Buffer).subarray(0, 2).toString()).toBe('PK');
    await http().get('/admin/frageboegen/ki-mittelstand/2099/codebook.csv').set('Cookie', staff.analyst.cookie).expect(404);
    await http().get('/admin/frageboegen/ki-mittelstand/2023/codebook.csv').expect(303);
  });

  it('shows the known differences of ki-mittelstand 2021 → 2023: only new items', async () => {
    const page = await http()
      .get('/admin/frageboegen/ki-mittelstand/vergleich?von=2021&bis=2023')
      .set('Cookie', staff.analyst.cookie)
      .expect(200);
    expect(page.text).toContain('<h2>Von Version 2021 zu Version 2023</h2>');
    expect(page.text).toContain('<option value="2021" selected>2021</option>');
    const diff = await testApp.app.get(DefinitionsService).diff('ki-mittelstand', '2021', '2023');
    expect(page.text).toContain(`Neu: ${diff.added.length}<`);
    expect(diff.added.length).toBeGreaterThan(20);
    expect(page.text).toContain('Entfallen: 0<');
    expect(page.text).toContain('Skala geändert: 0<');
    expect(page.text).toContain('<code>trainerprogramm</code></td><th scope="row"><code>vernetzung</code></th>');
    expect(page.text).toContain('<code>chancen</code></td><th scope="row"><code>nachhaltigkeit</code></th>');
  });

  it('shows the scale change of ki-mittelstand 2019 → 2021 in German', async () => {
    const page = await http()
      .get('/admin/frageboegen/ki-mittelstand/vergleich?von=2019&bis=2021')
      .set('Cookie', staff.analyst.cookie)
      .expect(200);
    const scale = page.text.slice(page.text.indexOf('id="skala"')).split('</table>')[0];
    expect(scale).toContain('<code>chancen</code></th><td>5 Stufen → 4 Stufen</td>');
    expect(scale).toContain('<code>hemmnisse</code></th><td>5 Stufen → 4 Stufen</td>');
    expect(page.text).toContain('Skala geändert: 2<');
  });

  it('compares the last two versions when none are chosen; an unknown version is a German 404', async () => {
    const page = await http().get('/admin/frageboegen/ki-mittelstand/vergleich').set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain('<h2>Von Version 2021 zu Version 2023</h2>');
    const missing = await http()
      .get('/admin/frageboegen/ki-mittelstand/vergleich?von=2021&bis=2099')
      .set('Cookie', staff.analyst.cookie)
      .expect(404);
    expect(missing.text).toContain('Diese Fragebogen-Version gibt es nicht.');
    await http().get('/admin/frageboegen/gibt-es-nicht/vergleich').set('Cookie', staff.analyst.cookie).expect(404);
    await http().get('/admin/frageboegen/ki-mittelstand/2099').set('Cookie', staff.analyst.cookie).expect(404);
  });

  it('shows the upload form to admins only; analysts get 403 on both routes and nothing is stored', async () => {
    const form = await http().get('/admin/frageboegen/hochladen').set('Cookie', staff.admin.cookie).expect(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('<label for="definition">JSON-Datei</label>');
    const refused = await http().get('/admin/frageboegen/hochladen').set('Cookie', staff.analyst.cookie).expect(403);
    expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung.');
    const before = await uploadEvents();
    await upload('analyst', 'e2e-analyst', '1', fixture('valid-small.json')).expect(403);
    expect(await stored('e2e-analyst', '1')).toBeNull();
    expect(await uploadEvents()).toBe(before);
  });

  it('refuses an upload without the session’s CSRF token (403) and stores nothing', async () => {
    const response = await upload('admin', 'e2e-csrf', '1', fixture('valid-small.json'), 'x'.repeat(43)).expect(403);
    expect(response.text).toContain('Es wurde nichts geändert');
    await http()
      .post('/admin/frageboegen/hochladen')
      .set('Cookie', staff.admin.cookie)
      .field('surveyId', 'e2e-csrf')
      .field('version', '1')
      .attach('definition', fixture('valid-small.json'), 'f.json')
      .expect(403);
    expect(await stored('e2e-csrf', '1')).toBeNull();
  });

  it('stores a valid upload and shows its version page with a one-time message', async () => {
    const response = await upload('admin', 'e2e-upload', '2025', fixture('valid-small.json')).expect(303);
    expect(response.headers.location).toBe('/admin/frageboegen/e2e-upload/2025');
    expect(await stored('e2e-upload', '2025')).toMatchObject({ source: 'upload' });
    const page = await http().get('/admin/frageboegen/e2e-upload/2025').set('Cookie', staff.admin.cookie).expect(200);
    expect(page.text).toContain('Version 2025 von e2e-upload wurde gespeichert.');
    const again = await http().get('/admin/frageboegen/e2e-upload/2025').set('Cookie', staff.admin.cookie).expect(200);
    expect(again.text).not.toContain('wurde gespeichert.');
    await upload('admin', 'e2e-upload', '2025', fixture('valid-small.json')).expect(303);
    const unchanged = await http().get('/admin/frageboegen/e2e-upload/2025').set('Cookie', staff.admin.cookie).expect(200);
    expect(unchanged.text).toContain('ist unverändert');
  });

  it('re-renders an invalid definition (422) with each problem by JSON path, the values kept, nothing stored', async () => {
    const before = await uploadEvents();
    const response = await upload('admin', 'e2e-invalid', '1', fixture('invalid-scale-and-codes.json')).expect(422);
    expect(response.text).toContain('Der Fragebogen ist nicht gültig. Nichts wurde gespeichert.');
    for (const path of [
      'pages[0].elements[0].rows[1].value',
      'pages[0].elements[0].columns',
      'pages[0].elements[1].type',
      'pages[0].elements[2].name',
      'pages[0].elements[2].placeholderText',
    ]) {
      expect(response.text).toContain(`<code class="json-path">${path}</code>`);
    }
    expect(response.text).toContain('Unbekannte SurveyJS-Eigenschaft „placeholderText“.');
    expect(response.text).toContain('value="e2e-invalid"');
    expect(response.text).toContain('role="alert"');
    expect(await stored('e2e-invalid', '1')).toBeNull();
    expect(await uploadEvents()).toBe(before);
  });

  it('names a survey id or version that is not allowed at its field (422)', async () => {
    const response = await upload('admin', 'Mit Leerzeichen', '1', fixture('valid-small.json')).expect(422);
    expect(response.text).toContain('id="surveyId-error">Diese Kennung ist nicht erlaubt');
    expect(response.text).toMatch(/id="surveyId"[^>]*aria-invalid="true"/);
    expect(response.text).toContain('value="Mit Leerzeichen"');
  });

  it.each([
    [
      'malformed JSON',
      Buffer.from('{\n  "title": "x"\n  "pages": []\n}'),
      'Die Datei ist kein gültiges JSON: Fehler in Zeile 3, Spalte 3.',
    ],
    ['an empty file', Buffer.alloc(0), 'Die Datei ist leer.'],
    ['no file', undefined, 'Bitte wählen Sie eine JSON-Datei aus.'],
  ])('refuses %s with a German message (422) and stores nothing', async (_case, file, message) => {
    const response = await upload('admin', 'e2e-bad-file', '1', file).expect(422);
    expect(response.text).toContain(message);
    expect(response.text).toContain('<html lang="de">');
    expect(await stored('e2e-bad-file', '1')).toBeNull();
  });

  it('refuses a file over 5 MB with 413 and a German message before anything runs', async () => {
    const big = Buffer.from(`{"title": "${'x'.repeat(5 * 1024 * 1024)}"}`);
    const response = await upload('admin', 'e2e-big', '1', big).expect(413);
    expect(response.text).toContain('zu groß');
    expect(await stored('e2e-big', '1')).toBeNull();
  });

  it('refuses to change a version a wave uses (409), keeping it', async () => {
    const before = (await stored('ki-mittelstand', '2021'))!.hash;
    const response = await upload('admin', 'ki-mittelstand', '2021', fixture('valid-small.json')).expect(409);
    expect(response.text).toContain('wird schon verwendet');
    expect((await stored('ki-mittelstand', '2021'))!.hash).toBe(before);
  });

  it('serves the preview page and its definition as the respondent API does, for a signed-in staff member only', async () => {
    const page = await http().get('/admin/frageboegen/ki-mittelstand/2023/vorschau').set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain('data-preview-url="vorschau.json"');
    expect(page.text).toContain('Vorschau – Antworten werden nicht gespeichert');
    expect(page.headers['cache-control']).toBe('no-store');
    const json = await http().get('/admin/frageboegen/ki-mittelstand/2023/vorschau.json').set('Cookie', staff.analyst.cookie).expect(200);
    const content = await testApp.app.get(DefinitionsService).content('ki-mittelstand', '2023');
    expect(json.body).toEqual({
      wave: { code: '', title: 'Künstliche Intelligenz im Mittelstand – Befragung 2023', closesAt: null },
      definition: content,
      answers: {},
      status: 'new',
      revision: null,
      // The survey's privacy notice, as respondents get it (survey-definitions/ki-mittelstand/privacy.md).
      privacyNotice: expect.objectContaining({
        sender: { organisation: 'WIK-Consult GmbH', address: 'Rhöndorfer Straße 68, 53604 Bad Honnef' },
      }),
    });
    await http().get('/admin/frageboegen/ki-mittelstand/2023/vorschau').expect(303);
    await http().get('/admin/frageboegen/ki-mittelstand/2023/vorschau.json').expect(303);
    await http().get('/admin/frageboegen/ki-mittelstand/2099/vorschau').set('Cookie', staff.analyst.cookie).expect(404);
  });
});
