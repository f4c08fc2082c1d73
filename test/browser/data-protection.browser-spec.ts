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
import { answerPage, FULL_ANSWERS_2023, loadDefinition } from './questionnaire';

/** Screenshots of every state of the data-protection pages, to be looked at by a person. */
const SHOTS = '/tmp/data-protection-shots';
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const DRAFT_PREFIX = 'survey-waves:draft:';

/** The unsent drafts of answers the respondent page keeps in this tab's localStorage. */
const localDrafts = (page: TestTab['page']): Promise<string[]> =>
  page.evaluate((prefix) => Object.keys(localStorage).filter((key) => key.startsWith(prefix)), DRAFT_PREFIX);

/** Presses Tab until the focused element matches (at most 80 times); returns what has the focus then. */
async function tabTo(
  page: TestTab['page'],
  matches: (focused: { id: string; text: string }) => boolean,
): Promise<{ id: string; text: string }> {
  let focused = { id: '', text: '' };
  for (let press = 0; press < 80; press += 1) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      text: (document.activeElement as HTMLElement | null)?.innerText?.trim() ?? '',
    }));
    if (matches(focused)) return focused;
  }
  return focused;
}

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

  it('removes an unsent draft from the device when the link no longer works (the person was erased)', async () => {
    const api = (test: request.Test) => test.auth(harness.adminToken, { type: 'bearer' });
    const http = () => request(harness.testApp.app.getHttpServer());
    const created = await api(http().post('/api/waves/ki-2025/invitations'))
      .send({ invitations: [{ email: 'olga.offline@example.org', name: 'Olga Offline' }] })
      .expect(201);
    const olga = created.body.invitations[0] as { id: string; token: string };
    const respondent = await tab(PHONE);
    await respondent.page.goto(`${harness.baseUrl}/survey/${olga.token}`);
    await respondent.page.getByText('Seite 1 von', { exact: false }).first().waitFor();
    // Offline: the answer stays on the device as a draft, the server never gets it.
    await respondent.context.setOffline(true);
    await answerPage(respondent.page, loadDefinition('ki-mittelstand', '2023'), 'profil', { rolle: 'ki_experte' });
    await respondent.page.waitForFunction((prefix) => Object.keys(localStorage).some((key) => key.startsWith(prefix)), DRAFT_PREFIX);
    expect(await localDrafts(respondent.page)).toHaveLength(1);
    expect(JSON.stringify(await respondent.page.evaluate(() => ({ ...localStorage })))).toContain('ki_experte');
    const draftPage = respondent.page;
    // The tab is left while offline: nothing was sent. Meanwhile the person is erased on request.
    const [{ count }] = await harness.testApp.dataSource.query<Array<{ count: number }>>(
      'SELECT count(*)::int AS count FROM responses WHERE invitation_id = $1',
      [olga.id],
    );
    expect(count).toBe(0);
    await api(http().post(`/api/waves/ki-2025/invitations/${olga.id}/erase`))
      .send({ reason: 'Löschantrag per Brief' })
      .expect(200);
    await draftPage.close();

    await respondent.context.setOffline(false);
    const again = await respondent.context.newPage();
    await again.goto(`${harness.baseUrl}/survey/${olga.token}`);
    await again.getByRole('heading', { name: 'Dieser Link ist nicht gültig' }).waitFor();
    expect(await localDrafts(again)).toEqual([]);
    await again.screenshot({ path: join(SHOTS, 'entwurf-entfernt-390.png'), fullPage: true });
  }, 120_000);

  it('finds a person by e-mail on a phone by keyboard, downloads the Auskunft and erases them from the search page', async () => {
    const api = (test: request.Test) => test.auth(harness.adminToken, { type: 'bearer' });
    const http = () => request(harness.testApp.app.getHttpServer());
    await api(http().post('/api/waves'))
      .send({ code: 'ki-2026', title: 'KI im Mittelstand 2026', surveyId: 'ki-mittelstand', version: '2023' })
      .expect(201);
    await api(http().post('/api/waves/ki-2026/open')).expect(200);
    const paula = { email: 'paula.person@example.org', name: 'Paula Person', organisation: 'Person & Partner' };
    const [in2025] = (
      await api(http().post('/api/waves/ki-2025/invitations'))
        .send({ invitations: [paula] })
        .expect(201)
    ).body.invitations as Array<{ id: string; token: string }>;
    const [in2026] = (
      await api(http().post('/api/waves/ki-2026/invitations'))
        .send({ invitations: [paula] })
        .expect(201)
    ).body.invitations as Array<{ id: string; token: string }>;
    await http()
      .put(`/api/respond/${in2026.token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: false })
      .expect(200);
    const problems: string[] = [];
    const check = async (page: TestTab['page'], where: string) => {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
      for (const finding of await seriousAxeViolations(page))
        problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
      await page.screenshot({ path: join(SHOTS, `${where}.png`), fullPage: true });
    };

    const { page } = await tab(PHONE);
    await page.goto(`${harness.baseUrl}/admin`);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Person finden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Person finden' }).waitFor();
    await check(page, 'person-finden-leer-390');

    // By keyboard: to the field, the address in another case, Enter.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect((await tabTo(page, (focused) => focused.id === 'email')).id).toBe('email');
    await page.keyboard.type(' Paula.PERSON@example.org');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toBe(`${harness.baseUrl}/admin/personen`);
    const table = page.getByRole('table', {
      name: 'Einladungen mit der Adresse Paula.PERSON@example.org, die neueste Welle zuerst',
      exact: true,
    });
    await table.waitFor();
    const rows = await table.locator('tbody tr').allInnerTexts();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('KI im Mittelstand 2026');
    expect(rows[0]).toContain('begonnen');
    expect(rows[1]).toContain('KI im Mittelstand 2025');
    expect(rows[1]).toContain('nicht begonnen');
    await check(page, 'person-finden-ergebnis-390');

    // Access request: the JSON file of the newest wave's invitation.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Auskunft (KI im Mittelstand 2026, Paula Person, JSON-Datei)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`auskunft-ki-2026-${in2026.id}.json`);
    const data = JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(data.contact)).toContain(paula.email);
    expect(JSON.stringify(data.responses)).toContain('ki_trainer');

    // Erasure: "Löschen …" by keyboard; a reason naming the person is refused at the field, kept, nothing deleted.
    const link = await tabTo(page, (focused) => focused.text.startsWith('Löschen …') && focused.text.includes('2026'));
    expect(link.text).toMatch(/^Löschen …/);
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: 'Daten dieser Person löschen?' }).waitFor();
    expect(await page.getByRole('link', { name: 'Abbrechen' }).getAttribute('href')).toBe('/admin/personen');
    expect((await tabTo(page, (focused) => focused.id === 'reason')).id).toBe('reason');
    await page.keyboard.type('Anruf von Paula Person am 12.10.2025');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    const reasonError = page.locator('#reason-error');
    expect(await reasonError.innerText()).toMatch(/^Der Grund darf die Person nicht nennen/);
    expect(await page.getByLabel('Grund der Löschung (Pflichtfeld)').inputValue()).toBe('Anruf von Paula Person am 12.10.2025');
    expect(await page.getByLabel('Grund der Löschung (Pflichtfeld)').getAttribute('aria-invalid')).toBe('true');
    await check(page, 'person-loeschen-grund-nennt-person-390');

    await page.getByLabel('Grund der Löschung (Pflichtfeld)').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Löschantrag per Telefon vom 12.10.2025, Vorgang 8');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { level: 1, name: 'Person finden' }).waitFor();
    expect(await page.locator('.flash').innerText()).toMatch(/^Gelöscht: die Kontaktdaten und die begonnene Antwort \(1 Einzelantwort\)\./);
    await check(page, 'person-finden-nach-loeschung-390');

    // Searching again finds only the other wave's invitation.
    await page.getByLabel('E-Mail-Adresse der Person').fill('paula.person@example.org');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Suchen' }).click()]);
    expect(await table.count()).toBe(0);
    const rest = await page
      .getByRole('table', { name: /^Einladungen mit der Adresse paula.person@example.org/ })
      .locator('tbody tr')
      .allInnerTexts();
    expect(rest).toHaveLength(1);
    expect(rest[0]).toContain('KI im Mittelstand 2025');

    // The same at desktop width, and the states of the page there.
    const desktop = await tab(DESKTOP);
    await desktop.page.goto(`${harness.baseUrl}/admin/personen`);
    await check(desktop.page, 'person-finden-leer-1280');
    await desktop.page.getByLabel('E-Mail-Adresse der Person').fill('paula.person@example.org');
    await Promise.all([desktop.page.waitForNavigation(), desktop.page.getByRole('button', { name: 'Suchen' }).click()]);
    await check(desktop.page, 'person-finden-ergebnis-1280');
    await desktop.page.getByLabel('E-Mail-Adresse der Person').fill('niemand@example.org');
    await Promise.all([desktop.page.waitForNavigation(), desktop.page.getByRole('button', { name: 'Suchen' }).click()]);
    await desktop.page.getByText('Keine Einladung mit der Adresse').waitFor();
    await check(desktop.page, 'person-finden-niemand-1280');
    await desktop.page.getByLabel('E-Mail-Adresse der Person').fill('paula.person');
    await desktop.page.evaluate(() => document.querySelector('form.person-search')?.setAttribute('novalidate', ''));
    await Promise.all([desktop.page.waitForNavigation(), desktop.page.getByRole('button', { name: 'Suchen' }).click()]);
    expect(await desktop.page.locator('#email-error').innerText()).toMatch(/^Bitte geben Sie eine vollständige E-Mail-Adresse ein/);
    await check(desktop.page, 'person-finden-ungueltig-1280');
    expect(in2025.id).not.toBe(in2026.id);
    expect(problems).toEqual([]);
  }, 180_000);
});
