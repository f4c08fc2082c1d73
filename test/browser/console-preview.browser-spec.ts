import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { ConsoleStaff, createConsoleStaff } from '../support/console';
import { BrowserHarness, closeTabsWithoutErrors, openTab, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations } from './page-checks';
import { answerPage, FULL_ANSWERS_2023, loadDefinition, pageNames } from './questionnaire';

const definition = loadDefinition('ki-mittelstand', '2023');
const PAGES = pageNames(definition);
const PREVIEW = '/admin/frageboegen/ki-mittelstand/2023/vorschau';
const PHONE = { width: 390, height: 844 };

describe('the preview of a questionnaire version in the staff console', () => {
  let harness: BrowserHarness;
  let staff: ConsoleStaff;
  let tabs: TestTab[] = [];

  /** A tab signed in to the console with the analyst's session cookie (the preview is read-only, for every staff member). */
  const signedInTab = async (viewport = { width: 1280, height: 900 }) => {
    const context = await harness.browser.newContext({ viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' });
    await context.addCookies([
      { name: SESSION_COOKIE, value: staff.analyst.cookie.split('=')[1], domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' },
    ]);
    const tab = await openTab(harness, viewport, context);
    tabs.push(tab);
    return tab;
  };

  beforeAll(async () => {
    harness = await startHarness();
    staff = await createConsoleStaff(harness.testApp.app);
  });

  afterEach(async () => {
    await closeTabsWithoutErrors(tabs);
    tabs = [];
  });

  afterAll(() => harness.close());

  it('shows the questionnaire as respondents see it, with the banner, and sends nothing when answering and going on', async () => {
    const tab = await signedInTab();
    const { page } = tab;
    const sent: Array<{ method: string; url: string }> = [];
    page.on('request', (request) => sent.push({ method: request.method(), url: request.url() }));
    await page.goto(harness.baseUrl + PREVIEW);

    await page.getByRole('heading', { level: 1, name: 'Künstliche Intelligenz im Mittelstand – Befragung 2023' }).waitFor();
    await expect(page.getByText('Vorschau – Antworten werden nicht gespeichert', { exact: true }).isVisible()).resolves.toBe(true);
    await page.getByText(`Seite 1 von ${PAGES.length}`, { exact: true }).waitFor();
    await expect(page.title()).resolves.toBe('Vorschau – Künstliche Intelligenz im Mittelstand – Befragung 2023');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('console-preview-1280-seite1', { fullPage: false });

    await answerPage(page, definition, PAGES[0], FULL_ANSWERS_2023);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByText(`Seite 2 von ${PAGES.length}`, { exact: true }).waitFor();
    await answerPage(page, definition, PAGES[1], FULL_ANSWERS_2023);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByText(`Seite 3 von ${PAGES.length}`, { exact: true }).waitFor();
    // Time for any throttled save the respondent page would have sent by now.
    await page.waitForTimeout(4000);
    await tab.screenshot('console-preview-1280-seite3');

    expect(sent.filter((request) => request.url.includes('/api/'))).toEqual([]);
    expect(sent.filter((request) => request.method !== 'GET')).toEqual([]);
    expect(sent.filter((request) => request.url.endsWith('/vorschau.json'))).toHaveLength(1);
    await expect(page.locator('#save-state').isVisible()).resolves.toBe(false);
    const drafts = await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('survey-waves:draft:')));
    expect(drafts).toEqual([]);
  });

  it('fits a 390 px phone and leads back to the codebook', async () => {
    const tab = await signedInTab(PHONE);
    const { page } = tab;
    await page.goto(harness.baseUrl + PREVIEW);
    await page.getByText(`Seite 1 von ${PAGES.length}`, { exact: true }).waitFor();
    await expect(page.getByText('Vorschau – Antworten werden nicht gespeichert', { exact: true }).isVisible()).resolves.toBe(true);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await tab.screenshot('console-preview-390', { fullPage: false });
    await page.getByRole('link', { name: 'Zurück zum Codebook' }).click();
    await page.getByRole('heading', { level: 1, name: 'Künstliche Intelligenz im Mittelstand – Befragung 2023, Version 2023' }).waitFor();
  });

  it('sends someone without a console session to the sign-in page', async () => {
    const tab = await openTab(harness);
    tabs.push(tab);
    await tab.page.goto(harness.baseUrl + PREVIEW);
    // Without a session the console sends the browser to its sign-in page.
    await tab.page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(new URL(tab.page.url()).pathname).toBe('/admin/login');
  });
});
