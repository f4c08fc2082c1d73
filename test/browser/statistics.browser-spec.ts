import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { BrowserHarness, closeTabsWithoutErrors, openTab, staffApi, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations } from './page-checks';

const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
];

/** 15 completed responses: Reifegrad 7 × Experimentierphase, 6 × Übungsphase, 2 × Gestaltungsphase; and one begun. */
const PHASES = [
  ...Array<string>(7).fill('experimentierphase'),
  ...Array<string>(6).fill('uebungsphase'),
  'gestaltungsphase',
  'gestaltungsphase',
];

/**
 * The statistics of issue 17 in Chromium at 1280 and 390 px, as an analyst: results with intervals, with begun
 * responses, broken down by a question (suppressed groups), and the trends with significance; no serious axe finding,
 * nothing wider than the screen, screenshots of each state; the breakdown selector by keyboard alone.
 */
describe('statistics on the console pages (issue 17)', () => {
  let harness: BrowserHarness;
  const tabs: TestTab[] = [];
  let cookie = '';

  beforeAll(async () => {
    harness = await startHarness();
    const staff = staffApi(harness);
    const http = () => request(harness.testApp.app.getHttpServer());
    const accounts = harness.testApp.app.get(StaffAccountsService);
    const { member, link } = await accounts.invite(SYSTEM_ACTOR, {
      name: 'Ali Analyse',
      email: 'analyst@wik.example',
      role: StaffRole.Analyst,
    });
    await accounts.setPasswordWithLink(link.token, 'Passwort von Ali Analyse, lang genug');
    cookie = (await harness.testApp.app.get(StaffSessionsService).open(member.id)).cookieValue;
    await harness.testApp.app.get(ReconstructionService).load('ki-mittelstand');
    await staff.createWave('stat', 'Statistiktest 2025', { closesAt: '2099-07-27T21:59:00Z' });
    await staff.open('stat');
    const links = await staff.invite('stat', PHASES.length + 1);
    for (const [index, phase] of PHASES.entries()) {
      const answers = {
        rolle: index % 2 === 0 ? 'ki_trainer' : 'ki_experte',
        reifegrad: phase,
        transfer: { qualifizierung: index < 9 ? 1 : 0 },
      };
      await http().put(`/api/respond/${links[index].token}`).send({ answers, complete: true }).expect(200);
    }
    await staff.save(links[PHASES.length].token, { rolle: 'ki_trainer', transfer: { qualifizierung: 1 } });
  }, 240_000);

  afterAll(() => harness.close());
  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  async function analystTab(viewport: { width: number; height: number }): Promise<TestTab> {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await tab.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return tab;
  }

  const states = [
    { name: 'intervalle', path: '/admin/wellen/stat/ergebnisse', expect: '60,0 % (35,7–80,2)' },
    {
      name: 'begonnene',
      path: '/admin/wellen/stat/ergebnisse?include=partial',
      expect: 'dazu die beantworteten Fragen begonnener Antworten',
    },
    { name: 'aufschluesselung', path: '/admin/wellen/stat/ergebnisse?by=reifegrad', expect: 'zu wenige Antworten (< 5)' },
    { name: 'trends', path: '/admin/umfragen/ki-mittelstand/trends', expect: 'n.s.' },
  ];

  it('shows every state in German, accessible, fitting the screen', async () => {
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await analystTab(viewport);
      for (const state of states) {
        const answer = await tab.page.goto(`${harness.baseUrl}${state.path}`);
        const where = `${state.name} @${width}`;
        if (answer?.status() !== 200) problems.push(`${where}: status ${answer?.status()}`);
        const text = (await tab.page.locator('main').innerText()).replace(/\s+/g, ' ');
        if (!text.includes(state.expect)) problems.push(`${where}: "${state.expect}" missing`);
        const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
        for (const finding of await seriousAxeViolations(tab.page))
          problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
        await tab.screenshot(`statistik-${state.name}-${width}`, { fullPage: false });
      }
      // The breakdown table itself, scrolled into view.
      await tab.page.goto(`${harness.baseUrl}/admin/wellen/stat/ergebnisse?by=reifegrad`);
      await tab.page.locator('#aufschluesselung-transfer').scrollIntoViewIfNeeded();
      await tab.screenshot(`statistik-aufschluesselung-tabelle-${width}`, { fullPage: false });
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('lets the breakdown and the counted responses be chosen with the keyboard alone', async () => {
    const tab = await analystTab(WIDTHS[0].viewport);
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/admin/wellen/stat/ergebnisse`);
    await page.locator('input[name="include"][value="completed"]').focus();
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="include"][value="partial"]').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('by');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#by').inputValue()).toBe('reifegrad');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/by=reifegrad/);
    expect(page.url()).toContain('include=partial');
    await page.getByRole('heading', { level: 2, name: /^Aufgeschlüsselt nach:/ }).waitFor();
    expect(await page.locator('td.suppressed').first().innerText()).toBe('zu wenige Antworten (< 5)');
  }, 120_000);
});
