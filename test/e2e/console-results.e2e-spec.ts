import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { ConsoleStaff, createConsoleStaff } from '../support/console';
import { binary, workbookOf } from '../support/exports-wave';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/** Three completed responses of `erg-2023` (the 2023 questionnaire) whose counts the page must show; a fourth stays partial. */
const ANSWERS: Array<Record<string, unknown>> = [
  { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' }, transfer: { qualifizierung: 1 } },
  { rolle: 'ki_experte', chancen: { werbung: 1, logistik: 3 }, transfer: { qualifizierung: 0 } },
  { rolle: 'ki_trainer', chancen: { werbung: 3 }, transfer: { qualifizierung: 1 }, zentrum: 'Kiel' },
];

/** The text of an HTML fragment without tags, whitespace collapsed. */
function textOf(html: string): string {
  return html
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The section of a question (or figure) on a page, by the id of its heading. */
function sectionOf(html: string, headingId: string): string {
  const start = html.indexOf(`aria-labelledby="${headingId}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

/** The header cells and the cells of the row headed `rowTitle` of the first table in a section, as text. */
function tableRow(section: string, rowTitle: string): string[] {
  const rows = [...section.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((match) =>
    [...match[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => textOf(cell[1])),
  );
  const row = rows.find((cells) => cells[0] === rowTitle);
  if (!row) throw new Error(`No row ${rowTitle} in ${rows.map((cells) => cells[0]).join(' | ')}`);
  return row;
}

function headerOf(section: string): string[] {
  const head = /<thead>([\s\S]*?)<\/thead>/.exec(section)?.[1] ?? '';
  return [...head.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((cell) => textOf(cell[1]));
}

interface ApiFigure {
  id: string;
  waves: string[];
  scaleChanged: Array<{ to: string }>;
  rows: Array<{ title: string; values: Array<{ asked: boolean; share: number | null; deltaPp: number | null }> }>;
}

describe('staff console: Ergebnisse and Trends', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let tokens: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const asAdmin = (path: string) => http().get(path).set('Cookie', staff.admin.cookie);
  const asAnalyst = (path: string) => http().get(path).set('Cookie', staff.analyst.cookie);
  /** A download as raw bytes. */
  const bytes = (req: request.Test) => req.buffer(true).parse(binary).expect(200);
  const apiFile = (path: string, token = tokens.admin) => bytes(http().get(path).auth(token, { type: 'bearer' }));

  beforeAll(async () => {
    testApp = await createTestApp();
    tokens = await createStaff(testApp.app);
    staff = await createConsoleStaff(testApp.app);
    // The reconstructed ki-2019/2021/2023 waves, for the trends and their flags (one such set-up in this file).
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
    await createWave(testApp.app, tokens.admin, { code: 'erg-2023', title: 'Ergebnistest 2023' });
    await createWave(testApp.app, tokens.admin, { code: 'leer-2023', title: 'Leere Welle' });
    const links = await invite(testApp.app, tokens.admin, 'erg-2023', 4);
    for (const [index, answers] of ANSWERS.entries()) {
      await http().put(`/api/respond/${links[index]}`).send({ answers, complete: true }).expect(200);
    }
    await http()
      .put(`/api/respond/${links[3]}`)
      .send({ answers: { rolle: 'ki_experte' }, complete: false })
      .expect(200);
  }, 240_000);

  afterAll(() => testApp.close());

  describe('Ergebnisse of a wave', () => {
    let page: string;

    beforeAll(async () => {
      page = (
        await asAnalyst('/admin/wellen/erg-2023/ergebnisse')
          .expect(200)
          .expect('Content-Type', /text\/html/)
      ).text;
    });

    it('shows the completed responses and the wave tabs with Ergebnisse current', () => {
      expect(page).toContain('<h1>Ergebnisse: Ergebnistest 2023</h1>');
      expect(textOf(page)).toContain('Grundlage: 3 abgeschlossene Antworten');
      expect(page).toMatch(/href="\/admin\/wellen\/erg-2023\/ergebnisse" aria-current="page">Ergebnisse</);
      expect(page).toContain('href="/admin/umfragen/ki-mittelstand/trends">Trends dieser Umfrage</a>');
    });

    it('lists the questions in questionnaire order with their German text', () => {
      const order = [...page.matchAll(/<h2 id="frage-([a-z_]+)">/g)].map((match) => match[1]);
      expect(order.slice(0, 4)).toEqual(['zentrum', 'rolle', 'chancen', 'bereiche']);
      expect(order).toContain('transfer');
      expect(page).toContain('Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    });

    it('counts a rating question per level with shares without "keine Angabe", N and the top-2 box', () => {
      const section = sectionOf(page, 'frage-chancen');
      const header = headerOf(section);
      expect(header[0]).toBe('Aussage');
      expect(header.slice(-3)).toEqual(['keine Angabe', 'N', 'Top-2-Box (KI 95 %)']);
      expect(header).toHaveLength(1 + 4 + 3);
      const werbung = tableRow(section, 'zielgenauere Werbung / Promotion');
      expect(werbung.slice(1)).toEqual(['1 33,3 %', '0 0,0 %', '1 33,3 %', '1 33,3 %', '0', '3', '66,7 % (20,8–93,9) geringe Fallzahl']);
      const logistik = tableRow(section, 'Optimierung der Distribution und Logistik');
      expect(logistik.slice(1)).toEqual(['0 0,0 %', '0 0,0 %', '1 100,0 %', '0 0,0 %', '1', '2', '100,0 % (20,7–100,0) geringe Fallzahl']);
      // Nobody answered "Kundenservice": no share is made up.
      expect(tableRow(section, 'verbesserter Kundenservice').slice(1)).toEqual(['0 –', '0 –', '0 –', '0 –', '0', '0', '–']);
    });

    it('counts a yes/no question with the share of "ja" and a single-choice question per option', () => {
      const transfer = sectionOf(page, 'frage-transfer');
      expect(headerOf(transfer).slice(1)).toEqual(['nein', 'ja', 'keine Angabe', 'N', 'Anteil „ja“ (KI 95 %)']);
      const qualifizierung = tableRow(transfer, 'Qualifizierungsmaßnahmen');
      expect(qualifizierung.slice(1)).toEqual(['1 33,3 %', '2 66,7 %', '0', '3', '66,7 % (20,8–93,9) geringe Fallzahl']);
      const rolle = sectionOf(page, 'frage-rolle');
      expect(textOf(rolle)).toContain('N = 3');
      expect(tableRow(rolle, 'KI-Trainer:in').slice(1)).toEqual(['2', '66,7 % (20,8–93,9) geringe Fallzahl']);
      expect(tableRow(rolle, 'weitere:r KI-Expert:in').slice(1)).toEqual(['1', '33,3 % (6,1–79,2) geringe Fallzahl']);
      expect(tableRow(rolle, 'keine Angabe').slice(1)).toEqual(['0', '–']);
      expect(tableRow(rolle, 'N').slice(1, 2)).toEqual(['3']);
    });

    it('shows free text only as a count', () => {
      expect(textOf(sectionOf(page, 'frage-zentrum'))).toContain('Freitext: 1 Antwort.');
      expect(page).not.toContain('Kiel');
    });

    it('draws a chart per question as inline SVG with role="img" and an accessible name, after its table', () => {
      const section = sectionOf(page, 'frage-chancen');
      expect(section.indexOf('<table')).toBeLessThan(section.indexOf('<svg'));
      expect(section).toMatch(
        /<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="results-chart" role="img" aria-label="Diagramm zu „Inwieweit eröffnet KI/,
      );
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
      expect(page).not.toMatch(/\son[a-z]+="/);
    });

    it('says so in German when a wave has no completed responses yet', async () => {
      const empty = await asAnalyst('/admin/wellen/leer-2023/ergebnisse').expect(200);
      expect(empty.text).toContain('noch keine abgeschlossenen Antworten');
      expect(empty.text).not.toContain('frage-chancen');
    });

    it('answers an unknown wave with a German 404 page and sends someone without a session to sign in', async () => {
      const missing = await asAnalyst('/admin/wellen/gibt-es-nicht/ergebnisse').expect(404);
      expect(missing.text).toContain('Diese Welle gibt es nicht.');
      await http()
        .get('/admin/wellen/erg-2023/ergebnisse')
        .expect(303)
        .expect('Location', '/admin/login?next=%2Fadmin%2Fwellen%2Ferg-2023%2Fergebnisse');
      await http().get('/admin/wellen/erg-2023/ergebnisse.csv').auth(tokens.admin, { type: 'bearer' }).expect(303);
    });
  });

  describe('downloads of a wave', () => {
    it('offers the results as CSV (Excel and plain) and XLSX to the analyst, without raw data', async () => {
      const page = (await asAnalyst('/admin/wellen/erg-2023/ergebnisse').expect(200)).text;
      expect(page).toContain('href="/admin/wellen/erg-2023/ergebnisse.csv?format=excel"');
      expect(page).toContain('href="/admin/wellen/erg-2023/ergebnisse.csv?format=plain"');
      expect(page).toContain('href="/admin/wellen/erg-2023/ergebnisse.xlsx"');
      expect(page).not.toContain('rohdaten');
      expect(page).not.toContain('Rohdaten');
      expect(page).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}/);
      expect(page).not.toContain(tokens.analyst);
      expect(page).not.toContain(staff.analyst.token);
    });

    it('streams the same results files as the API (name, type, content)', async () => {
      for (const query of ['format=excel', 'format=plain']) {
        const console = await bytes(asAnalyst(`/admin/wellen/erg-2023/ergebnisse.csv?${query}`));
        const api = await apiFile(`/api/waves/erg-2023/results.csv?${query}`, tokens.analyst);
        expect(console.headers['content-type']).toBe(api.headers['content-type']);
        expect(console.headers['content-disposition']).toBe('attachment; filename="erg-2023-results.csv"');
        expect(console.headers['content-disposition']).toBe(api.headers['content-disposition']);
        expect((console.body as Buffer).toString('utf8')).toBe((api.body as Buffer).toString('utf8'));
      }
      const excel = (await bytes(asAnalyst('/admin/wellen/erg-2023/ergebnisse.csv?format=excel'))).body as Buffer;
      expect(excel.toString('utf8')).toContain('66,7');
      const consoleXlsx = await bytes(asAnalyst('/admin/wellen/erg-2023/ergebnisse.xlsx'));
      const apiXlsx = await apiFile('/api/waves/erg-2023/results.xlsx', tokens.analyst);
      expect(consoleXlsx.headers['content-type']).toBe(apiXlsx.headers['content-type']);
      expect(consoleXlsx.headers['content-disposition']).toBe(apiXlsx.headers['content-disposition']);
      expect(await sheetValues(consoleXlsx.body as Buffer)).toEqual(await sheetValues(apiXlsx.body as Buffer));
    });

    it('refuses the raw data to the analyst with a 403 page and records nothing', async () => {
      const before = await rawAudits();
      for (const path of ['/admin/wellen/erg-2023/rohdaten.csv', '/admin/wellen/erg-2023/rohdaten.xlsx?labels=true']) {
        const refused = await asAnalyst(path).expect(403);
        expect(refused.text).toContain('Nicht erlaubt');
      }
      expect(await rawAudits()).toEqual(before);
    });

    it('offers the admin every raw-data variant and streams the same files as the API, audited as the staff member', async () => {
      const page = (await asAdmin('/admin/wellen/erg-2023/ergebnisse').expect(200)).text;
      for (const href of [
        '/admin/wellen/erg-2023/rohdaten.csv?format=excel',
        '/admin/wellen/erg-2023/rohdaten.csv?format=plain&amp;labels=true',
        '/admin/wellen/erg-2023/rohdaten.xlsx?include=partial',
      ]) {
        expect(page).toContain(`href="${href}"`);
      }
      const before = (await rawAudits()).length;
      for (const query of ['format=excel', 'format=plain', 'format=excel&labels=true', 'format=plain&include=partial']) {
        const console = await bytes(asAdmin(`/admin/wellen/erg-2023/rohdaten.csv?${query}`));
        const api = await apiFile(`/api/waves/erg-2023/responses.csv?${query}`);
        expect(console.headers['content-type']).toBe(api.headers['content-type']);
        expect(console.headers['content-disposition']).toBe('attachment; filename="erg-2023-responses.csv"');
        expect((console.body as Buffer).toString('utf8')).toBe((api.body as Buffer).toString('utf8'));
      }
      const labelled = ((await bytes(asAdmin('/admin/wellen/erg-2023/rohdaten.csv?format=plain&labels=true'))).body as Buffer).toString(
        'utf8',
      );
      expect(labelled.trim().split('\n')).toHaveLength(1 + 3);
      const partial = ((await bytes(asAdmin('/admin/wellen/erg-2023/rohdaten.csv?format=plain&include=partial'))).body as Buffer).toString(
        'utf8',
      );
      expect(partial.trim().split('\n')).toHaveLength(1 + 4);
      const consoleXlsx = await bytes(asAdmin('/admin/wellen/erg-2023/rohdaten.xlsx?labels=true'));
      const apiXlsx = await apiFile('/api/waves/erg-2023/responses.xlsx?labels=true');
      expect(consoleXlsx.headers['content-disposition']).toBe(apiXlsx.headers['content-disposition']);
      expect(await sheetValues(consoleXlsx.body as Buffer)).toEqual(await sheetValues(apiXlsx.body as Buffer));
      const audits = await rawAudits();
      // Console downloads (4 + 2 + 1 above) and API downloads (4 + 1) each leave an event naming who exported.
      expect(audits.length - before).toBe(12);
      expect(audits.filter((event) => event.actor === 'Anna Admin (admin)')).toHaveLength(7);
    });

    it('refuses an unknown format with a German 422 page', async () => {
      const refused = await asAdmin('/admin/wellen/erg-2023/ergebnisse.pdf').expect(422);
      expect(refused.text).toContain('nicht gültig');
      await asAdmin('/admin/wellen/erg-2023/rohdaten.csv?labels=vielleicht').expect(422);
    });
  });

  describe('Trends und Abbildungen', () => {
    let page: string;

    beforeAll(async () => {
      page = (await asAnalyst('/admin/umfragen/ki-mittelstand/trends').expect(200)).text;
    }, 60_000);

    it('shows every figure of the report with its chart inline', () => {
      const figures = [...page.matchAll(/<h2 id="abb-(abb\d+)">Abbildung (\d+): /g)].map((match) => match[1]);
      expect(figures).toEqual(['abb3', 'abb4', 'abb5', 'abb6', 'abb7', 'abb8', 'abb9', 'abb10', 'abb11']);
      const abb3 = sectionOf(page, 'abb-abb3');
      expect(abb3).toMatch(/<svg role="img" aria-label="Abbildung 3: [^"]+"/);
      expect(abb3.indexOf('<table')).toBeLessThan(abb3.indexOf('<svg'));
      expect(page).not.toMatch(/<script(?![^>]*\bsrc=)/);
    });

    it('shows the values per wave with the change in pp and the flags where the API sets them, for every figure', async () => {
      const api = await http().get('/api/surveys/ki-mittelstand/figures').auth(tokens.analyst, { type: 'bearer' }).expect(200);
      const figures = (api.body as { figures: ApiFigure[] }).figures;
      expect(figures.map((figure) => figure.id)).toHaveLength(9);
      expect(figures[0].waves).toEqual(['ki-2019', 'ki-2021', 'ki-2023']);
      expect(headerOf(sectionOf(page, 'abb-abb3')).slice(1, 2)[0]).toMatch(/^2019/);
      for (const figure of figures) {
        const section = sectionOf(page, `abb-${figure.id}`);
        const header = headerOf(section);
        figure.waves.forEach((wave, index) => {
          const changed = figure.scaleChanged.some((change) => change.to === wave);
          expect(header[index + 1].includes('Skala geändert')).toBe(changed);
        });
        for (const row of figure.rows) {
          const cells = tableRow(section, row.title).slice(1);
          row.values.forEach((value, index) => {
            if (!value.asked) expect(cells[index]).toBe('nicht abgefragt');
            else expect(cells[index]).toContain(value.share === null ? '–' : `${value.share.toFixed(1).replace('.', ',')} %`);
            if (value.deltaPp !== null) expect(cells[index]).toMatch(/[+−±]\d+,\d pp/);
            const firstAsked = row.values.findIndex((candidate) => candidate.asked);
            expect(cells[index].includes('neu')).toBe(index > 0 && index === firstAsked);
          });
        }
      }
    });

    it('shows the flags of the reconstructed waves in German words', () => {
      // No item of the three questionnaires was reworded ("umformuliert" is covered by trends-view.spec.ts).
      const flags = new Set([...page.matchAll(/<span class="flag">([^<]+)<\/span>/g)].map((match) => match[1]));
      expect([...flags].sort()).toEqual(['Skala geändert', 'neu', 'nicht abgefragt'].sort());
    });

    it('picks the waves to compare with a GET form of checkboxes', async () => {
      expect(page).toMatch(/<input type="checkbox" name="wellen" value="ki-2019" checked \/>/);
      expect(page).toMatch(/<input type="checkbox" name="wellen" value="erg-2023" \/>/);
      const picked = (await asAnalyst('/admin/umfragen/ki-mittelstand/trends?wellen=ki-2021&wellen=ki-2023').expect(200)).text;
      expect(picked).toMatch(/<input type="checkbox" name="wellen" value="ki-2019" \/>/);
      expect(picked).toMatch(/<input type="checkbox" name="wellen" value="ki-2021" checked \/>/);
      const section = sectionOf(picked, 'abb-abb3');
      expect(headerOf(section)).toHaveLength(3);
      expect(section).toContain('href="/admin/umfragen/ki-mittelstand/abbildungen/abb3.svg?wellen=ki-2021&amp;wellen=ki-2023"');
      const one = (await asAnalyst('/admin/umfragen/ki-mittelstand/trends?wellen=ki-2023').expect(200)).text;
      expect(headerOf(sectionOf(one, 'abb-abb3'))).toHaveLength(2);
    });

    it('refuses a malformed or foreign wave with a German page', async () => {
      expect((await asAnalyst('/admin/umfragen/ki-mittelstand/trends?wellen=..%2Fx').expect(422)).text).toContain('nicht gültig');
      expect((await asAnalyst('/admin/umfragen/ki-mittelstand/trends?wellen=fehlt-2023').expect(404)).text).toContain(
        'Diese Welle gibt es nicht.',
      );
      expect((await asAnalyst('/admin/umfragen/gibt-es-nicht/trends').expect(404)).text).toContain('Diese Umfrage gibt es nicht.');
    });

    it('streams the same figure and trends files as the API', async () => {
      const pairs: Array<[string, string]> = [
        ['/admin/umfragen/ki-mittelstand/abbildungen/abb3.svg', '/api/surveys/ki-mittelstand/figures/abb3.svg'],
        ['/admin/umfragen/ki-mittelstand/abbildungen/abb3.csv?format=excel', '/api/surveys/ki-mittelstand/figures/abb3.csv?format=excel'],
        [
          '/admin/umfragen/ki-mittelstand/abbildungen/abb3.csv?format=plain&wellen=ki-2021&wellen=ki-2023',
          '/api/surveys/ki-mittelstand/figures/abb3.csv?format=plain&waves=ki-2021,ki-2023',
        ],
        ['/admin/umfragen/ki-mittelstand/trends.csv?format=excel', '/api/surveys/ki-mittelstand/trends.csv?format=excel'],
        [
          '/admin/umfragen/ki-mittelstand/trends.csv?format=plain&wellen=ki-2019&wellen=ki-2023',
          '/api/surveys/ki-mittelstand/trends.csv?format=plain&waves=ki-2019,ki-2023',
        ],
      ];
      for (const [consolePath, apiPath] of pairs) {
        const console = await bytes(asAnalyst(consolePath));
        const api = await apiFile(apiPath, tokens.analyst);
        expect(console.headers['content-type']).toBe(api.headers['content-type']);
        expect(console.headers['content-disposition']).toBe(api.headers['content-disposition']);
        expect((console.body as Buffer).toString('utf8')).toBe((api.body as Buffer).toString('utf8'));
      }
      for (const [consolePath, apiPath] of [
        ['/admin/umfragen/ki-mittelstand/abbildungen/abb5.xlsx', '/api/surveys/ki-mittelstand/figures/abb5.xlsx'],
        ['/admin/umfragen/ki-mittelstand/trends.xlsx', '/api/surveys/ki-mittelstand/trends.xlsx'],
      ]) {
        const console = await bytes(asAnalyst(consolePath));
        const api = await apiFile(apiPath, tokens.analyst);
        expect(console.headers['content-disposition']).toBe(api.headers['content-disposition']);
        expect(await sheetValues(console.body as Buffer)).toEqual(await sheetValues(api.body as Buffer));
      }
      await asAnalyst('/admin/umfragen/ki-mittelstand/abbildungen/abb99.svg').expect(404);
    });

    it('streams the codebook to every staff member and the survey’s raw data to admins only, audited', async () => {
      expect(page).toContain('href="/admin/umfragen/ki-mittelstand/codebook.csv?format=excel"');
      expect(page).not.toContain('rohdaten');
      const adminPage = (await asAdmin('/admin/umfragen/ki-mittelstand/trends').expect(200)).text;
      expect(adminPage).toContain('href="/admin/umfragen/ki-mittelstand/rohdaten.csv?format=plain"');
      const codebook = await bytes(asAnalyst('/admin/umfragen/ki-mittelstand/codebook.csv?format=plain'));
      const apiCodebook = await apiFile('/api/surveys/ki-mittelstand/codebook.csv?format=plain', tokens.analyst);
      expect(codebook.headers['content-disposition']).toBe(apiCodebook.headers['content-disposition']);
      expect((codebook.body as Buffer).toString('utf8')).toBe((apiCodebook.body as Buffer).toString('utf8'));
      const before = (await rawAudits()).length;
      await asAnalyst('/admin/umfragen/ki-mittelstand/rohdaten.csv').expect(403);
      expect(await rawAudits()).toHaveLength(before);
      const raw = await bytes(asAdmin('/admin/umfragen/ki-mittelstand/rohdaten.csv?format=excel&labels=true'));
      const apiRaw = await apiFile('/api/surveys/ki-mittelstand/responses.csv?format=excel&labels=true');
      expect(raw.headers['content-type']).toBe(apiRaw.headers['content-type']);
      expect(raw.headers['content-disposition']).toBe('attachment; filename="ki-mittelstand-responses.csv"');
      expect((raw.body as Buffer).toString('utf8')).toBe((apiRaw.body as Buffer).toString('utf8'));
      const audits = await rawAudits();
      expect(audits).toHaveLength(before + 2);
      expect(audits[before].actor).toBe('Anna Admin (admin)');
    });
  });

  async function rawAudits(): Promise<Array<{ actor: string }>> {
    return testApp.dataSource.query(`SELECT actor FROM audit_events WHERE action = 'responses.exported' ORDER BY id`);
  }
});

/** Every sheet's cell values, for comparing two workbooks (the zip bytes carry timestamps). */
async function sheetValues(body: Buffer): Promise<Array<{ name: string; rows: unknown[] }>> {
  const workbook = await workbookOf(body);
  return workbook.worksheets.map((sheet) => {
    const rows: unknown[] = [];
    sheet.eachRow((row) => rows.push(row.values));
    return { name: sheet.name, rows };
  });
}
