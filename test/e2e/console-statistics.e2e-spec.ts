import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { AnswerCountsRepository } from '../../src/responses/answer-counts.repository';
import { ariaFields, svgMarkItems } from '../fixtures/svg-marks';
import { ConsoleStaff, createConsoleStaff } from '../support/console';
import { binary, workbookOf } from '../support/exports-wave';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Issue 17 as people see it: intervals, small bases, significance, breakdowns with suppression and the counted
 * responses, on the console pages and in the files. 15 completed responses: Reifegrad 7 × Experimentierphase,
 * 6 × Übungsphase, 2 × Gestaltungsphase (below MIN_GROUP 5: suppressed, and with it the next smallest, Übungsphase),
 * plus one partial response.
 */
const PHASES = [...Array(7).fill('experimentierphase'), ...Array(6).fill('uebungsphase'), 'gestaltungsphase', 'gestaltungsphase'];

const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

describe('statistics on the console and in the exports (issue 17)', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let tokens: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const asAnalyst = (path: string) => http().get(path).set('Cookie', staff.analyst.cookie);
  const apiFile = (path: string) => http().get(path).auth(tokens.analyst, { type: 'bearer' }).buffer(true).parse(binary).expect(200);

  beforeAll(async () => {
    testApp = await createTestApp();
    tokens = await createStaff(testApp.app);
    staff = await createConsoleStaff(testApp.app);
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
    await createWave(testApp.app, tokens.admin, { code: 'stat-2023', title: 'Statistiktest 2023' });
    const links = await invite(testApp.app, tokens.admin, 'stat-2023', PHASES.length + 1);
    for (const [index, phase] of PHASES.entries()) {
      const answers = {
        rolle: index % 2 === 0 ? 'ki_trainer' : 'ki_experte',
        reifegrad: phase,
        transfer: { qualifizierung: index < 9 ? 1 : 0 },
      };
      await http().put(`/api/respond/${links[index]}`).send({ answers, complete: true }).expect(200);
    }
    await http()
      .put(`/api/respond/${links[PHASES.length]}`)
      .send({ answers: { rolle: 'ki_trainer', transfer: { qualifizierung: 1 } }, complete: false })
      .expect(200);
  }, 240_000);

  afterAll(() => testApp.close());

  describe('Ergebnisse', () => {
    it('shows each share with its interval in German format, the method notes, and the switch and selector', async () => {
      const page = (await asAnalyst('/admin/wellen/stat-2023/ergebnisse').expect(200)).text;
      const text = textOf(page);
      // Qualifizierungsmaßnahmen: 9 of 15 "ja" = 60,0 % (Wilson 35,7–80,2).
      expect(text).toContain('60,0 % (35,7–80,2)');
      expect(text).toContain('Methoden');
      expect(text).toContain('Wilson');
      expect(page).toMatch(/<input type="radio" name="include" value="completed" checked \/> nur abgeschlossene Antworten/);
      expect(page).toContain('<label for="by">Aufschlüsseln nach:</label>');
      expect(page).toContain('<option value="reifegrad">');
    });

    it('counts begun responses too when asked, and says so', async () => {
      const page = (await asAnalyst('/admin/wellen/stat-2023/ergebnisse?include=partial').expect(200)).text;
      const text = textOf(page);
      expect(text).toContain('dazu die beantworteten Fragen begonnener Antworten (zusammen 16)');
      // 10 of 16 "ja" with the partial response.
      expect(text).toContain('62,5 % (38,6–81,5)');
      expect(page).toMatch(/value="partial" checked/);
      expect(page).toContain('ergebnisse.xlsx?include=partial');
      // The form as sent with "keine Aufschlüsselung" chosen: an empty by is no breakdown, not an error.
      const fromForm = textOf((await asAnalyst('/admin/wellen/stat-2023/ergebnisse?include=partial&by=').expect(200)).text);
      expect(fromForm).toContain('62,5 % (38,6–81,5)');
      expect(fromForm).not.toContain('Aufgeschlüsselt nach');
    });

    it('breaks the results down by a single-choice question, suppressed groups as "zu wenige Antworten (< 5)" without numbers', async () => {
      const page = (await asAnalyst('/admin/wellen/stat-2023/ergebnisse?by=reifegrad').expect(200)).text;
      const section = page.slice(
        page.indexOf('<section class="breakdown"'),
        page.indexOf('</section>', page.indexOf('<section class="breakdown"')),
      );
      const text = textOf(section);
      expect(text).toContain('Aufgeschlüsselt nach: Wie schätzen Sie den durchschnittlichen KI-Reifegrad');
      expect(text).toContain('Gruppen: Nicht gestartet (N = 0) · Experimentierphase (N = 7) · Übungsphase (zu wenige Antworten (< 5))');
      expect(text).toContain('Gestaltungsphase (zu wenige Antworten (< 5)) · keine Angabe (N = 0)');
      expect(section).toContain(
        '<abbr title="Experimentierphase (der Impuls, mit KI zu beginnen, ist gesetzt; erste Prototypen werden gebaut)">Experimentierphase</abbr>',
      );
      expect(text).not.toMatch(/N = 6|N = 2\b/);
      // Qualifizierungsmaßnahmen in the shown group: 7 of 7 "ja", a small base.
      expect(text).toContain(
        'Qualifizierungsmaßnahmen – 100,0 % (64,6–100,0) geringe Fallzahl zu wenige Antworten (< 5) – zu wenige Antworten (< 5) –',
      );
      expect(section).toContain('<td class="num suppressed"><em>zu wenige Antworten (&lt; 5)</em></td>');
      expect(page).toContain('<option value="reifegrad" selected>');
    });

    it('counts the wave once for the page with a breakdown (not once for the results and again for the breakdown)', async () => {
      const counts = testApp.app.get(AnswerCountsRepository);
      const answerCounts = jest.spyOn(counts, 'answerCounts');
      const completed = jest.spyOn(counts, 'completedCount');
      try {
        const page = textOf((await asAnalyst('/admin/wellen/stat-2023/ergebnisse?by=reifegrad').expect(200)).text);
        expect(page).toContain('Gruppen: Nicht gestartet (N = 0) · Experimentierphase (N = 7)');
        expect(answerCounts).toHaveBeenCalledTimes(1);
        expect(completed).toHaveBeenCalledTimes(1);
      } finally {
        answerCounts.mockRestore();
        completed.mockRestore();
      }
    });

    it('refuses a breakdown by a question that is not single-choice with a German error page, and an unknown include', async () => {
      await asAnalyst('/admin/wellen/stat-2023/ergebnisse?by=transfer').expect(422);
      await asAnalyst('/admin/wellen/stat-2023/ergebnisse?include=alle').expect(422);
    });
  });

  describe('Trends', () => {
    it('marks each change * or n.s. with its interval, p and test in the details, under a legend', async () => {
      const page = (await asAnalyst('/admin/umfragen/ki-mittelstand/trends').expect(200)).text;
      const changes = [
        ...page.matchAll(/<details class="change (significant|not-significant)"><summary title="([^"]+)">(.*?)<\/summary>/g),
      ];
      expect(changes.length).toBeGreaterThan(0);
      for (const [, kind, title, summary] of changes) {
        expect(textOf(title)).toMatch(
          /^KI 95 % der Differenz [−+]?\d+,\d bis [−+]?\d+,\d pp, p (=|<) [01],\d+, (N−1-Chi²-Test|exakter Test nach Fisher)$/,
        );
        expect(textOf(summary)).toMatch(kind === 'significant' ? /^[+−±]\d+,\d pp\*$/ : /^[+−±]\d+,\d pp, n\.s\.$/);
      }
      expect(textOf(page)).toContain('* Veränderung signifikant (p < 0,05); n.s. = nicht signifikant');
      expect(page).toContain('class="mark-rule role-mark ci_whisker_marks"');
      expect(page).toMatch(/abbildungen\/abb5\.svg\?ci=true" download>SVG mit Konfidenzintervallen/);
    });
  });

  describe('files', () => {
    it('figure SVG with ?ci=true: a whisker per shown share at its interval, n.s. exactly where not significant', async () => {
      const figure = (await http().get('/api/surveys/ki-mittelstand/figures/abb5').auth(tokens.analyst, { type: 'bearer' }).expect(200))
        .body as {
        rows: Array<{
          code: string;
          values: Array<{ wave: string; ci: { low: number; high: number } | null; significant: boolean | null }>;
        }>;
        waves: string[];
      };
      const svg = (await apiFile('/api/surveys/ki-mittelstand/figures/abb5.svg?ci=true')).body.toString('utf8');
      const latest = figure.waves[figure.waves.length - 1];
      const values = figure.rows.map((row) => ({ code: row.code, value: row.values.find((value) => value.wave === latest) }));
      const whiskers = svgMarkItems(svg, 'ci-whisker').map((item) => ariaFields(item.attributes['aria-label']));
      for (const { code, value } of values.filter((entry) => entry.value?.ci)) {
        expect(whiskers).toContainEqual(
          expect.objectContaining({ item: code, low: String(value?.ci?.low), high: String(value?.ci?.high) }),
        );
      }
      const notSignificant = svgMarkItems(svg, 'delta-not-significant').map((item) => ariaFields(item.attributes['aria-label']).item);
      expect(notSignificant.sort()).toEqual(
        values
          .filter((entry) => entry.value?.significant === false)
          .map((entry) => entry.code)
          .sort(),
      );
      const plain = (await apiFile('/api/surveys/ki-mittelstand/figures/abb5.svg')).body.toString('utf8');
      expect(svgMarkItems(plain, 'ci-whisker')).toEqual([]);
      await http().get('/api/surveys/ki-mittelstand/figures/abb5.svg?ci=ja').auth(tokens.analyst, { type: 'bearer' }).expect(422);
    });

    it('results CSV by a question: long format, suppressed groups "unterdrückt (< 5)" and never a number', async () => {
      const response = await apiFile('/api/waves/stat-2023/results.csv?format=plain&by=reifegrad');
      expect(response.headers['content-disposition']).toContain('stat-2023-results-nach-reifegrad.csv');
      const [header, ...rows]: string[][] = parse(response.body.toString('utf8'));
      expect(header.slice(0, 4)).toEqual(['Gruppe', 'Gruppe Code', 'N Gruppe', 'Gruppe Status']);
      const suppressed = rows.filter((row) => row[3] === 'unterdrückt (< 5)');
      expect(suppressed.map((row) => row[1]).sort()).toEqual(['gestaltungsphase', 'uebungsphase']);
      for (const row of suppressed) expect(row.slice(2).filter((cell) => /\d/.test(cell))).toEqual(['unterdrückt (< 5)']);
      const shown = rows.filter((row) => row[1] === 'experimentierphase');
      expect(shown.every((row) => row[2] === '7')).toBe(true);
    });

    it('results XLSX: interval columns, "geringe Fallzahl", a Methoden sheet; with include=partial named in the file', async () => {
      const response = await apiFile('/api/waves/stat-2023/results.xlsx?include=partial');
      expect(response.headers['content-disposition']).toContain('stat-2023-results-mit-begonnenen.xlsx');
      const workbook = await workbookOf(response.body);
      const transfer = workbook.getWorksheet('transfer');
      const header = (transfer?.getRow(2).values as unknown[]).slice(1);
      expect(header).toEqual(expect.arrayContaining(['Anteil (%)', 'KI 95 % unten (%)', 'KI 95 % oben (%)', 'Fallzahl']));
      const methods = workbook.getWorksheet('Methoden');
      const notes: string[] = [];
      methods?.eachRow((row) => notes.push(row.getCell(1).text));
      expect(notes.join('\n')).toContain('Wilson');
      expect(notes.join('\n')).toContain('auch der nicht abgeschlossenen');
    });
  });
});
