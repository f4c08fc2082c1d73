import request from 'supertest';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { BrowserHarness, closeTabsWithoutErrors, openTab, staffApi, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations } from './page-checks';
import { FULL_ANSWERS_2023 } from './questionnaire';

const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
];

interface PageState {
  /** File name of the screenshots. */
  name: string;
  path: string;
  /** The heading the page must show (its h1). */
  heading: RegExp;
  status?: number;
}

/**
 * Every console page in Chromium at 1280 and 390 px, as admin and as analyst: the German heading, no
 * serious or critical axe finding, nothing wider than the screen, no CSP violation or script error, and
 * screenshots of each state (in $TMPDIR/survey-waves-screens) to be looked at.
 */
describe('every page of the staff console at 1280 and 390 px', () => {
  let harness: BrowserHarness;
  const tabs: TestTab[] = [];
  const cookies: Record<'admin' | 'analyst', string> = { admin: '', analyst: '' };
  let invitationId = '';
  let memberId = '';

  beforeAll(async () => {
    harness = await startHarness();
    const staff = staffApi(harness);
    const http = () => request(harness.testApp.app.getHttpServer());
    const accounts = harness.testApp.app.get(StaffAccountsService);
    const sessions = harness.testApp.app.get(StaffSessionsService);
    for (const role of [StaffRole.Admin, StaffRole.Analyst]) {
      const name = role === StaffRole.Admin ? 'Anna Admin' : 'Ali Analyse';
      const { member, link } = await accounts.invite(SYSTEM_ACTOR, { name, email: `${role}@wik.example`, role });
      await accounts.setPasswordWithLink(link.token, `Passwort von ${name}, lang genug`);
      cookies[role] = (await sessions.open(member.id)).cookieValue;
      if (role === StaffRole.Analyst) memberId = member.id;
    }
    await staff.createWave('sweep-draft', 'Entwurf einer Welle');
    await staff.createWave('sweep', 'KI im Mittelstand 2025', { closesAt: '2099-07-27T21:59:00Z' });
    await staff.open('sweep');
    const invited = await http()
      .post('/api/waves/sweep/invitations')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({ invitations: [{ label: 'Erika Beispiel, Zentrum Hamburg', email: 'erika@zentrum.example' }, { label: 'Max Muster' }, {}] })
      .expect(201);
    invitationId = invited.body.invitations[0].id as string;
    await http()
      .put(`/api/respond/${invited.body.invitations[0].token as string}`)
      .send({ answers: FULL_ANSWERS_2023, complete: true })
      .expect(200);
    await http()
      .put(`/api/respond/${invited.body.invitations[1].token as string}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: false })
      .expect(200);
  }, 180_000);

  afterAll(() => harness.close());

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  const adminPages = (): PageState[] => [
    { name: 'uebersicht', path: '/admin', heading: /^Wellen$/ },
    { name: 'neue-welle', path: '/admin/wellen/neu', heading: /^Neue Welle$/ },
    { name: 'welle-entwurf', path: '/admin/wellen/sweep-draft', heading: /^Entwurf einer Welle$/ },
    { name: 'welle-offen', path: '/admin/wellen/sweep', heading: /^KI im Mittelstand 2025$/ },
    { name: 'welle-bearbeiten', path: '/admin/wellen/sweep/bearbeiten', heading: /bearbeiten/ },
    { name: 'welle-schliessen', path: '/admin/wellen/sweep/schliessen', heading: /^Welle schließen\?$/ },
    { name: 'entwurf-loeschen', path: '/admin/wellen/sweep-draft/loeschen', heading: /^Entwurf löschen\?$/ },
    { name: 'einladungen', path: '/admin/wellen/sweep/einladungen', heading: /^Einladungen$/ },
    { name: 'kontakt', path: `/admin/wellen/sweep/einladungen/${invitationId}/kontakt`, heading: /Kontakt/ },
    { name: 'neuer-link', path: `/admin/wellen/sweep/einladungen/${invitationId}/neuer-link`, heading: /^Neuen Link ausgeben\?$/ },
    { name: 'fortschritt', path: '/admin/wellen/sweep/fortschritt', heading: /^Fortschritt/ },
    { name: 'ergebnisse', path: '/admin/wellen/sweep/ergebnisse', heading: /Ergebnisse/ },
    { name: 'ergebnisse-leer', path: '/admin/wellen/sweep-draft/ergebnisse', heading: /Ergebnisse/ },
    { name: 'trends', path: '/admin/umfragen/ki-mittelstand/trends', heading: /Trends und Abbildungen/ },
    { name: 'frageboegen', path: '/admin/frageboegen', heading: /^Fragebögen$/ },
    { name: 'codebuch', path: '/admin/frageboegen/ki-mittelstand/2023', heading: /2023/ },
    { name: 'vergleich', path: '/admin/frageboegen/ki-mittelstand/vergleich?von=2019&bis=2021', heading: /^Versionen vergleichen/ },
    { name: 'hochladen', path: '/admin/frageboegen/hochladen', heading: /hochladen/ },
    { name: 'protokoll', path: '/admin/protokoll', heading: /^Protokoll$/ },
    { name: 'team', path: '/admin/team', heading: /^Team$/ },
    { name: 'team-einladen', path: '/admin/team/einladen', heading: /einladen/ },
    { name: 'team-sperren', path: `/admin/team/${memberId}/sperren`, heading: /sperren/ },
    { name: 'zugang', path: '/admin/zugang', heading: /^Mein Zugang$/ },
    { name: 'unbekannt', path: '/admin/gibt-es-nicht', heading: /^Fehler 404$/, status: 404 },
  ];

  const analystPages = (): PageState[] => [
    { name: 'analyse-uebersicht', path: '/admin', heading: /^Wellen$/ },
    { name: 'analyse-welle', path: '/admin/wellen/sweep', heading: /^KI im Mittelstand 2025$/ },
    { name: 'analyse-einladungen', path: '/admin/wellen/sweep/einladungen', heading: /^Einladungen$/ },
    { name: 'analyse-ergebnisse', path: '/admin/wellen/sweep/ergebnisse', heading: /Ergebnisse/ },
    { name: 'analyse-team-verboten', path: '/admin/team', heading: /^Nicht erlaubt$/, status: 403 },
  ];

  async function sweep(who: 'admin' | 'analyst' | 'nobody', states: PageState[]): Promise<string[]> {
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await openTab(harness, viewport);
      tabs.push(tab);
      if (who !== 'nobody') {
        await tab.context.addCookies([
          { name: SESSION_COOKIE, value: cookies[who], url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' },
        ]);
      }
      for (const state of states) {
        const answer = await tab.page.goto(`${harness.baseUrl}${state.path}`);
        const where = `${state.name} @${width}`;
        if (answer?.status() !== (state.status ?? 200)) problems.push(`${where}: status ${answer?.status()}`);
        const heading = (await tab.page.locator('h1').first().textContent())?.trim() ?? '';
        if (!state.heading.test(heading)) problems.push(`${where}: heading "${heading}"`);
        if ((await tab.page.getAttribute('html', 'lang')) !== 'de') problems.push(`${where}: not lang="de"`);
        const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
        for (const finding of await seriousAxeViolations(tab.page))
          problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
        await tab.screenshot(`console-seite-${state.name}-${width}`, { fullPage: false });
      }
    }
    return problems;
  }

  it('shows every admin page in German, accessible, fitting the screen', async () => {
    expect(await sweep('admin', adminPages())).toEqual([]);
  }, 300_000);

  it('shows the analyst’s pages and the sign-in and link pages the same way', async () => {
    expect(await sweep('analyst', analystPages())).toEqual([]);
    expect(
      await sweep('nobody', [
        { name: 'anmelden', path: '/admin/login', heading: /^Anmelden$/ },
        { name: 'link-ungueltig', path: '/admin/passwort/abgelaufen', heading: /Link/, status: 404 },
      ]),
    ).toEqual([]);
  }, 300_000);

  it('pages through a long list of invitations with the keyboard, forwards and back, at both widths', async () => {
    const labels = Array.from({ length: 230 }, (_, index) => `Person ${String(index + 1).padStart(3, '0')}`);
    await staffApi(harness).createWave('sweep-viele', 'Welle mit vielen Einladungen');
    await request(harness.testApp.app.getHttpServer())
      .post('/api/waves/sweep-viele/invitations')
      .auth(harness.adminToken, { type: 'bearer' })
      .send({ invitations: labels.map((label) => ({ label })) })
      .expect(201);
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await openTab(harness, viewport);
      tabs.push(tab);
      const { page } = tab;
      await tab.context.addCookies([{ name: SESSION_COOKIE, value: cookies.admin, url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
      /** What a person sees of the page: the range line, the names in the table, the page links; checked and photographed. */
      const look = async (state: string) => {
        const where = `${state} @${width}`;
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
        for (const finding of await seriousAxeViolations(page)) problems.push(`${where}: axe ${finding.rule} ${finding.elements[0]}`);
        await tab.screenshot(`console-einladungen-${state}-${width}`, { fullPage: false });
        // The page links above the list and again below it (after reading 100 rows, the way on is there).
        const above = page.getByRole('navigation', { name: 'Seiten der Einladungen', exact: true });
        const below = page.getByRole('navigation', { name: 'Seiten der Einladungen, unter der Liste', exact: true });
        const range = async (nav: typeof above) =>
          (await nav.count()) === 0 ? undefined : (await nav.locator('span').textContent())?.trim();
        const [top, bottom] = [await range(above), await range(below)];
        if (top !== bottom) problems.push(`${where}: the page line above the list says "${top}", below it "${bottom}"`);
        return {
          range: top,
          names: (await page.locator('table.data tbody th[scope=row]').allTextContents()).map((name) => name.trim()),
          back: await above.getByRole('link', { name: 'Zurück' }).count(),
          forward: await above.getByRole('link', { name: 'Weiter' }).count(),
        };
      };
      const follow = async (link: 'Weiter' | 'Zurück', to: number) => {
        // "Weiter" from below the list (where a reader arrives), "Zurück" from above it.
        const nav = link === 'Weiter' ? 'Seiten der Einladungen, unter der Liste' : 'Seiten der Einladungen';
        await page.getByRole('navigation', { name: nav, exact: true }).getByRole('link', { name: link }).focus();
        await Promise.all([page.waitForURL((url) => url.searchParams.get('seite') === String(to)), page.keyboard.press('Enter')]);
      };

      await page.goto(`${harness.baseUrl}/admin/wellen/sweep-viele/einladungen`);
      const first = await look('seite-1');
      expect(first).toMatchObject({ range: 'Einladungen 1–100 von 230 (Seite 1 von 3)', back: 0, forward: 1 });
      await follow('Weiter', 2);
      const second = await look('seite-2');
      expect(second).toMatchObject({ range: 'Einladungen 101–200 von 230 (Seite 2 von 3)', back: 1, forward: 1 });
      await follow('Weiter', 3);
      const third = await look('seite-3');
      expect(third).toMatchObject({ range: 'Einladungen 201–230 von 230 (Seite 3 von 3)', back: 1, forward: 0 });
      expect([first.names.length, second.names.length, third.names.length]).toEqual([100, 100, 30]);
      // Every invitation on exactly one page.
      expect([...first.names, ...second.names, ...third.names].sort()).toEqual(labels);
      await follow('Zurück', 2);
      expect((await look('zurueck-seite-2')).names).toEqual(second.names);

      // A bookmark past the end (the list got shorter since): said so, with the way back.
      await page.goto(`${harness.baseUrl}/admin/wellen/sweep-viele/einladungen?seite=9`);
      expect(await look('hinter-dem-ende')).toMatchObject({ range: undefined, names: [], back: 0, forward: 0 });
      expect(await page.getByText('Diese Seite gibt es nicht.').count()).toBe(1);
      await Promise.all([
        page.waitForURL((url) => url.pathname.endsWith('/einladungen') && url.search === ''),
        page.getByRole('link', { name: 'Zur ersten Seite' }).click(),
      ]);
      expect((await look('seite-1-wieder')).names).toEqual(first.names);
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it('can be used with the keyboard alone: skip link, visible focus, sign-in without a mouse', async () => {
    const tab = await openTab(harness, WIDTHS[0].viewport);
    tabs.push(tab);
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/admin/login`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Zum Inhalt springen');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('/admin');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('email');
    await page.keyboard.type('admin@wik.example');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Passwort von Anna Admin, lang genug');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Wellen' }).waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('inhalt');
  }, 120_000);
});
