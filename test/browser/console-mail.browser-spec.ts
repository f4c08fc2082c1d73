import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { BrowserHarness, closeTabsWithoutErrors, openTab, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations, unreachableByKeyboard } from './page-checks';

/** Screenshots of every state of the e-mail pages, to be looked at by a person. */
const SHOTS = '/tmp/mail-console-shots';

const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
];

interface PageState {
  name: string;
  path: string;
  heading: RegExp;
  status?: number;
}

/**
 * The console's e-mail pages in Chromium at 1280 and 390 px (admin and analyst): German heading, no serious axe
 * finding, nothing wider than the screen, every control reachable by keyboard; and the workflow "Einladungen
 * versenden → Bestätigen → Postausgang zeigt zurückgehalten" without a mail server.
 */
describe('the console’s e-mail pages in a browser', () => {
  let harness: BrowserHarness;
  const tabs: TestTab[] = [];
  const cookies: Record<'admin' | 'analyst', string> = { admin: '', analyst: '' };

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    delete process.env.SMTP_URL;
    harness = await startHarness();
    const http = () => request(harness.testApp.app.getHttpServer());
    const accounts = harness.testApp.app.get(StaffAccountsService);
    const sessions = harness.testApp.app.get(StaffSessionsService);
    for (const role of [StaffRole.Admin, StaffRole.Analyst]) {
      const name = role === StaffRole.Admin ? 'Anna Admin' : 'Ali Analyse';
      const { member, link } = await accounts.invite(SYSTEM_ACTOR, { name, email: `${role}@wik.example`, role });
      await accounts.setPasswordWithLink(link.token, `Passwort von ${name}, lang genug`);
      cookies[role] = (await sessions.open(member.id)).cookieValue;
    }
    const api = (path: string) => http().post(path).auth(harness.adminToken, { type: 'bearer' });
    for (const code of ['mail', 'mail-verlauf']) {
      await api('/api/waves')
        .send({
          code,
          title: `KI im Mittelstand 2025 (${code})`,
          surveyId: 'ki-mittelstand',
          version: '2023',
          closesAt: '2099-07-27T21:59:00Z',
        })
        .expect(201);
      await api(`/api/waves/${code}/open`).expect(200);
    }
    await api('/api/waves/mail/invitations')
      .send({
        invitations: [
          { email: 'erika@zentrum-hamburg.example', name: 'Dr. Erika Beispiel', organisation: 'Mittelstand-Digital Zentrum Hamburg' },
          { email: 'max@zentrum-berlin.example', name: 'Max Muster' },
          { label: 'Kammer ohne Adresse' },
        ],
      })
      .expect(201);
    await api('/api/waves/mail-verlauf/invitations')
      .send({
        invitations: [
          { email: 'jana@zentrum-ruhr.example', name: 'Jana Jansen' },
          { email: 'tom@zentrum-sued.example', name: 'Tom Test' },
        ],
      })
      .expect(201);
    // The 'mail' wave gets its invitations held (no mail server) and one of them refused, as a relay would have.
    await api('/api/waves/mail/mailings').send({ kind: 'invitation' }).expect(202);
    await harness.testApp.app.get(OutboxWorker).drain();
    await harness.testApp.dataSource.query(
      `UPDATE mail_outbox SET status = 'failed', attempts = 1, last_error = '550 5.1.1 <max@zentrum-berlin.example>: Recipient address rejected: User unknown'
        WHERE invitation_id IN (SELECT i.id FROM invitations i JOIN invitation_contacts c ON c.invitation_id = i.id WHERE c.name = 'Max Muster')`,
    );
  }, 180_000);

  afterAll(() => harness?.close());

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  async function tabAs(who: 'admin' | 'analyst', viewport: { width: number; height: number }): Promise<TestTab> {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await tab.context.addCookies([{ name: SESSION_COOKIE, value: cookies[who], url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return tab;
  }

  /** German heading, lang, no overflow, no serious axe finding, every control reachable by Tab; a screenshot. */
  async function check(tab: TestTab, where: string): Promise<string[]> {
    const problems: string[] = [];
    const heading = (await tab.page.locator('h1').first().textContent())?.trim() ?? '';
    if (heading === '') problems.push(`${where}: no heading`);
    if ((await tab.page.getAttribute('html', 'lang')) !== 'de') problems.push(`${where}: not lang="de"`);
    const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
    for (const finding of await seriousAxeViolations(tab.page))
      problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
    for (const control of await unreachableByKeyboard(tab.page)) problems.push(`${where}: not reachable by keyboard: ${control}`);
    await tab.page.screenshot({ path: join(SHOTS, `${where}.png`), fullPage: true });
    return problems;
  }

  async function sweep(who: 'admin' | 'analyst', states: PageState[]): Promise<string[]> {
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await tabAs(who, viewport);
      for (const state of states) {
        const answer = await tab.page.goto(`${harness.baseUrl}${state.path}`);
        const where = `${who}-${state.name}-${width}`;
        if (answer?.status() !== (state.status ?? 200)) problems.push(`${where}: status ${answer?.status()}`);
        const heading = (await tab.page.locator('h1').first().textContent())?.trim() ?? '';
        if (!state.heading.test(heading)) problems.push(`${where}: heading "${heading}"`);
        problems.push(...(await check(tab, where)));
      }
    }
    return problems;
  }

  it('shows every e-mail page to an admin in German, accessible, fitting the screen, usable by keyboard', async () => {
    const problems = await sweep('admin', [
      { name: 'e-mails', path: '/admin/wellen/mail/e-mails', heading: /^E-Mails$/ },
      { name: 'e-mails-leer', path: '/admin/wellen/mail-verlauf/e-mails', heading: /^E-Mails$/ },
      { name: 'senden-einladung', path: '/admin/wellen/mail/e-mails/senden?art=einladung', heading: /^Einladungen versenden$/ },
      { name: 'senden-erinnerung', path: '/admin/wellen/mail/e-mails/senden?art=erinnerung', heading: /^Erinnerung versenden$/ },
      { name: 'ausgang', path: '/admin/wellen/mail/e-mails/ausgang', heading: /^Postausgang$/ },
      { name: 'ausgang-abgelehnt', path: '/admin/wellen/mail/e-mails/ausgang?status=failed', heading: /^Postausgang$/ },
      { name: 'ausgang-leer', path: '/admin/wellen/mail-verlauf/e-mails/ausgang', heading: /^Postausgang$/ },
      { name: 'freigeben-ohne-server', path: '/admin/wellen/mail/e-mails/ausgang/freigeben', heading: /./, status: 409 },
      { name: 'einladungen', path: '/admin/wellen/mail/einladungen', heading: /^Einladungen$/ },
    ]);
    // The form's states after a POST: a field error, a refusal and the confirmation with nobody to write to.
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await tabAs('admin', viewport);
      const { page } = tab;
      await page.goto(`${harness.baseUrl}/admin/wellen/mail/e-mails/senden?art=erinnerung`);
      await page.getByLabel('Mindestens so viele Tage seit der letzten E-Mail').fill('999');
      await page.getByLabel('Zu einem Zeitpunkt').check();
      await page.getByRole('button', { name: /^Weiter/ }).click();
      await page.locator('.form-error').waitFor();
      expect(await page.locator('#mindestTage').getAttribute('aria-invalid')).toBe('true');
      expect(await page.locator('#zeitpunkt-error').textContent()).toContain('Bitte geben Sie Datum und Uhrzeit des Versands an');
      problems.push(...(await check(tab, `admin-senden-fehler-${width}`)));
      await page.getByLabel('Mindestens so viele Tage seit der letzten E-Mail').fill('3');
      await page.getByLabel('Sofort').check();
      await page.getByRole('button', { name: /^Weiter/ }).click();
      await page.getByText('Niemand bekommt eine Erinnerung').waitFor();
      expect(await page.getByRole('button', { name: /^Ja/ }).count()).toBe(0);
      problems.push(...(await check(tab, `admin-senden-niemand-${width}`)));
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('shows the analyst the read-only pages without names, addresses or send buttons', async () => {
    const problems = await sweep('analyst', [
      { name: 'e-mails', path: '/admin/wellen/mail/e-mails', heading: /^E-Mails$/ },
      { name: 'ausgang', path: '/admin/wellen/mail/e-mails/ausgang', heading: /^Postausgang$/ },
      { name: 'einladungen', path: '/admin/wellen/mail/einladungen', heading: /^Einladungen$/ },
      { name: 'senden-verboten', path: '/admin/wellen/mail/e-mails/senden?art=einladung', heading: /^Nicht erlaubt$/, status: 403 },
    ]);
    expect(problems).toEqual([]);
    const tab = await tabAs('analyst', WIDTHS[0].viewport);
    for (const path of ['/admin/wellen/mail/e-mails', '/admin/wellen/mail/e-mails/ausgang', '/admin/wellen/mail/einladungen']) {
      await tab.page.goto(`${harness.baseUrl}${path}`);
      const text = await tab.page.locator('main').innerText();
      expect(text).not.toMatch(/@|Erika|Max Muster|Zentrum Hamburg/);
      expect(await tab.page.getByRole('link', { name: /versenden|jetzt senden/ }).count()).toBe(0);
    }
  }, 300_000);

  it('sends invitations through the confirmation; without a mail server the Postausgang shows them held', async () => {
    const tab = await tabAs('admin', WIDTHS[0].viewport);
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/admin/wellen/mail-verlauf`);
    await page
      .getByRole('navigation', { name: /^Seiten der Welle/ })
      .getByRole('link', { name: 'E-Mails', exact: true })
      .click();
    await page.getByText('Es ist kein Mailserver eingerichtet.').waitFor();
    await page.screenshot({ path: join(SHOTS, 'ablauf-1-e-mails.png'), fullPage: true });
    await page.getByRole('link', { name: 'Einladungen versenden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Einladungen versenden' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ablauf-2-formular.png'), fullPage: true });
    await page.getByRole('button', { name: /^Weiter/ }).click();
    await page.getByText('Achtung: Es ist kein Mailserver eingerichtet.').waitFor();
    expect(await page.locator('.mail-plan').innerText()).toContain('2 Einladungen gehen sofort an 2 eingeladene Personen');
    await page.screenshot({ path: join(SHOTS, 'ablauf-3-bestaetigen.png'), fullPage: true });
    await page.getByRole('button', { name: 'Ja, 2 Einladungen vormerken (zurückhalten)' }).click();
    await page.locator('.flash').waitFor();
    expect(await page.locator('.flash').innerText()).toContain('2 Einladungen sind vorgemerkt. Es ist kein Mailserver eingerichtet');
    // The service's worker (stopped in tests) keeps them as files.
    expect((await harness.testApp.app.get(OutboxWorker).drain()).held).toBe(2);
    await page.getByRole('link', { name: 'Postausgang' }).click();
    await page.getByRole('heading', { level: 1, name: 'Postausgang' }).waitFor();
    const states = await page.locator('table.mail-outbox tbody .mail-state').allInnerTexts();
    expect(states).toEqual(['zurückgehalten', 'zurückgehalten']);
    expect(await page.getByText('können nicht versandt werden, weil kein Mailserver eingerichtet ist').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'ablauf-4-postausgang.png'), fullPage: true });
    const names = await page.locator('table.mail-outbox tbody th').allInnerTexts();
    expect(names.sort()).toEqual(['Jana Jansen', 'Tom Test']);
    await page
      .getByRole('navigation', { name: /^Seiten der Welle/ })
      .getByRole('link', { name: 'Einladungen', exact: true })
      .click();
    expect(await page.locator('td.mail-cell .mail-state').allInnerTexts()).toEqual(['zurückgehalten', 'zurückgehalten']);
    await page.screenshot({ path: join(SHOTS, 'ablauf-5-einladungen.png'), fullPage: true });
  }, 120_000);
});
