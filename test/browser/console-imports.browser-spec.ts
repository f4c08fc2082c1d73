import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { BrowserHarness, closeTabsWithoutErrors, openTab, staffApi, startHarness, TestTab } from './browser-harness';
import { seriousAxeViolations, unreachableByKeyboard } from './page-checks';
import { FULL_ANSWERS_2023 } from './questionnaire';

/** Screenshots of every state of the import pages, to be looked at by a person. */
const SHOTS = '/tmp/import-console-shots';

const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
];

/** The file chooser of the upload form, as a person finds it. */
const FILE_LABEL = 'Datei (CSV, XLSX oder SAV)';

interface UploadFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The console's wave tab "Import" (issue 15) in Chromium: the workflow of a staff member filling a past wave from a
 * file (check with errors → fix → commit → results → undo → close the draft), and every state of the pages at 1280
 * and 390 px as admin and analyst: German heading, lang="de", nothing wider than the screen, no serious axe finding,
 * every control reachable by keyboard; a screenshot of each state in /tmp/import-console-shots.
 */
describe('the console’s import pages in a browser', () => {
  let harness: BrowserHarness;
  const tabs: TestTab[] = [];
  const cookies: Record<'admin' | 'analyst', string> = { admin: '', analyst: '' };
  /** The raw export (codes, `;` or `,`) of the online wave: header and its rows. */
  let header = '';
  let rows: string[] = [];
  let delimiter = ';';

  const csvFile = (name: string, lines: string[]): UploadFile => ({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'),
  });
  /** The export of the online wave as it was downloaded. */
  const goodFile = (name: string) => csvFile(name, [header, ...rows]);
  /** The export with one cell changed (the row at `index`, the column `column`). */
  const changedFile = (name: string, index: number, column: string, value: (old: string) => string) => {
    const columns = header.split(delimiter);
    const at = columns.indexOf(column);
    expect(at).toBeGreaterThanOrEqual(0);
    return csvFile(name, [
      header,
      ...rows.map((row, rowIndex) => {
        if (rowIndex !== index) return row;
        const cells = row.split(delimiter);
        cells[at] = value(cells[at]);
        return cells.join(delimiter);
      }),
    ]);
  };
  /** A file of another tool: the id column has another name, so the service asks for a mapping. */
  const foreignFile = (name: string) => csvFile(name, [header.replace('response_id', 'Nummer'), ...rows]);

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
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
    }
    // An online wave of the same questionnaire version with three completed answers and one begun.
    await staff.createWave('online', 'KI im Mittelstand 2025', { closesAt: '2099-07-27T21:59:00Z' });
    await staff.open('online');
    const invited = await staff.invite('online', 4);
    const answers = [
      FULL_ANSWERS_2023,
      { ...FULL_ANSWERS_2023, rolle: 'ki_experte' },
      { ...FULL_ANSWERS_2023, reifegrad: 'experimentierphase', zentrum: 'Mittelstand-Digital Zentrum Berlin' },
    ];
    for (const [index, given] of answers.entries()) {
      await http().put(`/api/respond/${invited[index].token}`).send({ answers: given, complete: true }).expect(200);
    }
    await staff.save(invited[3].token, { rolle: 'ki_trainer' });
    const exported = await http()
      .get('/api/waves/online/responses.csv')
      .auth(harness.adminToken, { type: 'bearer' })
      .buffer(true)
      .expect(200);
    const lines = exported.text
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    header = lines[0];
    delimiter = header.includes(';') ? ';' : ',';
    rows = lines.slice(1);
    expect(rows).toHaveLength(3);
    // Past waves of 2021 (drafts): one for the workflow, one per screen width for the states of the pages.
    for (const code of ['w2021', 'zustand-1280', 'zustand-390', 'analyse']) {
      await staff.createWave(code, `KI im Mittelstand 2021 (${code})`, {
        opensAt: '2021-05-03T06:00:00Z',
        closesAt: '2021-07-30T21:59:00Z',
      });
    }
    // The analyst's wave has one import (set up through the REST API).
    const file = goodFile('analyse.csv');
    await http()
      .post('/api/waves/analyse/imports')
      .auth(harness.adminToken, { type: 'bearer' })
      .attach('file', file.buffer, file.name)
      .expect(201);
  }, 180_000);

  afterAll(() => harness?.close());

  afterEach(() => closeTabsWithoutErrors(tabs.splice(0)));

  async function tabAs(who: 'admin' | 'analyst', viewport: { width: number; height: number }): Promise<TestTab> {
    const tab = await openTab(harness, viewport);
    tabs.push(tab);
    await tab.context.addCookies([{ name: SESSION_COOKIE, value: cookies[who], url: harness.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
    return tab;
  }

  /** Presses a button that submits a form and returns the status of the page it leads to (after redirects). */
  async function submit(page: Page, button: string | RegExp): Promise<number> {
    const [answer] = await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: button, exact: typeof button === 'string' }).click(),
    ]);
    return answer?.status() ?? 0;
  }

  /** Chooses a file in the upload form and presses "Hochladen und prüfen"; the status of the page shown. */
  async function uploadAndCheck(page: Page, file: UploadFile): Promise<number> {
    await page.getByLabel(FILE_LABEL).setInputFiles(file);
    return submit(page, 'Hochladen und prüfen');
  }

  /** The six counts of a report as a person reads them: "Zeilen 3", "gültig 2", … */
  async function counts(page: Page): Promise<string[]> {
    return (await page.locator('dl.import-counts > div').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
  }

  /** The wave's tab of that name. */
  async function openWaveTab(page: Page, name: string): Promise<void> {
    await page
      .getByRole('navigation', { name: /^Seiten der Welle/ })
      .getByRole('link', { name, exact: true })
      .click();
  }

  it('fills a past wave from an export: errors shown, fixed, committed, counted, undone, and the draft closed', async () => {
    const tab = await tabAs('admin', WIDTHS[0].viewport);
    const { page } = tab;
    await page.goto(`${harness.baseUrl}/admin/wellen/w2021`);
    await page.getByRole('heading', { level: 1, name: 'KI im Mittelstand 2021 (w2021)' }).waitFor();
    await openWaveTab(page, 'Import');
    await page.getByRole('heading', { level: 1, name: 'Import früherer Daten' }).waitFor();
    expect(await page.getByText('Noch kein Import.').count()).toBe(1);

    // A file with one bad cell: the check shows it, offers no commit.
    const bad = changedFile('welle-2021-fehler.csv', 1, 'chancen_werbung', () => '7');
    expect(await uploadAndCheck(page, bad)).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Import prüfen: welle-2021-fehler.csv' }).waitFor();
    expect(await counts(page)).toEqual(['Zeilen 3', 'gültig 2', 'fehlerhaft 1', 'neu 2', 'unverändert 0', 'Konflikte 0']);
    expect(await page.getByText('Automatisch erkannt: Die Datei ist ein Rohdaten-Export dieses Dienstes.').count()).toBe(1);
    const errorRows = await page.locator('table.import-errors tbody tr').allInnerTexts();
    expect(errorRows).toHaveLength(1);
    // Line 3 of the file (the header is line 1), the column, the value and the German sentence.
    expect(errorRows[0].replace(/\s+/g, ' ')).toMatch(/^3 chancen_werbung 7 Der Wert liegt außerhalb der Skala der Frage\./);
    expect(await page.getByText('1 Fehler in 1 Zeile.', { exact: false }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Übernehmen' }).count()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'ablauf-1-fehler.png'), fullPage: true });

    // Fixed: the good file, uploaded from the Import tab again.
    await openWaveTab(page, 'Import');
    expect(await uploadAndCheck(page, goodFile('welle-2021.csv'))).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Import prüfen: welle-2021.csv' }).waitFor();
    expect(await counts(page)).toEqual(['Zeilen 3', 'gültig 3', 'fehlerhaft 0', 'neu 3', 'unverändert 0', 'Konflikte 0']);
    expect(await page.getByText('Keine Fehler.').count()).toBe(1);
    expect(await submit(page, 'Übernehmen')).toBe(200);
    await page.getByRole('heading', { level: 1, name: 'Import früherer Daten' }).waitFor();
    expect(await page.locator('.flash').innerText()).toBe('3 Antworten importiert, 0 unverändert.');
    const listed = await page.locator('table.import-list tbody tr').allInnerTexts();
    expect(listed).toHaveLength(1);
    expect(listed[0].replace(/\s+/g, ' ')).toMatch(
      /^welle-2021\.csv CSV, .+ \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr Anna Admin .*3 0 0 3 übernommen/,
    );
    await page.screenshot({ path: join(SHOTS, 'ablauf-2-uebernommen.png'), fullPage: true });

    // The results count the imported answers as the online wave counts its own.
    await openWaveTab(page, 'Ergebnisse');
    await page.locator('p.lead').waitFor();
    expect((await page.locator('p.lead').innerText()).replace(/\s+/g, ' ')).toContain('Grundlage: 3 abgeschlossene Antworten.');
    const roleN = (await page.locator('#frage-rolle + p').innerText()).replace(/\s+/g, ' ');
    expect(roleN).toBe('Frage rolle · N = 3');
    const importedRoles = await page.locator('section[aria-labelledby="frage-rolle"] table tbody').innerText();
    await page.screenshot({ path: join(SHOTS, 'ablauf-3-ergebnisse.png'), fullPage: false });
    await page.goto(`${harness.baseUrl}/admin/wellen/online/ergebnisse`);
    expect(await page.locator('section[aria-labelledby="frage-rolle"] table tbody').innerText()).toBe(importedRoles);

    // Undone through its confirmation: the list says so, the results are empty again.
    await page.goto(`${harness.baseUrl}/admin/wellen/w2021/import`);
    await page.getByRole('link', { name: 'Rückgängig machen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import rückgängig machen?' }).waitFor();
    expect(await page.getByText('Die 3 Antworten dieses Imports werden gelöscht').count()).toBe(1);
    expect(await submit(page, 'Ja, Import rückgängig machen')).toBe(200);
    expect(await page.locator('.flash').innerText()).toBe('Der Import ist rückgängig gemacht: 3 Antworten gelöscht.');
    const after = (await page.locator('table.import-list tbody tr').innerText()).replace(/\s+/g, ' ');
    expect(after).toMatch(/ 0 rückgängig gemacht am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr von Anna Admin/);
    expect(await page.getByRole('link', { name: 'Rückgängig machen' }).count()).toBe(0);
    await openWaveTab(page, 'Ergebnisse');
    await page.locator('p.lead').waitFor();
    expect((await page.locator('p.lead').innerText()).replace(/\s+/g, ' ')).toContain('Grundlage: 0 abgeschlossene Antworten.');
    expect(await page.getByText('Diese Welle hat noch keine abgeschlossenen Antworten.').count()).toBe(1);

    // The past wave is closed from its draft, through the confirmation.
    await openWaveTab(page, 'Welle');
    expect(await page.locator('dl.facts .status').innerText()).toBe('Entwurf');
    await page.getByRole('link', { name: /^Welle schließen, ohne sie zu öffnen/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Welle schließen, ohne sie zu öffnen?' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'ablauf-4-schliessen.png'), fullPage: true });
    expect(await submit(page, 'Ja, Welle schließen, ohne sie zu öffnen')).toBe(200);
    expect(await page.locator('.flash').innerText()).toContain('Die Welle ist geschlossen.');
    expect(await page.locator('dl.facts .status').innerText()).toBe('geschlossen');
    // A closed wave still takes an import: the form is there.
    await openWaveTab(page, 'Import');
    expect(await page.getByLabel(FILE_LABEL).count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'ablauf-5-geschlossen.png'), fullPage: true });
  }, 180_000);

  /** German heading, lang, no overflow, no serious axe finding, every control reachable by Tab; a screenshot. */
  async function check(tab: TestTab, state: string, width: string, heading: RegExp): Promise<string[]> {
    const where = `${state}-${width}`;
    const problems: string[] = [];
    const h1 = await tab.page.locator('h1').allInnerTexts();
    if (h1.length !== 1 || !heading.test(h1[0].trim())) problems.push(`${where}: heading ${JSON.stringify(h1)}`);
    if ((await tab.page.getAttribute('html', 'lang')) !== 'de') problems.push(`${where}: not lang="de"`);
    const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    if (overflow > 0) problems.push(`${where}: ${overflow} px wider than the screen`);
    // A table of the import pages shows all its columns (at 390 px as stacked rows), without scrolling sideways.
    for (const table of await tab.page.$$eval('main .table-wrap', (wraps) =>
      wraps.filter((wrap) => wrap.scrollWidth > wrap.clientWidth + 1).map((wrap) => wrap.getAttribute('aria-label') ?? '?'),
    ))
      problems.push(`${where}: the table "${table}" scrolls sideways`);
    // Before the walk with the Tab key, which leaves a focus ring and scrolls.
    await tab.page.screenshot({ path: join(SHOTS, `${where}.png`), fullPage: true });
    for (const finding of await seriousAxeViolations(tab.page))
      problems.push(`${where}: axe ${finding.rule} (${finding.impact}) ${finding.elements[0]}`);
    for (const control of await unreachableByKeyboard(tab.page)) problems.push(`${where}: not reachable by keyboard: ${control}`);
    return problems;
  }

  it('shows every state of the import pages to an admin in German, accessible, fitting the screen, usable by keyboard', async () => {
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await tabAs('admin', viewport);
      const { page } = tab;
      const code = `zustand-${width}`;
      const list = `${harness.baseUrl}/admin/wellen/${code}/import`;
      const expectStatus = (state: string, status: number, wanted: number) => {
        if (status !== wanted) problems.push(`${state}-${width}: status ${status}`);
      };

      await page.goto(list);
      problems.push(...(await check(tab, 'formular', width, /^Import früherer Daten$/)));

      expectStatus(
        'fehler',
        await uploadAndCheck(
          page,
          changedFile('fehlerhaft.csv', 1, 'chancen_werbung', () => '7'),
        ),
        200,
      );
      expect(await page.locator('table.import-errors tbody tr').count()).toBe(1);
      problems.push(...(await check(tab, 'fehler', width, /^Import prüfen: fehlerhaft\.csv$/)));

      await page.goto(list);
      expectStatus('zuordnung-noetig', await uploadAndCheck(page, foreignFile('fremd.csv')), 422);
      expect(await page.locator('.form-error').innerText()).toContain('Die Datei ist kein Rohdaten-Export dieses Dienstes');
      problems.push(...(await check(tab, 'zuordnung-noetig', width, /^Import prüfen: fremd\.csv$/)));

      await page.goto(list);
      expectStatus('pruefung-sauber', await uploadAndCheck(page, goodFile('welle.csv')), 200);
      expect(await page.getByRole('button', { name: 'Übernehmen', exact: true }).count()).toBe(1);
      problems.push(...(await check(tab, 'pruefung-sauber', width, /^Import prüfen: welle\.csv$/)));
      // The mapping as a table and as JSON, opened.
      await page.getByText(/^Spalten und Fragen/).click();
      await page.getByText('Zuordnung als JSON (zum Kopieren)').click();
      expect(await page.locator('.mapping-table tbody tr').first().innerText()).toMatch(/^response_id\s+Externe Kennung/);
      problems.push(...(await check(tab, 'pruefung-zuordnung-offen', width, /^Import prüfen: welle\.csv$/)));

      expectStatus('liste-nach-import', await submit(page, 'Übernehmen'), 200);
      expect(await page.locator('.flash').innerText()).toBe('3 Antworten importiert, 0 unverändert.');
      problems.push(...(await check(tab, 'liste-nach-import', width, /^Import früherer Daten$/)));

      const conflicting = changedFile('geaendert.csv', 1, 'rolle', (role) => (role === 'ki_experte' ? 'ki_trainer' : 'ki_experte'));
      expectStatus('konflikte', await uploadAndCheck(page, conflicting), 200);
      expect(await page.getByLabel('Konflikte ersetzen (1)').count()).toBe(1);
      problems.push(...(await check(tab, 'konflikte', width, /^Import prüfen: geaendert\.csv$/)));

      expectStatus('konflikte-abgelehnt', await submit(page, 'Übernehmen'), 409);
      expect(await page.locator('.form-error').innerText()).toContain('es wurde nichts übernommen');
      problems.push(...(await check(tab, 'konflikte-abgelehnt', width, /^Import prüfen: geaendert\.csv$/)));

      await page.goto(list);
      await page.getByRole('link', { name: 'Rückgängig machen' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import rückgängig machen?' }).waitFor();
      problems.push(...(await check(tab, 'rueckgaengig-bestaetigen', width, /^Import rückgängig machen\?$/)));

      expectStatus('liste-rueckgaengig', await submit(page, 'Ja, Import rückgängig machen'), 200);
      expect((await page.locator('table.import-list tbody tr').innerText()).replace(/\s+/g, ' ')).toMatch(
        /rückgängig gemacht am \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr von Anna Admin/,
      );
      problems.push(...(await check(tab, 'liste-rueckgaengig', width, /^Import früherer Daten$/)));

      expectStatus('offene-welle', (await page.goto(`${harness.baseUrl}/admin/wellen/online/import`))?.status() ?? 0, 200);
      expect(await page.getByLabel(FILE_LABEL).count()).toBe(0);
      problems.push(...(await check(tab, 'offene-welle', width, /^Import früherer Daten$/)));

      const gone = await page.goto(`${list}/${'0'.repeat(32)}`);
      expectStatus('datei-weg', gone?.status() ?? 0, 404);
      problems.push(...(await check(tab, 'datei-weg', width, /^Datei nicht mehr vorhanden$/)));
    }
    expect(problems).toEqual([]);
  }, 600_000);

  it('shows the analyst the list of imports only: no form, no undo, no addresses', async () => {
    const problems: string[] = [];
    for (const { name: width, viewport } of WIDTHS) {
      const tab = await tabAs('analyst', viewport);
      const { page } = tab;
      const answer = await page.goto(`${harness.baseUrl}/admin/wellen/analyse/import`);
      if (answer?.status() !== 200) problems.push(`analyst-${width}: status ${answer?.status()}`);
      expect(await page.locator('table.import-list tbody tr').count()).toBe(1);
      expect(await page.getByLabel(FILE_LABEL).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Rückgängig machen' }).count()).toBe(0);
      expect(await page.locator('main').innerText()).not.toMatch(/@/);
      problems.push(...(await check(tab, 'analyst', width, /^Import früherer Daten$/)));
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
