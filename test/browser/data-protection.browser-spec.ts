import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { BrowserHarness, closeTabsWithoutErrors, openTab, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations } from './page-checks';
import { FULL_ANSWERS_2023 } from './questionnaire';

/** Screenshots of every state of the data-protection pages, to be looked at by a person. */
const SHOTS = '/tmp/data-protection-shots';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/**
 * Issue 16 in Chromium: an admin answers an access request and an erasure request from the console on a phone
 * (390 px), the erasure's confirmation by keyboard alone; then every new page state at 390 and 1280 px: one German
 * h1, nothing wider than the screen, no serious axe finding; a screenshot of each in /tmp/data-protection-shots.
 */
describe('data protection in the console, in a browser', () => {
  let harness: BrowserHarness;
  const tabs: TestTab[] = [];
  let cookie = '';
  const people: Array<{ id: string; token: string; email: string; name: string }> = [];
  let importId = '';

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    harness = await startHarness();
    const http = () => request(harness.testApp.app.getHttpServer());
    const api = (test: request.Test) => test.auth(harness.adminToken, { type: 'bearer' });
    const { member, link } = await harness.testApp.app
      .get(StaffAccountsService)
      .invite(SYSTEM_ACTOR, { name: 'Anna Admin', email: 'anna.admin@wik.example', role: StaffRole.Admin });
    await harness.testApp.app.get(StaffAccountsService).setPasswordWithLink(link.token, 'Passwort von Anna Admin, lang genug');
    cookie = (await harness.testApp.app.get(StaffSessionsService).open(member.id)).cookieValue;

    const wave = async (code: string, title: string, extra: object = {}) =>
      api(http().post('/api/waves'))
        .send({ code, title, surveyId: 'ki-mittelstand', version: '2023', ...extra })
        .expect(201);
    await wave('ki-2025', 'KI im Mittelstand 2025');
    await api(http().post('/api/waves/ki-2025/open')).expect(200);
    const contacts = [
      { email: 'erika.muster@example.org', name: 'Dr. Erika Mustermann', organisation: 'Muster GmbH' },
      { email: 'max.beispiel@example.org', name: 'Max Beispiel', organisation: 'Beispiel AG' },
    ];
    const created = await api(http().post('/api/waves/ki-2025/invitations')).send({ invitations: contacts }).expect(201);
    contacts.forEach((contact, index) =>
      people.push({ ...contact, id: created.body.invitations[index].id as string, token: created.body.invitations[index].token as string }),
    );
    for (const person of people) {
      await http().put(`/api/respond/${person.token}`).send({ answers: FULL_ANSWERS_2023, complete: true }).expect(200);
    }
    const exported = await api(http().get('/api/waves/ki-2025/responses.csv')).buffer(true).expect(200);
    await wave('ki-2021', 'KI im Mittelstand 2021', { opensAt: '2021-05-03T06:00:00Z', closesAt: '2021-07-30T21:59:00Z' });
    const committed = await api(http().post('/api/waves/ki-2021/imports'))
      .attach('file', Buffer.from(exported.text, 'utf8'), 'ki-2021.csv')
      .expect(201);
    importId = committed.body.importId as string;
    // A closed wave with contacts, whose contacts are forgotten in the states test.
    await wave('ki-2024', 'KI im Mittelstand 2024');
    await api(http().post('/api/waves/ki-2024/open')).expect(200);
    await api(http().post('/api/waves/ki-2024/invitations'))
      .send({ invitations: [{ email: 'dora@example.org', name: 'Dora' }] })
      .expect(201);
    await api(http().post('/api/waves/ki-2024/close')).expect(200);
  }, 180_000);

  afterAll(() => harness?.close());

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  async function tab(viewport: { width: number; height: number }): Promise<TestTab> {
    const opened = await openTab(harness, viewport);
    tabs.push(opened);
    await opened.context.addCookies([{ name: SESSION_COOKIE, value: cookie, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return opened;
  }

  it('answers an access request and an erasure request on a phone, the confirmation by keyboard alone', async () => {
    const { page } = await tab(PHONE);
    const erika = people[0];
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByRole('link', { name: 'KI im Mittelstand 2025' }).first().click();
    await page
      .getByRole('navigation', { name: /^Seiten der Welle/ })
      .getByRole('link', { name: 'Einladungen', exact: true })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Einladungen' }).waitFor();

    // Access request (Art. 15): one click, a JSON file with what is stored.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: `Auskunft (${erika.name}, JSON-Datei)` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`auskunft-ki-2025-${erika.id}.json`);
    const data = JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(data.contact)).toContain(erika.email);
    expect(data.responses).toHaveLength(1);

    // Erasure request (Art. 17): the confirmation says what goes; reason and button by keyboard only.
    await page.getByRole('link', { name: `Löschen … (${erika.name})` }).click();
    await page.getByRole('heading', { level: 1, name: 'Daten dieser Person löschen?' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ablauf-1-bestaetigung-390.png'), fullPage: true });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let focused = '';
    for (let press = 0; press < 60 && focused !== 'reason'; press += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('reason');
    await page.keyboard.type('Löschantrag per E-Mail vom 12.10.2025, Vorgang 7');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Ja, endgültig löschen');
    await page.screenshot({ path: join(SHOTS, 'ablauf-2-fokus-390.png'), fullPage: false });
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: 'Einladungen' }).waitFor();
    expect(await page.locator('.flash').innerText()).toMatch(
      /^Gelöscht: die Kontaktdaten und die abgeschlossene Antwort \(\d+ Einzelantworten\)\./,
    );
    expect(await page.content()).not.toContain(erika.name);
    expect(await page.getByText('gelöscht (auf Antrag)').count()).toBe(1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(SHOTS, 'ablauf-3-geloescht-390.png'), fullPage: true });

    // What the person sees now from the old link: the German page of an unknown link, nothing of the answers.
    const respondent = await tab(PHONE);
    await respondent.page.goto(`${harness.baseUrl}/survey/${erika.token}`);
    await respondent.page.getByRole('heading', { name: 'Dieser Link ist nicht gültig' }).waitFor();
    expect(await respondent.page.content()).not.toContain(erika.name);
    await respondent.page.screenshot({ path: join(SHOTS, 'ablauf-4-link-ungueltig-390.png'), fullPage: true });
  }, 120_000);

  it('shows every new page state in German, fitting the screen, without serious axe findings', async () => {
    const problems: string[] = [];
    const max = people[1];
    const states: Array<{ name: string; path: string; heading: RegExp; prepare?: (page: TestTab['page']) => Promise<void> }> = [
      { name: 'einladungen', path: '/admin/wellen/ki-2025/einladungen', heading: /^Einladungen$/ },
      {
        name: 'loeschen-bestaetigung',
        path: `/admin/wellen/ki-2025/einladungen/${max.id}/loeschen`,
        heading: /^Daten dieser Person löschen\?$/,
      },
      {
        name: 'loeschen-ohne-grund',
        path: `/admin/wellen/ki-2025/einladungen/${max.id}/loeschen`,
        heading: /^Daten dieser Person löschen\?$/,
        prepare: async (page) => {
          await page.getByLabel('Grund der Löschung (Pflichtfeld)').fill('');
          await page.evaluate(() => document.querySelector('form.stack')?.setAttribute('novalidate', ''));
          await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ja, endgültig löschen' }).click()]);
        },
      },
      { name: 'welle-offen', path: '/admin/wellen/ki-2025', heading: /^KI im Mittelstand 2025$/ },
      { name: 'welle-geschlossen', path: '/admin/wellen/ki-2024', heading: /^KI im Mittelstand 2024$/ },
      { name: 'kontaktdaten-bestaetigung', path: '/admin/wellen/ki-2024/kontaktdaten-loeschen', heading: /^Kontaktdaten jetzt löschen\?$/ },
      { name: 'import-liste', path: '/admin/wellen/ki-2021/import', heading: /^Import früherer Daten$/ },
      {
        name: 'import-antwort-loeschen',
        path: `/admin/wellen/ki-2021/import/${importId}/antwort-loeschen`,
        heading: /^Importierte Antwort löschen$/,
      },
      {
        name: 'import-kennung-unbekannt',
        path: `/admin/wellen/ki-2021/import/${importId}/antwort-loeschen`,
        heading: /^Importierte Antwort löschen$/,
        prepare: async (page) => {
          await page.getByLabel('Kennung der Antwort in der Datei (Pflichtfeld)').fill('gibt-es-nicht');
          await page.getByLabel('Grund der Löschung (Pflichtfeld)').fill('Antrag per Brief');
          await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ja, diese Antwort endgültig löschen' }).click()]);
        },
      },
      { name: 'protokoll', path: '/admin/protokoll?aktion=invitation.erased', heading: /^Protokoll$/ },
    ];
    for (const [viewport, width] of [
      [PHONE, '390'],
      [DESKTOP, '1280'],
    ] as const) {
      const { page } = await tab(viewport);
      for (const state of states) {
        const where = `${state.name}-${width}`;
        await page.goto(`${harness.baseUrl}${state.path}`);
        if (state.prepare) await state.prepare(page);
        const h1 = await page.locator('h1').allInnerTexts();
        if (h1.length !== 1 || !state.heading.test(h1[0].trim())) problems.push(`${where}: heading ${JSON.stringify(h1)}`);
        if ((await page.getAttribute('html', 'lang')) !== 'de') problems.push(`${where}: not lang="de"`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
        await page.screenshot({ path: join(SHOTS, `${where}.png`), fullPage: true });
        for (const finding of await seriousAxeViolations(page))
          problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
      }
    }
    // Forgetting the closed wave's contacts, then the pages that say so.
    const { page } = await tab(PHONE);
    await page.goto(`${harness.baseUrl}/admin/wellen/ki-2024/kontaktdaten-loeschen`);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Ja, Kontaktdaten jetzt löschen' }).click()]);
    expect(await page.locator('.flash').innerText()).toBe(
      'Die Kontaktdaten der Welle sind gelöscht: 1 Kontakt, 1 persönlicher Link. Die Antworten sind erhalten.',
    );
    for (const [name, path] of [
      ['welle-kontakte-geloescht', '/admin/wellen/ki-2024'],
      ['wiederoeffnen-ohne-links', '/admin/wellen/ki-2024/wieder-oeffnen'],
    ]) {
      await page.goto(`${harness.baseUrl}${path}`);
      await page.screenshot({ path: join(SHOTS, `${name}-390.png`), fullPage: true });
      for (const finding of await seriousAxeViolations(page))
        problems.push(`${name}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
    }
    expect(await page.getByText('Die bisherigen persönlichen Links funktionieren nicht mehr').count()).toBe(1);
    expect(problems).toEqual([]);
  }, 180_000);
});
