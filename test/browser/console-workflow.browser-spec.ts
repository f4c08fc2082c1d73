import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { Download, Page } from 'playwright-core';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { BrowserHarness, closeTabsWithoutErrors, consoleAccount, openTab, signInToConsole, startHarness, TestTab } from './browser-harness';
import { answerPagesInOrder, FULL_ANSWERS_2023, loadDefinition, pageNames } from './questionnaire';

const definition = loadDefinition('ki-mittelstand', '2023');
const DESKTOP = { width: 1280, height: 900 };
const WAVE = 'ki-2025';
const TITLE = 'KI im Mittelstand 2025';
const LIST = [
  'Dr. Erika Beispiel; erika.beispiel@zentrum-hamburg.example; Mittelstand-Digital Zentrum Hamburg',
  'Max Muster; max.muster@zentrum-berlin.example; Mittelstand-Digital Zentrum Berlin',
  'Jana Jansen; jana@zentrum-ruhr.example; Mittelstand-Digital Zentrum Ruhr',
].join('\n');

/** Clicks a download link and returns the file's bytes and suggested name. */
async function download(page: Page, click: () => Promise<void>): Promise<{ name: string; body: Buffer }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), body: await readFile(path) };
}

/** The text of a page's flash message (shown once after an action). */
async function flash(page: Page): Promise<string> {
  return (await page.locator('.flash').textContent())?.trim() ?? '';
}

/** The tabs of a wave's pages. */
function waveTab(page: Page, name: 'Welle' | 'Einladungen' | 'Fortschritt' | 'Ergebnisse') {
  return page.getByRole('navigation', { name: /^Seiten der Welle/ }).getByRole('link', { name, exact: true });
}

/** The figures of the progress page by their German names. */
async function progressFigures(page: Page): Promise<Record<string, string>> {
  return page.$$eval('.progress-figures dl > div', (figures) =>
    Object.fromEntries(
      figures.map((figure) => [figure.querySelector('dt')?.textContent?.trim(), figure.querySelector('dd')?.textContent?.trim()]),
    ),
  );
}

/** Counts per level and "keine Angabe" of one question's result table (the columns after them, N and the top-box share, left out). */
async function resultCounts(page: Page, questionCode: string): Promise<number[][]> {
  return page.$$eval(`section[aria-labelledby="frage-${questionCode}"] table tbody tr`, (rows) =>
    rows.map((row) =>
      Array.from(row.querySelectorAll('td'))
        .slice(0, -2)
        .map((cell) => Number((cell.childNodes[0]?.textContent ?? '').replace(/\./g, '').trim())),
    ),
  );
}

describe('the staff console in Chromium: a whole wave without a terminal', () => {
  let harness: BrowserHarness;
  let admin: { email: string; password: string };
  let analyst: { email: string; password: string };
  const tabs: TestTab[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    admin = await consoleAccount(harness, 'Anna Admin', 'anna.admin@wik.example', StaffRole.Admin);
    analyst = await consoleAccount(harness, 'Ali Analyse', 'ali.analyse@wik.example', StaffRole.Analyst);
  }, 120_000);

  afterAll(() => harness.close());

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  it('runs a wave as an admin: sign in, create, open, invite three, one answers, progress, close, results, downloads, sign out', async () => {
    const tab = await openTab(harness, DESKTOP);
    tabs.push(tab);
    const { page } = tab;

    // Sign in.
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await tab.screenshot('console-01-login');
    await signInToConsole(page, harness.baseUrl, admin);
    expect(await page.textContent('main')).toContain('Noch keine Welle');
    await tab.screenshot('console-02-overview-empty');

    // Create a wave.
    await page.getByRole('link', { name: 'Neue Welle' }).click();
    await page.getByLabel('Kürzel').fill(WAVE);
    await page.getByLabel('Titel').fill(TITLE);
    await page.getByLabel('Fragebogen und Version').selectOption({ label: 'ki-mittelstand, Version 2023' });
    await page.getByLabel('Ende', { exact: true }).fill('2099-07-27T23:59');
    await tab.screenshot('console-03-new-wave');
    await page.getByRole('button', { name: 'Welle anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    expect(await page.textContent('main')).toContain('27.07.2099, 23:59 Uhr');

    // Open it, behind a confirmation that says what happens.
    await page.getByRole('link', { name: /^Welle öffnen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Welle öffnen?' }).waitFor();
    await tab.screenshot('console-04-confirm-open');
    await page.getByRole('button', { name: 'Ja, Welle öffnen' }).click();
    expect(await flash(page)).toBe('Die Welle ist geöffnet.');
    await tab.screenshot('console-05-wave-open');

    // Three invitations from a pasted list: a preview first, then the links shown once.
    await waveTab(page, 'Einladungen').click();
    await page.getByLabel('Liste einfügen').fill(LIST);
    await page.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Vorschau der Einladungen' }).waitFor();
    await tab.screenshot('console-06-invitation-preview');
    await page.getByRole('button', { name: '3 Einladungen anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neue Einladungen' }).waitFor();
    await tab.screenshot('console-07-links-once');
    const links = await page.$$eval('input.link-field', (inputs) => inputs.map((input) => (input as HTMLInputElement).value));
    expect(links).toHaveLength(3);
    for (const link of links) expect(link).toMatch(/\/survey\/[A-Za-z0-9_-]{43}$/);
    const csv = await download(page, () => page.getByRole('button', { name: 'Links als CSV herunterladen' }).click());
    for (const link of links) expect(csv.body.toString('utf8')).toContain(link);

    // One expert answers through their link, in a browser of their own.
    const expert = await openTab(harness, DESKTOP);
    tabs.push(expert);
    await expert.page.goto(`${harness.baseUrl}${new URL(links[0]).pathname}`);
    await answerPagesInOrder(expert.page, definition, pageNames(definition), FULL_ANSWERS_2023);
    await expert.page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await expert.page.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).waitFor();

    // Progress: one completed of three.
    await page.goto(`${harness.baseUrl}/admin/wellen/${WAVE}`);
    await waveTab(page, 'Fortschritt').click();
    await page.getByRole('heading', { level: 1, name: `Fortschritt: ${TITLE}` }).waitFor();
    expect(await progressFigures(page)).toEqual({ Rücklaufquote: '33,3 %', Eingeladen: '3', Begonnen: '1', Abgeschlossen: '1' });
    expect(await page.locator('figure svg[role="img"]').count()).toBe(1);
    await tab.screenshot('console-08-progress');

    // Close the wave.
    await waveTab(page, 'Welle').click();
    await page.getByRole('link', { name: /^Welle schließen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Welle schließen?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, Welle schließen' }).click();
    expect(await flash(page)).toContain('Die Welle ist geschlossen.');
    await tab.screenshot('console-09-wave-closed');

    // Results: exactly what was answered.
    await waveTab(page, 'Ergebnisse').click();
    expect(await page.textContent('p.lead')).toContain('Grundlage: 1 abgeschlossene Antwort.');
    const chancen = FULL_ANSWERS_2023.chancen as Record<string, number | 'na'>;
    const expected = Object.values(chancen).map((answer) =>
      [1, 2, 3, 4].map((level) => (answer === level ? 1 : 0)).concat(answer === 'na' ? 1 : 0),
    );
    expect(await resultCounts(page, 'chancen')).toEqual(expected);
    await tab.screenshot('console-10-results');

    const xlsx = await download(page, () => page.getByRole('link', { name: 'Excel (XLSX)' }).click());
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    // The sheet of "chancen": per item its code, title, N, N keine Angabe, N Basis, the counts of levels 1–4 and of "keine Angabe".
    const sheetRows: unknown[][] = [];
    workbook.getWorksheet('chancen')?.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    const itemRows = sheetRows.filter((row) => Object.keys(chancen).includes(String(row[0])));
    expect(itemRows.map((row) => [row[0], ...row.slice(5, 10)])).toEqual(
      Object.keys(chancen).map((item, index) => [item, ...expected[index]]),
    );

    // The report's figures of this survey, and one as SVG.
    await page.getByRole('link', { name: 'Trends dieser Umfrage' }).click();
    await page.locator('.figure-downloads').first().waitFor();
    await tab.screenshot('console-11-trends');
    const svg = await download(page, () =>
      page.locator('.figure-downloads').first().getByRole('link', { name: 'SVG', exact: true }).click(),
    );
    expect(svg.name).toMatch(/\.svg$/);
    expect(svg.body.toString('utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);

    // Sign out: the console is closed again.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await page.goto(`${harness.baseUrl}/admin/wellen/${WAVE}`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  }, 240_000);

  it('shows an analyst everything read-only: no admin action on any page, and the server refuses them', async () => {
    const tab = await openTab(harness, DESKTOP);
    tabs.push(tab);
    const { page } = tab;
    await signInToConsole(page, harness.baseUrl, analyst);
    expect(await page.getByRole('link', { name: 'Neue Welle' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Team' }).count()).toBe(0);
    await tab.screenshot('console-20-analyst-overview');

    await page.getByRole('link', { name: TITLE }).click();
    expect(await page.getByRole('link', { name: /^Welle (öffnen|schließen|wieder öffnen)/ }).count()).toBe(0);
    await waveTab(page, 'Einladungen').click();
    const invitations = (await page.textContent('main')) ?? '';
    expect(invitations).not.toMatch(/@/);
    expect(invitations).not.toContain('Einladungen hinzufügen');
    await waveTab(page, 'Ergebnisse').click();
    expect(await page.getByRole('link', { name: /Rohdaten/ }).count()).toBe(0);
    await tab.screenshot('console-21-analyst-results');

    for (const path of [
      `/admin/wellen/${WAVE}/wieder-oeffnen`,
      '/admin/wellen/neu',
      '/admin/team',
      `/admin/wellen/${WAVE}/rohdaten.xlsx`,
    ]) {
      const answer = await page.goto(`${harness.baseUrl}${path}`);
      expect({ path, status: answer?.status() }).toEqual({ path, status: 403 });
      expect(await page.textContent('h1')).toBe('Nicht erlaubt');
    }
    await tab.screenshot('console-22-analyst-refused');
  }, 120_000);
});
