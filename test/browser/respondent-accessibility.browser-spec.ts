import { randomBytes } from 'node:crypto';
import { Page } from 'playwright-core';
import request from 'supertest';
import { BrowserHarness, closeTabsWithoutErrors, openTab, staffApi, startHarness, TestTab } from './browser-harness';
import { matrixLayoutProblems, noAnswerColumnStyle, seriousAxeViolations, visibleHeadings } from './page-checks';
import { answerPage, FULL_ANSWERS_2023, loadDefinition } from './questionnaire';

/** The widths the matrices must fit: small phone, tablet, small and large laptop, desktop. */
const WIDTHS = [360, 768, 1024, 1280, 1440];
const PHONE = { width: 360, height: 800 };
const DESKTOP = { width: 1280, height: 900 };
const VERSIONS = ['2019', '2021', '2023'];

const WAVE_TITLE = 'KI im Mittelstand – Befragung 2025';

/** After a resize: SurveyJS has switched its matrices to (or from) the phone layout and the page has been laid out. */
async function settle(page: Page, width: number): Promise<void> {
  await page.waitForFunction(
    (mobile) =>
      Array.from(document.querySelectorAll('.sd-question--table')).every(
        (card) => card.classList.contains('sd-question--mobile') === mobile,
      ),
    width < 600,
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function pageCount(page: Page): Promise<number> {
  const text = await page.getByText(/^Seite \d+ von \d+$/).textContent();
  return Number(/von (\d+)/.exec(text ?? '')?.[1]);
}

async function next(page: Page, to: number, of: number): Promise<void> {
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.getByText(`Seite ${to} von ${of}`, { exact: true }).waitFor();
}

describe('the respondent page: wave title, matrix layout, state texts and accessibility', () => {
  let harness: BrowserHarness;
  let staff: ReturnType<typeof staffApi>;
  let tabs: TestTab[] = [];

  const open = async (path: string, viewport = DESKTOP) => {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await tab.page.goto(harness.baseUrl + path);
    return tab;
  };

  /**
   * The checks every state of the page must pass, at phone and at desktop width: axe-core finds
   * nothing serious or critical, exactly one h1 is visible (the expected one), and screenshots
   * are saved for a person to look at.
   */
  const checkState = async (tab: TestTab, state: string, h1: string) => {
    for (const viewport of [PHONE, DESKTOP]) {
      await tab.page.setViewportSize(viewport);
      await settle(tab.page, viewport.width);
      expect({ state, width: viewport.width, h1: await visibleHeadings(tab.page, 1) }).toEqual({ state, width: viewport.width, h1: [h1] });
      expect({ state, width: viewport.width, violations: await seriousAxeViolations(tab.page) }).toEqual({
        state,
        width: viewport.width,
        violations: [],
      });
      await tab.screenshot(`a11y-${state}-${viewport.width}`);
    }
  };

  const messageOf = async (tab: TestTab, heading: string) => {
    await tab.page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
    return tab.page.locator('#message-text').textContent();
  };

  beforeAll(async () => {
    harness = await startHarness();
    staff = staffApi(harness);
    await staff.createWave('ki-2025', WAVE_TITLE);
    await staff.open('ki-2025');
  });

  afterEach(async () => {
    await closeTabsWithoutErrors(tabs);
    tabs = [];
  });

  afterAll(() => harness?.close());

  it("heads the page with the wave's title, not the questionnaire version's", async () => {
    const [link] = await staff.invite('ki-2025', 1);
    const tab = await open(link.path);
    await tab.page.getByText(/^Seite 1 von \d+$/).waitFor();
    expect(await tab.page.title()).toBe(WAVE_TITLE);
    expect(await visibleHeadings(tab.page, 1)).toEqual([WAVE_TITLE]);
    expect(await tab.page.locator('body').innerText()).not.toContain('Befragung 2023');
    // Each question is a heading of its own, below the page's h1.
    expect(await visibleHeadings(tab.page, 2)).toEqual([
      'In welchem Mittelstand-Digital Zentrum sind Sie tätig?',
      expect.stringMatching(/^In welcher Rolle sind Sie tätig\?/),
    ]);
  });

  it.each(VERSIONS)(
    'fits every matrix of the %s questionnaire into its card at 360 to 1440 px and sets "keine Angabe" apart from the scale',
    async (version) => {
      const code = `layout-${version}`;
      await staff.createWave(code, `Layout ${version}`, { version });
      await staff.open(code);
      const [link] = await staff.invite(code, 1);
      const tab = await open(link.path);
      await tab.page.getByText(/^Seite 1 von \d+$/).waitFor();
      const pages = await pageCount(tab.page);
      const definition = loadDefinition('ki-mittelstand', version);
      let matrices = 0;
      const layoutProblems: string[] = [];
      const notSetApart: string[] = [];
      for (let number = 1; number <= pages; number += 1) {
        for (const width of WIDTHS) {
          await tab.page.setViewportSize({ width, height: 900 });
          await settle(tab.page, width);
          layoutProblems.push(...(await matrixLayoutProblems(tab.page)).map((problem) => `page ${number}: ${problem}`));
          if (width >= 600) {
            for (const column of await noAnswerColumnStyle(tab.page)) {
              if (column.noAnswer[0] === column.scale[0])
                notSetApart.push(`page ${number} @${width}: ${column.question} ${JSON.stringify(column)}`);
            }
          } else {
            const rules = await tab.page
              .locator('.sd-question--mobile td.sd-matrix__cell:has(input[value="na"])')
              .evaluateAll((cells) => cells.map((cell) => getComputedStyle(cell).borderTopStyle));
            if (!rules.every((style) => style === 'dashed'))
              notSetApart.push(`page ${number} @${width}: no rule above "keine Angabe" (${rules.join(', ')})`);
          }
        }
        const onPage = definition.pages[number - 1].elements.filter((element) => element.type === 'matrix').length;
        matrices += onPage;
        if (onPage > 0 && (number === pages || version === '2023')) {
          await tab.page.setViewportSize({ width: 1024, height: 900 });
          await settle(tab.page, 1024);
          await tab.screenshot(`matrix-${version}-page-${number}-1024`);
          await tab.page.setViewportSize(PHONE);
          await settle(tab.page, PHONE.width);
          await tab.screenshot(`matrix-${version}-page-${number}-360`);
        }
        if (number === 1) await answerPage(tab.page, definition, definition.pages[0].name, { rolle: FULL_ANSWERS_2023.rolle });
        if (number < pages) await next(tab.page, number + 1, pages);
      }
      expect(layoutProblems).toEqual([]);
      expect(notSetApart).toEqual([]);
      expect(matrices).toBeGreaterThanOrEqual(3);
    },
  );

  it('passes axe-core on every questionnaire page, with errors shown, and on completion', async () => {
    const definition = loadDefinition('ki-mittelstand', '2023');
    const [link] = await staff.invite('ki-2025', 1);
    const tab = await open(link.path);
    await tab.page.getByText(/^Seite 1 von \d+$/).waitFor();
    const pages = await pageCount(tab.page);

    // The required question left open: SurveyJS shows its error.
    await tab.page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await tab.page.locator('[data-name="rolle"]').getByText('Bitte beantworten Sie diese Frage.').waitFor();
    await checkState(tab, 'required-error', WAVE_TITLE);

    for (let number = 1; number <= pages; number += 1) {
      const name = definition.pages[number - 1].name;
      await answerPage(tab.page, definition, name, FULL_ANSWERS_2023);
      await checkState(tab, `page-${number}-${name}`, WAVE_TITLE);
      if (number < pages) await next(tab.page, number + 1, pages);
    }

    // A value the server refuses: the notice above the form and the error at the question.
    await tab.page.route('**/api/respond/*', async (route) => {
      const sent = route.request();
      if (sent.method() !== 'PUT') return route.continue();
      const body = JSON.parse(sent.postData() ?? '{}');
      body.answers.trainerprogramm.werbekampagnen = 9;
      return route.continue({ postData: JSON.stringify(body) });
    });
    await answerPage(tab.page, definition, 'trainerprogramm_seite', { trainerprogramm: { werbekampagnen: 2 } });
    await tab.page
      .getByRole('alert')
      .getByText('Einige Antworten wurden nicht angenommen. Bitte prüfen Sie die markierten Fragen.')
      .waitFor();
    await tab.page.locator('[data-name="trainerprogramm"]').getByText('Ungültiger Wert 9', { exact: false }).waitFor();
    await checkState(tab, 'server-error', WAVE_TITLE);
    await tab.page.unroute('**/api/respond/*');

    await tab.page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await tab.page.getByRole('heading', { level: 1, name: 'Vielen Dank für Ihre Teilnahme!' }).waitFor();
    expect(await tab.page.title()).toBe(WAVE_TITLE);
    await checkState(tab, 'thanks', 'Vielen Dank für Ihre Teilnahme!');

    await tab.page.reload();
    await tab.page.getByRole('heading', { level: 1, name: 'Dieser Fragebogen ist bereits abgeschlossen' }).waitFor();
    expect(await tab.page.title()).toBe(WAVE_TITLE);
    await checkState(tab, 'already-completed', 'Dieser Fragebogen ist bereits abgeschlossen');
  });

  it('explains a link that is unknown or cut off after /survey/, in German and accessibly', async () => {
    const unknown = await open(`/survey/${randomBytes(32).toString('base64url')}`);
    expect(await messageOf(unknown, 'Dieser Link ist nicht gültig')).toContain('vollständig übernommen');
    await checkState(unknown, 'unknown-link', 'Dieser Link ist nicht gültig');

    for (const path of ['/survey/', '/survey']) {
      const answer = await request(harness.testApp.app.getHttpServer()).get(path).expect(404);
      expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(answer.text).toContain('<html lang="de">');
      expect(answer.headers['content-security-policy']).toContain("script-src 'self'");
      const cut = await open(path);
      expect(await messageOf(cut, 'Dieser Link ist nicht gültig')).toContain('vollständig übernommen');
      expect(await cut.page.title()).toBe('Dieser Link ist nicht gültig');
    }
    const cut = tabs[tabs.length - 1];
    // The page knows there is no token: it asks the API nothing.
    expect(cut.requests.filter((url) => url.includes('/api/'))).toEqual([]);
    await checkState(cut, 'cut-off-link', 'Dieser Link ist nicht gültig');
  });

  it('tells the holder of a blocked link that it is blocked and that saved answers are kept', async () => {
    const [link] = await staff.invite('ki-2025', 1);
    await staff.save(link.token, { rolle: 'ki_trainer' });
    await staff.block('ki-2025', link.id);
    const blocked = await open(link.path);
    expect(await messageOf(blocked, 'Dieser Link ist gesperrt')).toContain('Ihre bisher gespeicherten Antworten bleiben erhalten');
    expect(await blocked.page.locator('input[type=radio]').count()).toBe(0);
    await checkState(blocked, 'blocked-link', 'Dieser Link ist gesperrt');
  });

  it('says whether the wave has not begun or is over, and mentions saved answers only to those who have some', async () => {
    const saved = { zentrum: 'Zentrum Chemnitz' };
    const states: Array<{ state: string; path: string; heading: string; text: string | RegExp; notText?: RegExp; code: string }> = [];

    await staff.createWave('draft', 'Noch nicht geöffnet');
    const [draft] = await staff.invite('draft', 1);
    states.push({
      state: 'not-yet-open',
      path: draft.path,
      heading: 'Die Befragung hat noch nicht begonnen',
      text: 'Diese Befragung ist noch nicht geöffnet. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.',
      code: 'RESPONSE_WAVE_NOT_OPEN',
    });

    await staff.createWave('later', 'Beginnt später', { opensAt: '2098-03-01T08:00:00Z' });
    await staff.open('later');
    const [later] = await staff.invite('later', 1);
    states.push({
      state: 'before-window',
      path: later.path,
      heading: 'Die Befragung hat noch nicht begonnen',
      text: 'Diese Befragung beginnt am 1. März 2098 um 09:00. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.',
      code: 'RESPONSE_OUTSIDE_WINDOW',
    });

    await staff.createWave('closed', 'Beendet');
    await staff.open('closed');
    const [answered, silent] = await staff.invite('closed', 2);
    await staff.save(answered.token, saved);
    await staff.close('closed');
    states.push({
      state: 'closed-with-answers',
      path: answered.path,
      heading: 'Die Befragung ist beendet',
      text: 'Diese Befragung ist beendet. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
      code: 'RESPONSE_WAVE_NOT_OPEN',
    });
    states.push({
      state: 'closed-without-answers',
      path: silent.path,
      heading: 'Die Befragung ist beendet',
      text: 'Diese Befragung ist beendet; es können keine Antworten mehr abgegeben werden.',
      code: 'RESPONSE_WAVE_NOT_OPEN',
    });

    await staff.createWave('expired', 'Zeitraum vorbei');
    await staff.open('expired');
    const [expiredAnswered, expiredSilent] = await staff.invite('expired', 2);
    await staff.save(expiredAnswered.token, saved);
    await staff.update('expired', { opensAt: '2020-01-01T00:00:00Z', closesAt: '2020-02-01T23:00:00Z' });
    states.push({
      state: 'after-window-with-answers',
      path: expiredAnswered.path,
      heading: 'Die Befragung ist beendet',
      text: 'Der Befragungszeitraum endete am 2. Februar 2020 um 00:00. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
      code: 'RESPONSE_OUTSIDE_WINDOW',
    });
    states.push({
      state: 'after-window-without-answers',
      path: expiredSilent.path,
      heading: 'Die Befragung ist beendet',
      text: 'Der Befragungszeitraum endete am 2. Februar 2020 um 00:00; es können keine Antworten mehr abgegeben werden.',
      code: 'RESPONSE_OUTSIDE_WINDOW',
    });

    // An invitee who saved answers before the start was moved later keeps them, and is told so.
    await staff.createWave('moved', 'Verschoben');
    await staff.open('moved');
    const [moved] = await staff.invite('moved', 1);
    await staff.save(moved.token, saved);
    await staff.update('moved', { opensAt: '2098-03-01T08:00:00Z' });
    states.push({
      state: 'before-window-with-answers',
      path: moved.path,
      heading: 'Die Befragung hat noch nicht begonnen',
      text: 'Diese Befragung beginnt am 1. März 2098 um 09:00. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat. Ihre bisher gespeicherten Antworten bleiben erhalten.',
      code: 'RESPONSE_OUTSIDE_WINDOW',
    });

    for (const expected of states) {
      const api = await staff.respondent(expected.path.split('/').pop() ?? '').expect(409);
      expect({ state: expected.state, code: api.body.code, errors: api.body.errors }).toEqual({
        state: expected.state,
        code: expected.code,
        errors: [{ path: 'wave', message: expected.heading }],
      });
      const tab = await open(expected.path);
      expect({ state: expected.state, text: await messageOf(tab, expected.heading) }).toEqual({
        state: expected.state,
        text: expected.text,
      });
      expect(await tab.page.title()).toBe(expected.heading);
      expect(await tab.page.getByRole('radio').count()).toBe(0);
      await checkState(tab, expected.state, expected.heading);
    }
  });
});
