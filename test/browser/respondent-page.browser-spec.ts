import { randomBytes } from 'node:crypto';
import { BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import type { WaveResults } from '../../src/analysis/analysis.types';
import {
  BrowserHarness,
  closeTabsWithoutErrors,
  openTab,
  staffApi,
  startHarness,
  storedResponse,
  TestTab,
  waitUntilSaved,
} from './browser-harness';
import {
  answerPage,
  answerPagesInOrder,
  Answers,
  answersOfPages,
  FULL_ANSWERS_2023,
  goToPage,
  loadDefinition,
  pageNames,
  shownAnswers,
} from './questionnaire';

const definition = loadDefinition('ki-mittelstand', '2023');
const PAGES = pageNames(definition);
const PHONE = { width: 390, height: 844 };

async function localDrafts(page: Page): Promise<Array<{ answers: Answers }>> {
  return page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith('survey-waves:draft:'))
      .map((key) => JSON.parse(localStorage.getItem(key) ?? 'null') as { answers: Answers }),
  );
}

describe('the respondent page in Chromium', () => {
  let harness: BrowserHarness;
  let staff: ReturnType<typeof staffApi>;
  let tabs: TestTab[] = [];

  const open = async (path: string, options: { viewport?: { width: number; height: number }; context?: BrowserContext } = {}) => {
    const tab = await openTab(harness, options.viewport, options.context);
    tabs.push(tab);
    await tab.page.goto(harness.baseUrl + path);
    return tab;
  };

  const openWave = async (code: string) => {
    await staff.createWave(code, `KI im Mittelstand – Browser-Test ${code}`);
    await staff.open(code);
  };

  beforeAll(async () => {
    harness = await startHarness();
    staff = staffApi(harness);
    await openWave('browser-2023');
  });

  afterEach(async () => {
    // No third-party request ever (the token must not leak), the strict CSP is never in the way, no script error.
    for (const tab of tabs) expect(tab.requests.filter((url) => !url.startsWith(`${harness.baseUrl}/`))).toEqual([]);
    await closeTabsWithoutErrors(tabs);
    tabs = [];
  });

  afterAll(() => harness?.close());

  it('keeps half of the 2023 questionnaire across a reload and on another device', async () => {
    const [link] = await staff.invite('browser-2023', 1);
    const tab = await open(link.path);
    const half = PAGES.slice(0, 5);
    const given: Answers = {
      ...answersOfPages(definition, half, FULL_ANSWERS_2023),
      bereiche: { produktion: 4, logistik: 4, marketing_vertrieb: 3 },
    };

    await answerPagesInOrder(tab.page, definition, half, given);
    await waitUntilSaved(tab.page);
    await tab.screenshot('01-half-answered');
    expect(await tab.page.locator('#save-state').textContent()).toBe('gespeichert');
    expect(await storedResponse(harness, link.token)).toMatchObject({ status: 'partial', answers: given });
    expect(await localDrafts(tab.page)).toEqual([]);

    await tab.page.reload();
    await tab.page.getByText(`Seite 5 von ${PAGES.length}`, { exact: true }).waitFor();
    for (const name of [...half].reverse()) {
      expect(await shownAnswers(tab.page, definition, name)).toEqual(answersOfPages(definition, [name], given));
      if (name !== half[0]) await goToPage(tab.page, PAGES.length, 'Zurück');
    }
    await tab.screenshot('02-resumed-after-reload');

    const elsewhere = await open(link.path);
    await elsewhere.page.getByText(`Seite 5 von ${PAGES.length}`, { exact: true }).waitFor();
    expect(await shownAnswers(elsewhere.page, definition, 'make_buy_seite')).toEqual({ make_buy: FULL_ANSWERS_2023.make_buy });
  });

  it('completes the questionnaire: the stored response and the results are exactly what was clicked', async () => {
    await openWave('browser-complete');
    const [link] = await staff.invite('browser-complete', 1);
    const tab = await open(link.path);

    await answerPagesInOrder(tab.page, definition, PAGES, FULL_ANSWERS_2023);
    await tab.page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await tab.page.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).waitFor();
    await tab.screenshot('03-completed');

    expect(await storedResponse(harness, link.token)).toMatchObject({ status: 'completed' });
    expect((await storedResponse(harness, link.token))?.answers).toEqual(FULL_ANSWERS_2023);
    const results = (await staff.results('browser-complete')) as WaveResults;
    expect(results.completed).toBe(1);
    for (const question of results.questions) {
      const given = FULL_ANSWERS_2023[question.code];
      if (question.kind === 'text') {
        expect({ question: question.code, nReported: question.nReported }).toEqual({ question: question.code, nReported: 1 });
      } else if (question.kind === 'choice') {
        const chosen = question.items.filter((item) => item.topCount > 0).map((item) => [item.code, item.topCount]);
        expect({ question: question.code, chosen }).toEqual({ question: question.code, chosen: [[given, 1]] });
      } else {
        for (const item of question.items) {
          const clicked = Object.entries(item.counts).filter(([, count]) => count > 0);
          const value = (given as Record<string, string | number>)[item.code];
          expect({ item: `${question.code}.${item.code}`, clicked }).toEqual({
            item: `${question.code}.${item.code}`,
            clicked: [[String(value), 1]],
          });
        }
      }
    }
    expect(results.questions.map((question) => question.code)).toEqual(Object.keys(FULL_ANSWERS_2023));
    expect(await localDrafts(tab.page)).toEqual([]);

    await tab.page.reload();
    await tab.page.getByRole('heading', { name: 'Dieser Fragebogen ist bereits abgeschlossen' }).waitFor();
    await tab.screenshot('04-already-completed');
    const shown = await tab.page.locator('body').innerText();
    expect(shown).not.toContain('Mittelstand-Digital Zentrum Hamburg');
    expect(shown).not.toContain('Quick wins');
    expect(await tab.page.getByRole('radio').count()).toBe(0);
    expect(await tab.page.getByRole('textbox').count()).toBe(0);
    const view = await staff.respondent(link.token).expect(200);
    expect(view.body).toMatchObject({ status: 'completed', answers: {}, definition: null });
  });

  it('shows the closing of the wave mid-way in German, keeps the saved answers and the unsaved ones until a save succeeds', async () => {
    await openWave('browser-closing');
    const [link] = await staff.invite('browser-closing', 1);
    const tab = await open(link.path);
    const saved = answersOfPages(definition, PAGES.slice(0, 2), FULL_ANSWERS_2023);
    await answerPagesInOrder(tab.page, definition, PAGES.slice(0, 2), saved);
    await goToPage(tab.page, PAGES.length, 'Weiter');
    await waitUntilSaved(tab.page);
    const before = await storedResponse(harness, link.token);
    expect(before?.answers).toEqual(saved);

    await staff.close('browser-closing');
    await answerPage(tab.page, definition, 'bereiche_seite', { bereiche: { produktion: 2 } });
    const notice = tab.page.getByRole('alert');
    await notice.getByText(/Diese Befragung ist beendet\. Ihre bisher gespeicherten Antworten bleiben erhalten/).waitFor();
    expect(await notice.textContent()).toContain('Ihre Eingaben bleiben in diesem Browser gesichert.');
    expect(await tab.page.locator('#save-state').textContent()).toBe('nicht gespeichert');
    await tab.screenshot('05-closed-mid-way');

    expect(await storedResponse(harness, link.token)).toEqual(before);
    expect(await shownAnswers(tab.page, definition, 'bereiche_seite')).toEqual({ bereiche: { produktion: 2 } });
    expect(await localDrafts(tab.page)).toEqual([expect.objectContaining({ answers: { ...saved, bereiche: { produktion: 2 } } })]);

    await tab.page.reload();
    await tab.page.getByRole('heading', { name: 'Die Befragung ist beendet' }).waitFor();
    expect(await tab.page.locator('#message-text').textContent()).toMatch(
      /^Diese Befragung ist beendet\. Ihre bisher gespeicherten Antworten bleiben erhalten/,
    );
    await tab.screenshot('06-wave-closed');

    await staff.reopen('browser-closing');
    await tab.page.reload();
    await tab.page.getByText('Antworten, die bei Ihrem letzten Besuch noch nicht gespeichert waren, wurden wiederhergestellt.').waitFor();
    await waitUntilSaved(tab.page);
    expect((await storedResponse(harness, link.token))?.answers).toEqual({ ...saved, bereiche: { produktion: 2 } });
    expect(await localDrafts(tab.page)).toEqual([]);
  });

  it('refuses a value outside the scale with 422, stores nothing, and shows the error at the question', async () => {
    const [link] = await staff.invite('browser-2023', 1);
    const tab = await open(link.path);
    const saved = answersOfPages(definition, PAGES.slice(0, 2), FULL_ANSWERS_2023);
    await answerPagesInOrder(tab.page, definition, PAGES.slice(0, 2), saved);
    await waitUntilSaved(tab.page);
    const before = await storedResponse(harness, link.token);
    expect(before?.answers).toEqual(saved);

    const forced = await tab.page.evaluate(
      async ({ token, answers, revision }) => {
        const response = await fetch(`/api/respond/${token}`, {
          method: 'PUT',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ answers, complete: false, revision }),
        });
        return { status: response.status, body: await response.json() };
      },
      { token: link.token, answers: { ...saved, chancen: { ...(saved.chancen as object), werbung: 7 } }, revision: before?.revision },
    );
    expect(forced.status).toBe(422);
    expect(forced.body).toMatchObject({ code: 'RESPONSE_INVALID', errors: [expect.objectContaining({ path: 'chancen.werbung' })] });
    expect(await storedResponse(harness, link.token)).toEqual(before);

    // The page's own save carrying the same value: refused, and the page says where.
    await tab.page.route('**/api/respond/*', async (route) => {
      const sent = route.request();
      if (sent.method() !== 'PUT') return route.continue();
      const body = JSON.parse(sent.postData() ?? '{}');
      body.answers.chancen.werbung = 7;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await answerPage(tab.page, definition, 'chancen_seite', { chancen: { logistik: 4 } });
    const chancen = tab.page.locator('[data-name="chancen"]');
    await chancen.getByText('zielgenauere Werbung / Promotion: Ungültiger Wert 7', { exact: false }).waitFor();
    await tab.page
      .getByRole('alert')
      .getByText('Einige Antworten wurden nicht angenommen. Bitte prüfen Sie die markierten Fragen.')
      .waitFor();
    expect(await tab.page.locator('#save-state').textContent()).toBe('nicht gespeichert');
    await tab.screenshot('07-invalid-value-refused');
    expect(await storedResponse(harness, link.token)).toEqual(before);

    await tab.page.unroute('**/api/respond/*');
    await answerPage(tab.page, definition, 'chancen_seite', { chancen: { kundenservice: 4 } });
    await waitUntilSaved(tab.page);
    expect(await tab.page.getByRole('alert').isHidden()).toBe(true);
    expect((await storedResponse(harness, link.token))?.answers).toEqual({
      ...saved,
      chancen: { ...(saved.chancen as object), logistik: 4, kundenservice: 4 },
    });
  });

  it('completes only when the server accepts: its errors send the respondent back to the question', async () => {
    const [link] = await staff.invite('browser-2023', 1);
    const tab = await open(link.path);
    await answerPage(tab.page, definition, 'profil', { rolle: 'ki_experte' });
    for (let page = 1; page < PAGES.length; page += 1) await goToPage(tab.page, PAGES.length, 'Weiter');
    await waitUntilSaved(tab.page);

    // The completing save arrives without the required role (as if the form had let it through).
    await tab.page.route('**/api/respond/*', async (route) => {
      const body = route.request().method() === 'PUT' ? JSON.parse(route.request().postData() ?? '{}') : null;
      if (body?.complete !== true) return route.continue();
      delete body.answers.rolle;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await tab.page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await tab.page.getByText(`Seite 1 von ${PAGES.length}`, { exact: true }).waitFor();
    await tab.page.locator('[data-name="rolle"]').getByText('Bitte beantworten Sie diese Frage.').waitFor();
    await tab.screenshot('08-completion-refused');
    expect(await storedResponse(harness, link.token)).toMatchObject({ status: 'partial', answers: { rolle: 'ki_experte' } });
    expect(await tab.page.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).count()).toBe(0);

    await tab.page.unroute('**/api/respond/*');
    for (let page = 1; page < PAGES.length; page += 1) await goToPage(tab.page, PAGES.length, 'Weiter');
    await tab.page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await tab.page.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).waitFor();
    expect(await storedResponse(harness, link.token)).toMatchObject({ status: 'completed', answers: { rolle: 'ki_experte' } });
  });

  it('explains an unknown link and a wave that is not open yet', async () => {
    const unknown = await open(`/survey/${randomBytes(32).toString('base64url')}`);
    await unknown.page.getByRole('heading', { name: 'Dieser Link ist nicht gültig' }).waitFor();
    expect(await unknown.page.locator('#message-text').textContent()).toContain('vollständig übernommen');
    await unknown.screenshot('09-unknown-link');

    await staff.createWave('browser-draft', 'KI im Mittelstand – noch nicht geöffnet');
    const [link] = await staff.invite('browser-draft', 1);
    const early = await open(link.path);
    await early.page.getByRole('heading', { name: 'Die Befragung hat noch nicht begonnen' }).waitFor();
    expect(await early.page.locator('#message-text').textContent()).toBe(
      'Diese Befragung ist noch nicht geöffnet. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.',
    );
    expect(await early.page.getByRole('radio').count()).toBe(0);
    await early.screenshot('10-not-yet-open');
  });

  it('works on a 390 px phone screen and with the keyboard alone', async () => {
    const [link] = await staff.invite('browser-2023', 1);
    const tab = await open(link.path, { viewport: PHONE });
    const zentrum = tab.page.getByRole('textbox', { name: 'In welchem Mittelstand-Digital Zentrum sind Sie tätig?' });
    await zentrum.focus();
    await tab.page.keyboard.type('Zentrum Chemnitz');
    await tab.page.keyboard.press('Tab');
    await tab.page.keyboard.press('Space');
    await tab.page.keyboard.press('ArrowDown');
    expect(await tab.page.getByRole('radio', { name: 'weitere:r KI-Expert:in', exact: true }).isChecked()).toBe(true);
    await tab.page.keyboard.press('Tab');
    await tab.page.keyboard.press('Enter');
    await tab.page.getByText(`Seite 2 von ${PAGES.length}`, { exact: true }).waitFor();

    const chancen = { prozesseffizienz: 3, logistik: 'na', werbung: 1 };
    await answerPage(tab.page, definition, 'chancen_seite', { chancen });
    await waitUntilSaved(tab.page);
    expect(await tab.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await tab.screenshot('11-phone');
    await tab.screenshot('11-phone-screen', { fullPage: false });
    expect((await storedResponse(harness, link.token))?.answers).toEqual({ zentrum: 'Zentrum Chemnitz', rolle: 'ki_experte', chancen });
  });

  it('does not overwrite answers saved in another window, and takes both over after a reload', async () => {
    const [link] = await staff.invite('browser-2023', 1);
    const first = await open(link.path);
    const second = await open(link.path, { context: first.context });
    await second.page.getByText(`Seite 1 von ${PAGES.length}`, { exact: true }).waitFor();

    await answerPage(first.page, definition, 'profil', { rolle: 'ki_trainer' });
    await waitUntilSaved(first.page);
    await answerPage(second.page, definition, 'profil', { zentrum: 'Zentrum Stuttgart' });
    await second.page
      .getByRole('alert')
      .getByText(/in einem anderen Fenster oder auf einem anderen Gerät gespeichert/)
      .waitFor();
    await second.screenshot('12-saved-elsewhere');
    expect((await storedResponse(harness, link.token))?.answers).toEqual({ rolle: 'ki_trainer' });

    await second.page.getByRole('button', { name: 'Seite neu laden' }).click();
    await second.page
      .getByText('Antworten, die bei Ihrem letzten Besuch noch nicht gespeichert waren, wurden wiederhergestellt.')
      .waitFor();
    await waitUntilSaved(second.page);
    expect((await storedResponse(harness, link.token))?.answers).toEqual({ rolle: 'ki_trainer', zentrum: 'Zentrum Stuttgart' });
  });

  it('serves the page and only the whitelisted assets, fingerprinted, cached for a year and gzipped', async () => {
    const http = () => request(harness.testApp.app.getHttpServer());
    const page = await http()
      .get(`/survey/${randomBytes(32).toString('base64url')}`)
      .expect(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    // Served over plain http on a LAN address, an upgrade would send the page's scripts to https and leave it loading forever.
    expect(page.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[0-9a-f]{16}\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets.map((path) => path.replace(/^\/assets\/[0-9a-f]{16}\//, '')).sort()).toEqual([
      'survey-core.css',
      'survey-core.de.js',
      'survey-core.js',
      'survey-js-ui.js',
      'survey-page.css',
      'survey-page.js',
    ]);
    for (const path of assets) {
      const zipped = await http().get(path).set('Accept-Encoding', 'gzip').expect(200);
      expect(zipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(zipped.headers['content-type']).toMatch(
        path.endsWith('.js') ? /^text\/javascript; charset=utf-8$/ : /^text\/css; charset=utf-8$/,
      );
      const plain = await http().get(path).set('Accept-Encoding', 'identity').expect(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
    }
    const fingerprint = /^\/assets\/([0-9a-f]{16})\//.exec(assets[0])?.[1];
    await http().get(`/assets/${fingerprint}/package.json`).expect(404);
    await http().get(`/assets/0000000000000000/survey-core.js`).expect(404);
    await http().get(`/assets/${fingerprint}/..%2F..%2Fpackage.json`).expect(404);
    await http().get('/assets/survey-core/package.json').expect(404);
  });
});
