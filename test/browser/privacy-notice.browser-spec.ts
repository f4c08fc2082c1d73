import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import request from 'supertest';
import { StaffRole } from '../../src/auth/staff-member.entity';
import {
  BrowserHarness,
  closeTabsWithoutErrors,
  consoleAccount,
  openTab,
  signInToConsole,
  staffApi,
  startHarness,
  TestTab,
} from './browser-harness';
import { seriousAxeViolations, visibleHeadings } from './page-checks';
import { answerPage, FULL_ANSWERS_2023, goToPage, loadDefinition, pageNames } from './questionnaire';

const definition = loadDefinition('ki-mittelstand', '2023');
const PAGES = pageNames(definition);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const example = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'definition-example.json'), 'utf8'));

/** What a person sees of the first page's notice and of the header's link. */
async function privacyState(page: Page) {
  return {
    header: await page.locator('#page-header').isVisible(),
    sender: (await page.locator('#header-sender').textContent())?.trim(),
    link: await page.getByRole('link', { name: 'Datenschutz', exact: true }).isVisible(),
    firstPageNotice: await page.locator('#privacy-first').isVisible(),
  };
}

describe('the privacy notice on the respondent page', () => {
  let harness: BrowserHarness;
  let staff: ReturnType<typeof staffApi>;
  let tabs: TestTab[] = [];

  const open = async (path: string, viewport = DESKTOP) => {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await tab.page.goto(harness.baseUrl + path);
    return tab;
  };

  beforeAll(async () => {
    harness = await startHarness();
    staff = staffApi(harness);
    await staff.createWave('privacy-2023', 'KI im Mittelstand – Befragung 2025');
    await staff.open('privacy-2023');
    const http = () => request(harness.testApp.app.getHttpServer());
    await http().put('/api/definitions/ohne-hinweis/versions/1').auth(harness.adminToken, { type: 'bearer' }).send(example).expect(201);
    await http()
      .post('/api/waves')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({ code: 'ohne-hinweis', title: 'Befragung ohne Hinweise', surveyId: 'ohne-hinweis', version: '1' })
      .expect(201);
    await staff.open('ohne-hinweis');
  });

  afterEach(async () => {
    for (const tab of tabs) expect(tab.requests.filter((url) => !url.startsWith(`${harness.baseUrl}/`))).toEqual([]);
    await closeTabsWithoutErrors(tabs);
    tabs = [];
  });

  afterAll(() => harness?.close());

  it('shows the notice on the first page, links it from every page, and names sender and contact when done', async () => {
    const [link] = await staff.invite('privacy-2023', 1);
    const tab = await open(link.path);
    const { page } = tab;
    await page.getByRole('heading', { level: 1, name: 'KI im Mittelstand – Befragung 2025' }).waitFor();

    expect(await privacyState(page)).toEqual({ header: true, sender: 'WIK-Consult GmbH', link: true, firstPageNotice: true });
    const first = page.locator('#privacy-first');
    await expect(first.locator('summary').textContent()).resolves.toBe('Datenschutzhinweise');
    expect(await first.locator('details').getAttribute('open')).toBe('');
    const firstText = await first.innerText();
    expect(firstText).toContain('Verantwortlich: WIK-Consult GmbH, Rhöndorfer Straße 68, 53604 Bad Honnef');
    expect(firstText).toContain('Ansprechperson: Projektteam KI im Mittelstand, ki-studie@wik.org');
    expect(firstText).toContain('Art. 6 Abs. 1 lit. a DSGVO');
    // {{loeschfrist}} of the file, as CONTACT_RETENTION_DAYS (90 by default) says it.
    expect(firstText).toContain('Ihr persönlicher Link werden 90 Tage nach dem Ende der Befragungswelle gelöscht.');
    expect(await first.getByRole('link', { name: 'https://www.wik.org/datenschutz' }).getAttribute('href')).toBe(
      'https://www.wik.org/datenschutz',
    );
    // The notice comes before the questionnaire in reading order; the page keeps one h1.
    expect(await visibleHeadings(page, 1)).toEqual(['KI im Mittelstand – Befragung 2025']);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-01-first-page');

    // Every other page: no notice above the questions, the link in the header opens it in a dialog.
    for (const [index] of PAGES.entries()) {
      if (index === 0) continue;
      await answerPage(page, definition, PAGES[index - 1], FULL_ANSWERS_2023);
      await goToPage(page, PAGES.length, 'Weiter');
      const state = await privacyState(page);
      expect({ page: index + 1, ...state }).toEqual({
        page: index + 1,
        header: true,
        sender: 'WIK-Consult GmbH',
        link: true,
        firstPageNotice: false,
      });
      if (index === 2) {
        await page.getByRole('link', { name: 'Datenschutz', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Datenschutzhinweise' });
        await dialog.waitFor();
        expect(await dialog.innerText()).toContain('Ihre Kontaktdaten (E-Mail-Adresse, Name, Organisation)');
        expect(await seriousAxeViolations(page)).toEqual([]);
        await tab.screenshot('privacy-02-dialog', { fullPage: false });
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'hidden' });
        // Focus returns to the link, so a keyboard user goes on where they were.
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('privacy-link');
      }
    }
    await answerPage(page, definition, PAGES[PAGES.length - 1], FULL_ANSWERS_2023);
    await page.getByRole('button', { name: 'Abschließen', exact: true }).click();
    await page.getByRole('heading', { name: 'Vielen Dank für Ihre Teilnahme!' }).waitFor();
    const sender = await page.locator('#message-sender').innerText();
    expect(sender).toBe(
      'Absender: WIK-Consult GmbH, Rhöndorfer Straße 68, 53604 Bad Honnef. Ansprechperson: Projektteam KI im Mittelstand, ki-studie@wik.org.',
    );
    expect(await page.getByRole('link', { name: 'ki-studie@wik.org' }).getAttribute('href')).toBe('mailto:ki-studie@wik.org');
    expect(await privacyState(page)).toMatchObject({ link: true, firstPageNotice: false });
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-03-completed');

    // Coming back after completion: the closing message names them too.
    const again = await open(link.path);
    await again.page.getByRole('heading', { name: 'Dieser Fragebogen ist bereits abgeschlossen' }).waitFor();
    expect(await again.page.locator('#message-sender').innerText()).toContain('Ansprechperson: Projektteam KI im Mittelstand');
  });

  it('at phone width: the header fits, the link is the first stop of the keyboard and opens the notice', async () => {
    const [link] = await staff.invite('privacy-2023', 1);
    const tab = await open(link.path, PHONE);
    const { page } = tab;
    await page.getByRole('heading', { level: 1, name: 'KI im Mittelstand – Befragung 2025' }).waitFor();
    expect(await privacyState(page)).toEqual({ header: true, sender: 'WIK-Consult GmbH', link: true, firstPageNotice: true });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await tab.screenshot('privacy-04-phone-first-page', { fullPage: false });

    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Datenschutz');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Datenschutzhinweise' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-05-phone-dialog', { fullPage: false });
    await page.getByRole('button', { name: 'Schließen' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Collapsing the first page's notice leaves its summary, and the questions stay reachable.
    await page.locator('#privacy-first summary').click();
    expect(await page.locator('#privacy-first details').getAttribute('open')).toBeNull();
    await tab.screenshot('privacy-06-phone-collapsed', { fullPage: false });
  });

  it('shows a survey without a notice as before: no header, no empty box, no link', async () => {
    const [link] = await staff.invite('ohne-hinweis', 1);
    const tab = await open(link.path);
    await tab.page.getByRole('heading', { level: 1, name: 'Befragung ohne Hinweise' }).waitFor();
    expect(await privacyState(tab.page)).toEqual({ header: false, sender: '', link: false, firstPageNotice: false });
    expect(await tab.page.evaluate(() => document.body.innerText)).not.toContain('Datenschutz');
    expect(await seriousAxeViolations(tab.page)).toEqual([]);
    await tab.screenshot('privacy-07-without-notice');
  });

  it('the console’s editor page of an uploaded survey: form, problems at the field, the saved notice rendered', async () => {
    const account = await consoleAccount(harness, 'Ada Admin', 'ada@example.org', StaffRole.Admin);
    const tab = await openTab(harness, DESKTOP);
    tabs.push(tab);
    const { page } = tab;
    await signInToConsole(page, harness.baseUrl, account);
    await page.goto(`${harness.baseUrl}/admin/frageboegen/ohne-hinweis/datenschutz`);
    await page.getByText('Befragte sehen keine Datenschutzhinweise, keinen Absender und keine Ansprechperson.').waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-08-console-empty');

    const text = page.getByLabel('Text der Datenschutzhinweise');
    await text.fill('---\nsender: Beispiel GmbH\n---\n<b>Hallo</b>');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Der Text ist so nicht verwendbar.').waitFor();
    expect(await text.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#markdown-error').innerText()).toContain('Zeile 4: HTML ist nicht erlaubt');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-09-console-problems');

    await text.fill(
      [
        '---',
        'sender: Beispiel GmbH',
        'address: Musterweg 1, 12345 Musterstadt',
        'contact: Studienteam',
        'email: studie@example.org',
        'full-notice: https://example.org/datenschutz',
        '---',
        '# Zweck',
        '',
        'Wir fragen für die **Beispielstudie**.',
      ].join('\n'),
    );
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Die Datenschutzhinweise wurden gespeichert.').waitFor();
    expect(await page.locator('.privacy-notice-text').innerText()).toContain('Wir fragen für die Beispielstudie.');
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await tab.screenshot('privacy-10-console-saved-phone');

    // Respondents of that survey now see it.
    const [link] = await staff.invite('ohne-hinweis', 1);
    const respondent = await open(link.path);
    await respondent.page.getByRole('heading', { level: 1, name: 'Befragung ohne Hinweise' }).waitFor();
    expect(await privacyState(respondent.page)).toEqual({ header: true, sender: 'Beispiel GmbH', link: true, firstPageNotice: true });
  });
});
