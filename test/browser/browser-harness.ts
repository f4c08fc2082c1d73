import { mkdir } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { createTestApp, TestApp } from '../support/test-app';

/** Where every browser test saves its screenshots, to be looked at by a person. */
export const SCREENSHOT_DIR = join(tmpdir(), 'survey-waves-screens');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** The real service listening on a loopback port, a staff admin, and a Chromium. */
export interface BrowserHarness {
  testApp: TestApp;
  baseUrl: string;
  adminToken: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startHarness(): Promise<BrowserHarness> {
  const testApp = await createTestApp();
  await testApp.app.listen(0, '127.0.0.1');
  const { port } = testApp.app.getHttpServer().address() as AddressInfo;
  const { token: adminToken } = await testApp.app.get(StaffAuthService).create('Browser Test Admin', StaffRole.Admin);
  // The browser's own words (a file field's "Datei auswählen") in German, as staff and experts see them: Chromium on
  // Linux takes its language from LANGUAGE; Debian's chromium-l10n holds it (.ci/run installs it).
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    env: { ...process.env, LANGUAGE: 'de' },
  });
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return {
    testApp,
    baseUrl: `http://127.0.0.1:${port}`,
    adminToken,
    browser,
    close: async () => {
      await browser.close();
      await testApp.close();
    },
  };
}

export function staffApi(harness: BrowserHarness) {
  const http = () => request(harness.testApp.app.getHttpServer());
  const auth = { type: 'bearer' as const };
  return {
    createWave: async (code: string, title: string, options: { version?: string; opensAt?: string; closesAt?: string } = {}) => {
      const { version = '2023', ...window } = options;
      await http()
        .post('/api/waves')
        .auth(harness.adminToken, auth)
        .send({ code, title, surveyId: 'ki-mittelstand', version, ...window })
        .expect(201);
    },
    open: async (code: string) => {
      await http().post(`/api/waves/${code}/open`).auth(harness.adminToken, auth).expect(200);
    },
    close: async (code: string) => {
      await http().post(`/api/waves/${code}/close`).auth(harness.adminToken, auth).expect(200);
    },
    reopen: async (code: string) => {
      await http().post(`/api/waves/${code}/reopen`).auth(harness.adminToken, auth).expect(200);
    },
    update: async (code: string, changes: Record<string, unknown>) => {
      await http().patch(`/api/waves/${code}`).auth(harness.adminToken, auth).send(changes).expect(200);
    },
    /** Saves answers through the respondent API, as the page does on its first save. */
    save: async (token: string, answers: Record<string, unknown>) => {
      await http().put(`/api/respond/${token}`).send({ answers, complete: false }).expect(200);
    },
    results: async (code: string) => (await http().get(`/api/waves/${code}/results`).auth(harness.adminToken, auth).expect(200)).body,
    /** The path of each new personal link, e.g. `/survey/<token>`, as invitation creation prints it. */
    invite: async (code: string, count: number): Promise<Array<{ id: string; token: string; path: string }>> => {
      const response = await http().post(`/api/waves/${code}/invitations`).auth(harness.adminToken, auth).send({ count }).expect(201);
      return (response.body.invitations as Array<{ id: string; token: string; url: string }>).map((invitation) => ({
        id: invitation.id,
        token: invitation.token,
        path: new URL(invitation.url).pathname,
      }));
    },
    /** Blocks an invitation's link, as an admin does with a leaked link. */
    block: async (code: string, invitationId: string) => {
      await http().post(`/api/waves/${code}/invitations/${invitationId}/block`).auth(harness.adminToken, auth).expect(200);
    },
    respondent: (token: string) => http().get(`/api/respond/${token}`),
  };
}

/** A browser tab with everything a test checks besides the page: requests, CSP violations, console errors. */
export interface TestTab {
  context: BrowserContext;
  page: Page;
  /** Every URL the page requested. */
  requests: string[];
  cspViolations: string[];
  /** Console errors other than the browser's own note on a 4xx/5xx answer. */
  consoleErrors: string[];
  /** Uncaught exceptions of the page's scripts. */
  pageErrors: string[];
  /** Saves a screenshot (the whole page, or only the visible part) to SCREENSHOT_DIR. */
  screenshot(name: string, options?: { fullPage: boolean }): Promise<string>;
}

export async function openTab(
  harness: BrowserHarness,
  viewport = { width: 1280, height: 900 },
  context?: BrowserContext,
): Promise<TestTab> {
  const ownContext = context ?? (await harness.browser.newContext({ viewport, locale: 'de-DE', timezoneId: 'Europe/Berlin' }));
  const page = await ownContext.newPage();
  const tab: TestTab = {
    context: ownContext,
    page,
    requests: [],
    cspViolations: [],
    consoleErrors: [],
    pageErrors: [],
    screenshot: async (name: string, options = { fullPage: true }) => {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: options.fullPage });
      return path;
    },
  };
  page.on('request', (sent) => tab.requests.push(sent.url()));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) tab.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => tab.pageErrors.push(error.message));
  await page.exposeFunction('__reportCspViolation', (text: string) => tab.cspViolations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __reportCspViolation(text: string): void }).__reportCspViolation(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return tab;
}

/** Waits until the page reports that every answer is saved. */
/** After a test: no page met a CSP violation, a script error or a console error; then every tab is closed. */
export async function closeTabsWithoutErrors(tabs: TestTab[]): Promise<void> {
  for (const tab of tabs) {
    expect(tab.cspViolations).toEqual([]);
    expect(tab.pageErrors).toEqual([]);
    expect(tab.consoleErrors).toEqual([]);
  }
  await Promise.all(tabs.map((tab) => tab.context.close()));
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await page.waitForFunction(() => document.getElementById('save-state')?.dataset.state === 'saved', undefined, { timeout: 20000 });
}

export interface StoredResponse {
  status: string;
  revision: number;
  answers: Record<string, unknown>;
}

/** The response row of a token, read straight from the database (undefined before the first save). */
export async function storedResponse(harness: BrowserHarness, token: string): Promise<StoredResponse | undefined> {
  const [row] = await harness.testApp.dataSource.query(
    `SELECT r.status, r.revision, r.answers FROM responses r JOIN invitations i ON i.id = r.invitation_id
      WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
    [token],
  );
  return row as StoredResponse | undefined;
}

/** A console account with a password (set through its one-time link, as a new staff member does). */
export async function consoleAccount(
  harness: BrowserHarness,
  name: string,
  email: string,
  role: StaffRole,
): Promise<{ email: string; password: string }> {
  const accounts = harness.testApp.app.get(StaffAccountsService);
  const { link } = await accounts.invite(SYSTEM_ACTOR, { name, email, role });
  const password = `Passwort für ${name} im Test`;
  await accounts.setPasswordWithLink(link.token, password);
  return { email, password };
}

/** Signs in through the console's sign-in form and waits for the overview. */
export async function signInToConsole(page: Page, baseUrl: string, account: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/admin`);
  await page.getByLabel('E-Mail-Adresse').fill(account.email);
  await page.getByLabel('Passwort').fill(account.password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: 'Wellen' }).waitFor();
}
