import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { BrowserHarness, openTab, startHarness, staffApi, TestTab } from './browser-harness';
import { axeViolations } from './page-checks';

/** The screenshots of every state of the opt-out page, to be looked at by a person. */
const SHOTS = '/tmp/mail-api-shots';

/** Issue 14: the page behind {{abmelden}} in Chromium: keyboard only, axe, phone width, no script, screenshots. */
describe('opt-out page in the browser', () => {
  let harness: BrowserHarness;
  let tokens: string[];

  const shot = async (tab: TestTab, name: string) => {
    const path = await tab.screenshot(`mail-opt-out-${name}`);
    await copyFile(path, join(SHOTS, `${name}.png`));
  };
  const optedOut = async (token: string) =>
    (
      await harness.testApp.dataSource.query<Array<{ opted_out_at: Date | null }>>(
        'SELECT opted_out_at FROM mail_recipients WHERE opt_out_token = $1',
        [token],
      )
    )[0].opted_out_at;

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    harness = await startHarness();
    const api = staffApi(harness);
    await api.createWave('abmelden', 'Abmelden im Browser', { closesAt: '2099-07-27T21:59:00Z' });
    await api.open('abmelden');
    const http = () => request(harness.testApp.app.getHttpServer());
    await http()
      .post('/api/waves/abmelden/invitations')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({ invitations: [{ email: 'eins@example.org' }, { email: 'zwei@example.org' }] })
      .expect(201);
    const tomorrow = new Date(Date.now() + 24 * 3600 * 1000).toISOString();
    await http()
      .post('/api/waves/abmelden/mailings')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({ kind: 'invitation', scheduledAt: tomorrow })
      .expect(202);
    // The worker that would mail the links is another part: the test reads the tokens where the mailing put them.
    tokens = (await harness.testApp.dataSource.query<Array<{ opt_out_token: string }>>('SELECT opt_out_token FROM mail_recipients')).map(
      (row) => row.opt_out_token,
    );
  });

  afterAll(() => harness.close());

  it('at 1280 px: the question with one button, confirmed with the keyboard alone, then the confirmation; axe clean, no script, no CSP violation', async () => {
    const tab = await openTab(harness);
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/abmelden/${tokens[0]}`);
    expect(await page.locator('h1').innerText()).toBe('Keine weiteren E-Mails zu dieser Befragung?');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expect(await axeViolations(page)).toEqual([]);
    await shot(tab, 'frage-1280');
    expect(await optedOut(tokens[0])).toBeNull();

    // Keyboard only: the first Tab reaches the button, its focus is visible, Enter confirms.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const style = getComputedStyle(element);
      return { text: element.textContent, outline: style.outlineStyle, width: parseFloat(style.outlineWidth) };
    });
    expect(focused).toEqual({ text: 'Ja, keine E-Mails mehr', outline: 'solid', width: 3 });
    await shot(tab, 'frage-fokus-1280');
    await Promise.all([page.waitForLoadState('load'), page.waitForURL(`**/abmelden/${tokens[0]}`), page.keyboard.press('Enter')]);
    await page.waitForSelector('text=Sie sind abgemeldet');
    expect(await page.locator('h1').innerText()).toBe('Sie sind abgemeldet');
    expect(await page.locator('main').innerText()).toContain('Sie erhalten keine weiteren E-Mails zu dieser Befragung.');
    expect(await optedOut(tokens[0])).toBeInstanceOf(Date);
    expect(await axeViolations(page)).toEqual([]);
    await shot(tab, 'bestaetigung-1280');

    // Opened again later: already opted out, with the time in German.
    await page.goto(`${harness.baseUrl}/abmelden/${tokens[0]}`);
    expect(await page.locator('h1').innerText()).toBe('Sie sind bereits abgemeldet');
    expect(await page.locator('main').innerText()).toMatch(/Abgemeldet am \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr\./);
    await shot(tab, 'bereits-abgemeldet-1280');

    expect(tab.requests.filter((url) => !url.startsWith(harness.baseUrl))).toEqual([]);
    expect(tab.requests.filter((url) => /\.js(\?|$)/.test(url))).toEqual([]);
    expect(tab.cspViolations).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
    await tab.context.close();
  });

  it('at 390 px (phone): no sideways scrolling, the button within reach, axe clean; an unknown link is a German 404 page', async () => {
    const tab = await openTab(harness, { width: 390, height: 844 });
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/abmelden/${tokens[1]}`);
    const layout = await page.evaluate(() => {
      const button = document.querySelector('button') as HTMLElement;
      const box = button.getBoundingClientRect();
      return {
        overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        buttonInside: box.left >= 0 && box.right <= window.innerWidth,
        buttonHeight: box.height,
      };
    });
    expect(layout.overflow).toBe(0);
    expect(layout.buttonInside).toBe(true);
    expect(layout.buttonHeight).toBeGreaterThanOrEqual(44);
    expect(await axeViolations(page)).toEqual([]);
    await shot(tab, 'frage-390');
    await Promise.all([page.waitForURL(`**/abmelden/${tokens[1]}`), page.locator('button').click()]);
    await page.waitForSelector('text=Sie sind abgemeldet');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    await shot(tab, 'bestaetigung-390');

    const unknown = await page.goto(`${harness.baseUrl}/abmelden/BEISPIEL-Abmeldelink`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator('h1').innerText()).toBe('Dieser Abmelde-Link ist nicht gültig');
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await shot(tab, 'unbekannt-390');
    expect(tab.cspViolations).toEqual([]);
    await tab.context.close();
  });
});
