import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { TestRelay } from '../support/smtp-relay';
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
import { seriousAxeViolations } from './page-checks';

/** Screenshots of every state of the page, to be looked at by a person. */
const SHOTS = '/tmp/mail-compose-shots';
const PAGE = '/admin/wellen/post/e-mails/vorlagen/einladung';

/** Everything wrong with the page as it is now: axe's serious findings and anything wider than the screen. */
async function pageProblems(page: Page, where: string): Promise<string[]> {
  const problems: string[] = [];
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
  for (const finding of await seriousAxeViolations(page))
    problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
  return problems;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * The page composing a wave's invitation in Chromium: at 1280 and 390 px, with the keyboard, and the
 * workflow edit → Vorschau → Speichern with a mistake → fixed → Speichern → Test-E-Mail → Standardtext,
 * with no CSP violation (the preview's sandboxed srcdoc frame included), no serious axe finding.
 */
describe('console: composing the invitation mail in the browser', () => {
  let harness: BrowserHarness;
  let relay: TestRelay;
  let account: { email: string; password: string };
  const tabs: TestTab[] = [];

  beforeAll(async () => {
    relay = await TestRelay.start();
    process.env.SMTP_URL = relay.url;
    process.env.MAIL_FROM = 'Befragung <befragung@example.org>';
    process.env.MAIL_ORGANISATION = 'Institut für Beispielforschung';
    process.env.MAIL_CONTACT_NAME = 'Dr. Paula Projekt';
    process.env.MAIL_CONTACT_EMAIL = 'projekt@example.org';
    harness = await startHarness();
    await mkdir(SHOTS, { recursive: true });
    account = await consoleAccount(harness, 'Anna Admin', 'anna@example.org', StaffRole.Admin);
    await staffApi(harness).createWave('post', 'KI im Mittelstand 2025', { closesAt: '2099-07-27T21:59:00Z' });
    await request(harness.testApp.app.getHttpServer())
      .post('/api/waves/post/invitations')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({
        invitations: [
          { email: 'erika@zentrum.example', name: 'Erika <b>Beispiel</b>', salutation: 'Sehr geehrte Frau Dr. Beispiel' },
          { email: 'max@muster.example', name: 'Max Muster' },
        ],
      })
      .expect(201);
  }, 180_000);

  afterAll(async () => {
    await harness.close();
    await relay.close();
    for (const name of ['SMTP_URL', 'MAIL_FROM', 'MAIL_ORGANISATION', 'MAIL_CONTACT_NAME', 'MAIL_CONTACT_EMAIL']) delete process.env[name];
  });

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  async function signedIn(viewport: { width: number; height: number }): Promise<Page> {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await signInToConsole(tab.page, harness.baseUrl, account);
    return tab.page;
  }

  it('shows the page at 1280 and 390 px: German, accessible, nothing wider than the screen', async () => {
    const problems: string[] = [];
    for (const [name, viewport] of [
      ['1280', { width: 1280, height: 900 }],
      ['390', { width: 390, height: 844 }],
    ] as const) {
      const page = await signedIn(viewport);
      const answer = await page.goto(`${harness.baseUrl}${PAGE}`);
      expect(answer?.status()).toBe(200);
      await page.getByRole('heading', { level: 1, name: 'Vorlage: Einladung' }).waitFor();
      expect(await page.getByLabel('Betreff').inputValue()).toBe('Einladung zur Teilnahme an unserer Befragung');
      problems.push(...(await pageProblems(page, `standard @${name}`)));
      await shot(page, `standardtext-${name}`);
      await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
      await page.locator('#vorschau').waitFor();
      problems.push(...(await pageProblems(page, `vorschau @${name}`)));
      await shot(page, `vorschau-${name}`);
    }
    // An analyst reads the template: no form, no contact data.
    const analyst = await consoleAccount(harness, 'Ali Analyse', 'ali@example.org', StaffRole.Analyst);
    const tab = await openTab(harness, { width: 1280, height: 900 });
    tabs.push(tab);
    await signInToConsole(tab.page, harness.baseUrl, analyst);
    await tab.page.goto(`${harness.baseUrl}${PAGE}`);
    await tab.page.getByText('Ändern, Vorschau und Test-E-Mail sind der Administration vorbehalten.').waitFor();
    expect(await tab.page.locator('form textarea, select, button[formaction]').count()).toBe(0);
    expect(await tab.page.locator('main').textContent()).not.toMatch(/erika|max@|projekt@/);
    problems.push(...(await pageProblems(tab.page, 'analyse')));
    await shot(tab.page, 'analyse-1280');
    expect(problems).toEqual([]);
  }, 180_000);

  it('can be used with the keyboard: Tab reaches Betreff, Text, Vorschau and Speichern in this order', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${harness.baseUrl}${PAGE}`);
    const reached: string[] = [];
    for (let step = 0; step < 40 && !reached.includes('Speichern'); step += 1) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        const outline = element ? getComputedStyle(element).outlineStyle : 'none';
        return { id: element?.id ?? '', text: element?.tagName === 'BUTTON' ? (element.textContent ?? '').trim() : '', outline };
      });
      const name = focused.text || focused.id;
      if (['subject', 'body', 'Vorschau', 'Speichern'].includes(name)) {
        reached.push(name);
        expect({ name, outline: focused.outline }).not.toEqual({ name, outline: 'none' });
      }
    }
    expect(reached).toEqual(['subject', 'body', 'Vorschau', 'Speichern']);
    // Enter on the focused Speichern stores the default as the wave's own text.
    await page.keyboard.press('Enter');
    await page.getByText('Die Vorlage „Einladung“ ist gespeichert.').waitFor();
    await page.goto(`${harness.baseUrl}${PAGE}/standardtext`);
    await page.getByRole('button', { name: 'Ja, Standardtext wiederherstellen' }).click();
    await page.getByText('verwendet wieder den Standardtext').waitFor();
  }, 120_000);

  it('edit → Vorschau → Speichern with a mistake → fix → Speichern → Test-E-Mail → back to the default', async () => {
    const page = await signedIn({ width: 1280, height: 900 });
    await page.goto(`${harness.baseUrl}${PAGE}`);
    const problems: string[] = [];

    // Edit and preview for Erika, without saving.
    await page.getByLabel('Betreff').fill('Ihre Meinung zählt, {{name}}');
    await page
      .getByLabel('Text', { exact: true })
      .fill('{{anrede}},\n\nbitte machen Sie bis {{frist}} mit:\n{{link}}\n\nAbmelden: {{abmelden}}');
    await page.getByLabel('Vorschau für').selectOption({ label: 'Erika <b>Beispiel</b> – erika@zentrum.example' });
    await page.getByRole('button', { name: 'Vorschau', exact: true }).click();
    const preview = page.locator('#vorschau');
    await preview.waitFor();
    await expect(preview.locator('.mail-subject').textContent()).resolves.toBe('Ihre Meinung zählt, Erika <b>Beispiel</b>');
    const text = (await preview.locator('pre.mail-text').textContent()) ?? '';
    expect(text).toContain('Sehr geehrte Frau Dr. Beispiel,');
    expect(text).toContain('bitte machen Sie bis 27.07.2099, 23:59 Uhr mit:');
    // The HTML version is shown as the mail program would: the name as text, never as markup.
    const frame = page.frameLocator('iframe.mail-html');
    await expect(frame.locator('body').textContent()).resolves.toContain('Sehr geehrte Frau Dr. Beispiel,');
    expect(await frame.locator('b').count()).toBe(0);
    expect(await frame.locator('a').first().getAttribute('href')).toMatch(/\/survey\/BEISPIEL-persoenlicher-Link$/);
    problems.push(...(await pageProblems(page, 'vorschau')));
    await shot(page, 'vorschau-erika-1280');

    // Speichern with {{link}} removed: the message at the field, the text kept, nothing stored.
    await page.getByLabel('Text', { exact: true }).fill('{{anrede}},\n\nbitte machen Sie bis {{frist}} mit.\n\nAbmelden: {{abmelden}}');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.locator('#body-error').waitFor();
    expect(await page.locator('#body-error').textContent()).toContain('Der Text muss {{link}} enthalten');
    expect(await page.getByLabel('Text', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Text', { exact: true }).inputValue()).toContain('bitte machen Sie bis {{frist}} mit.');
    expect(await page.getByLabel('Betreff').inputValue()).toBe('Ihre Meinung zählt, {{name}}');
    problems.push(...(await pageProblems(page, 'fehler')));
    await shot(page, 'fehler-1280');
    await page.setViewportSize({ width: 390, height: 844 });
    problems.push(...(await pageProblems(page, 'fehler @390')));
    await shot(page, 'fehler-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Fixed: stored as the wave's own text.
    await page
      .getByLabel('Text', { exact: true })
      .fill('{{anrede}},\n\nbitte machen Sie bis {{frist}} mit:\n{{link}}\n\nAbmelden: {{abmelden}}');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Die Vorlage „Einladung“ ist gespeichert.').waitFor();
    await page
      .getByText(/Diese Welle hat einen eigenen Text für die Einladung, zuletzt geändert am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\./)
      .waitFor();
    problems.push(...(await pageProblems(page, 'eigener Text')));
    await shot(page, 'eigener-text-1280');

    // A test mail to myself.
    await page.getByRole('button', { name: 'Test-E-Mail an mich senden' }).click();
    await page.getByText('Die Test-E-Mail an anna@example.org wurde vom Mailserver angenommen.').waitFor();
    const [mail] = await relay.waitForMails(1);
    expect(mail.to).toEqual(['anna@example.org']);
    expect(mail.parsed.subject).toBe('[Test] Ihre Meinung zählt, Dr. Erika Beispiel');
    problems.push(...(await pageProblems(page, 'test-e-mail')));
    await shot(page, 'test-e-mail-1280');

    // Back to the default, through the confirmation.
    await page.getByRole('link', { name: 'Standardtext wiederherstellen …' }).click();
    await page.getByRole('heading', { level: 1, name: 'Standardtext der Einladung wiederherstellen?' }).waitFor();
    problems.push(...(await pageProblems(page, 'zuruecksetzen')));
    await shot(page, 'zuruecksetzen-bestaetigen-1280');
    await page.getByRole('button', { name: 'Ja, Standardtext wiederherstellen' }).click();
    await page.getByText('Die Vorlage „Einladung“ verwendet wieder den Standardtext.').waitFor();
    expect(await page.getByLabel('Betreff').inputValue()).toBe('Einladung zur Teilnahme an unserer Befragung');
    expect(problems).toEqual([]);
  }, 180_000);
});
