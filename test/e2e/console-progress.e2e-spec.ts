import request from 'supertest';
import { berlinDay, germanDate } from '../../src/analysis/progress-series';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { ConsoleStaff, createConsoleStaff, csrfOf, sessionCookieOf } from '../support/console';
import { createWave } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;
const EMAIL = 'expertin@example.org';

/** The rows of the Protokoll's table: [time, person, action, wave, details] as text. */
function auditRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      cell[1]
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );
}

/** The href of a link with that text (HTML entities of the query decoded). */
function linkHref(html: string, text: string): string | undefined {
  const match = new RegExp(`<a href="([^"]+)"[^>]*>[^<]*${text}[^<]*</a>`).exec(html);
  return match?.[1].replace(/&amp;/g, '&');
}

describe('staff console: Fortschritt and Protokoll', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let tokens: string[];
  let invitationIds: string[];
  let bernd: { id: string; token: string };
  const http = () => request(testApp.app.getHttpServer());
  const page = (path: string, cookie: string) => http().get(path).set('Cookie', cookie);
  const answer = (token: string, complete: boolean) =>
    http()
      .put(`/api/respond/${token}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete })
      .expect(200);

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    const opensAt = new Date(Date.now() - 2 * DAY).toISOString();
    await createWave(testApp.app, staff.admin.token, { code: 'fort', title: 'KI im Mittelstand 2025', opensAt });
    const invited = await http()
      .post('/api/waves/fort/invitations')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({ invitations: [{ label: 'Kammer A', email: EMAIL }, { label: 'Kammer B' }, { label: 'Kammer C' }] })
      .expect(201);
    tokens = (invited.body.invitations as Array<{ token: string }>).map((invitation) => invitation.token);
    invitationIds = (invited.body.invitations as Array<{ id: string }>).map((invitation) => invitation.id);
    await answer(tokens[0], true);
    await answer(tokens[1], false);
    // The partial response was started two days ago (moved back in the database: the respondent API saves at now()).
    await testApp.dataSource.query(
      `UPDATE responses SET created_at = $1 WHERE status = 'partial' AND wave_id = (SELECT id FROM waves WHERE code = 'fort')`,
      [opensAt],
    );
    await createWave(testApp.app, staff.admin.token, { code: 'fort-leer', title: 'Leere Welle', open: false });
    const member = await testApp.app.get(StaffAuthService).create('Bernd Beispiel', StaffRole.Admin);
    bernd = { id: member.member.id, token: member.token };
  });

  afterAll(() => testApp.close());

  describe('Fortschritt', () => {
    it('shows the response rate in German, the counts, the chart and a table with one row per day', async () => {
      const response = await page('/admin/wellen/fort/fortschritt', staff.analyst.cookie).expect(200);
      const html = response.text;
      expect(html).toContain('<h1>Fortschritt: KI im Mittelstand 2025</h1>');
      expect(html).toMatch(/href="\/admin\/wellen\/fort\/fortschritt" aria-current="page">Fortschritt</);
      expect(html).toMatch(/<dt>Rücklaufquote<\/dt>\s*<dd>33,3 %<\/dd>/);
      expect(html).toMatch(/<dt>Eingeladen<\/dt>\s*<dd>3<\/dd>/);
      expect(html).toMatch(/<dt>Begonnen<\/dt>\s*<dd>2<\/dd>/);
      expect(html).toMatch(/<dt>Abgeschlossen<\/dt>\s*<dd>1<\/dd>/);
      expect(html).toMatch(/<svg[^>]* role="img" aria-label="Fortschritt der Welle „KI im Mittelstand 2025“: Antworten kumuliert je Tag/);

      const first = germanDate(berlinDay(new Date(Date.now() - 2 * DAY)));
      const middle = germanDate(berlinDay(new Date(Date.now() - DAY)));
      const today = germanDate(berlinDay(new Date()));
      expect(html).toContain(`<h3 id="fortschritt-tabelle">Antworten je Tag vom ${first} bis ${today}</h3>`);
      expect(html).toMatch(/<table class="data progress-days">\s*<caption/);
      expect(auditRows(html)).toEqual([
        [first, '1', '0', '1', '0'],
        [middle, '0', '0', '1', '0'],
        [today, '1', '1', '2', '1'],
      ]);
      // An analyst's page: no contact data, no link token.
      expect(html).not.toContain(EMAIL);
      expect(html).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
      for (const token of tokens) expect(html).not.toContain(token);
    });

    it('refreshes the figures every minute while the wave is open (htmx fragment without the layout)', async () => {
      const html = (await page('/admin/wellen/fort/fortschritt', staff.admin.cookie).expect(200)).text;
      expect(html).toContain('hx-get="/admin/wellen/fort/fortschritt/zahlen" hx-trigger="every 60s" hx-swap="outerHTML"');
      const fragment = await page('/admin/wellen/fort/fortschritt/zahlen', staff.analyst.cookie).set('HX-Request', 'true').expect(200);
      expect(fragment.text).not.toContain('<html');
      expect(fragment.text).toMatch(/^\s*<section id="fortschritt-zahlen"/);
      expect(fragment.text).toMatch(/<dt>Abgeschlossen<\/dt>\s*<dd>1<\/dd>/);
    });

    it('shows a German empty state for a wave without responses, without chart or table', async () => {
      const html = (await page('/admin/wellen/fort-leer/fortschritt', staff.analyst.cookie).expect(200)).text;
      expect(html).toContain('Noch keine Antworten');
      expect(html).toContain('Die Welle ist noch ein Entwurf.');
      expect(html).toMatch(/<dt>Rücklaufquote<\/dt>\s*<dd>–<\/dd>/);
      expect(html).not.toContain('<svg');
      expect(html).not.toContain('<table');
      expect(html).not.toContain('hx-trigger');
    });

    it('answers an unknown wave with a German 404 page and sends someone without a session to sign in', async () => {
      const missing = await page('/admin/wellen/gibt-es-nicht/fortschritt', staff.admin.cookie).expect(404);
      expect(missing.text).toContain('Diese Welle gibt es nicht.');
      await http()
        .get('/admin/wellen/fort/fortschritt')
        .expect(303)
        .expect('Location', '/admin/login?next=%2Fadmin%2Fwellen%2Ffort%2Ffortschritt');
    });
  });

  describe('Protokoll', () => {
    it('lists the wave’s events newest first with German labels, persons and details, and no contact data', async () => {
      const html = (await page('/admin/protokoll?welle=fort', staff.admin.cookie).expect(200)).text;
      expect(html).toContain('<h1>Protokoll</h1>');
      const rows = auditRows(html);
      expect(rows.map((row) => row[2])).toEqual([
        'Einladungen erstellt',
        'Welle geöffnet',
        'Fragebogenversion festgelegt',
        'Welle angelegt',
      ]);
      expect(rows[0]).toEqual([
        expect.stringMatching(/^\d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr$/),
        'Anna Admin (Administration)',
        'Einladungen erstellt',
        'fort',
        '3 Einladungen, davon 1 mit E-Mail-Adresse',
      ]);
      expect(rows[1][4]).toBe('von Entwurf nach offen');
      expect(rows[3][4]).toBe('Titel „KI im Mittelstand 2025“');
      expect(html).toContain('<a href="/admin/wellen/fort">fort</a>');
      expect(html).toContain('4 Einträge für diese Auswahl.');
      expect(html).toContain('<option value="fort" selected>fort</option>');
      expect(html).not.toContain(EMAIL);
      for (const token of tokens) expect(html).not.toContain(token);
    });

    it('narrows the list by wave, by action (German labels in the select) and by person', async () => {
      await createWave(testApp.app, bernd.token, { code: 'fort-bernd', title: 'Welle von Bernd' });

      const all = auditRows((await page('/admin/protokoll', staff.admin.cookie).expect(200)).text);
      expect(all.map((row) => row[3])).toEqual(expect.arrayContaining(['fort', 'fort-leer', 'fort-bernd']));

      const byAction = await page('/admin/protokoll?aktion=wave.opened', staff.admin.cookie).expect(200);
      expect(byAction.text).toContain('<option value="wave.opened" selected>Welle geöffnet</option>');
      const opened = auditRows(byAction.text);
      expect(opened.map((row) => [row[2], row[3]])).toEqual([
        ['Welle geöffnet', 'fort-bernd'],
        ['Welle geöffnet', 'fort'],
      ]);

      const byPerson = await page(`/admin/protokoll?person=${bernd.id}`, staff.admin.cookie).expect(200);
      expect(byPerson.text).toContain(`<option value="${bernd.id}" selected>Bernd Beispiel (Administration)</option>`);
      const berndsRows = auditRows(byPerson.text);
      expect(berndsRows).toHaveLength(3);
      expect(new Set(berndsRows.map((row) => row[1]))).toEqual(new Set(['Bernd Beispiel (Administration)']));
      expect(new Set(berndsRows.map((row) => row[3]))).toEqual(new Set(['fort-bernd']));

      const none = await page(`/admin/protokoll?welle=fort-leer&person=${bernd.id}`, staff.admin.cookie).expect(200);
      expect(auditRows(none.text)).toEqual([]);
      expect(none.text).toContain('Keine Einträge für diese Auswahl.');
    });

    it('pages 50 at a time, "Ältere" and "Neuere" keep the filters', async () => {
      for (let round = 0; round < 28; round += 1) {
        for (const action of ['block', 'unblock']) {
          await http().post(`/api/waves/fort/invitations/${invitationIds[2]}/${action}`).auth(bernd.token, { type: 'bearer' }).expect(200);
        }
      }
      const filter = `welle=fort&person=${bernd.id}`;
      const first = (await page(`/admin/protokoll?${filter}`, staff.admin.cookie).expect(200)).text;
      expect(first).toContain('56 Einträge für diese Auswahl.');
      expect(first).toContain('Seite 1 von 2');
      const rows = auditRows(first);
      expect(rows).toHaveLength(50);
      expect(rows[0].slice(1, 5)).toEqual([
        'Bernd Beispiel (Administration)',
        'Link entsperrt',
        'fort',
        `Einladung ${invitationIds[2].slice(0, 8)}`,
      ]);
      expect(linkHref(first, 'Neuere')).toBeUndefined();
      const older = linkHref(first, 'Ältere');
      expect(older).toBe(`/admin/protokoll?welle=fort&person=${bernd.id}&seite=2`);

      const second = (await page(older!, staff.admin.cookie).expect(200)).text;
      expect(second).toContain('Seite 2 von 2');
      expect(auditRows(second)).toHaveLength(6);
      expect(second).toContain('<option value="fort" selected>fort</option>');
      expect(linkHref(second, 'Ältere')).toBeUndefined();
      expect(linkHref(second, 'Neuere')).toBe(`/admin/protokoll?welle=fort&person=${bernd.id}`);

      const blocked = (await page(`/admin/protokoll?${filter}&aktion=invitation.blocked`, staff.admin.cookie).expect(200)).text;
      expect(blocked).toContain('28 Einträge für diese Auswahl.');
      expect(blocked).toContain('Seite 1 von 1');
    });

    it('shows a failed sign-in as "Anmeldung fehlgeschlagen" by "Nicht angemeldet" with what the event holds', async () => {
      const form = await http().get('/admin/login').expect(200);
      const failed = await http()
        .post('/admin/login')
        .set('Cookie', sessionCookieOf(form))
        .type('form')
        .send({ _csrf: csrfOf(form.text), email: 'niemand@example.org', password: 'falsch-falsch-falsch', next: '/admin' });
      expect(failed.status).toBeGreaterThanOrEqual(400);
      const html = (await page('/admin/protokoll?aktion=staff.sign-in-failed', staff.admin.cookie).expect(200)).text;
      expect(html).toContain('<option value="staff.sign-in-failed" selected>Anmeldung fehlgeschlagen</option>');
      expect(auditRows(html)).toEqual([
        [
          expect.any(String),
          'Nicht angemeldet',
          'Anmeldung fehlgeschlagen',
          '–',
          expect.stringMatching(/^E-Mail-Adresse niemand@example\.org, von \S+$/),
        ],
      ]);
    });

    it('refuses an invalid page with a German 422 page', async () => {
      const refused = await page('/admin/protokoll?seite=zwei', staff.admin.cookie).expect(422);
      expect(refused.text).toContain('Die Eingaben sind nicht vollständig oder nicht gültig.');
      await page('/admin/protokoll?seite=0', staff.admin.cookie).expect(422);
    });

    it('is for admins only, like /api/audit: analysts get a German 403 page and no link in the navigation', async () => {
      const refused = await page('/admin/protokoll', staff.analyst.cookie).expect(403);
      expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung.');
      expect(refused.text).not.toContain('Link entsperrt');
      await http().get('/api/audit').auth(staff.analyst.token, { type: 'bearer' }).expect(403);

      const analystNav = (await page('/admin', staff.analyst.cookie).expect(200)).text;
      expect(analystNav).not.toContain('href="/admin/protokoll"');
      const adminNav = (await page('/admin', staff.admin.cookie).expect(200)).text;
      expect(adminNav).toContain('href="/admin/protokoll"');
      await http().get('/admin/protokoll').expect(303).expect('Location', '/admin/login?next=%2Fadmin%2Fprotokoll');
    });
  });

  it('stops refreshing once the wave is closed, and the Protokoll shows the close', async () => {
    await http().post('/api/waves/fort/close').auth(staff.admin.token, { type: 'bearer' }).expect(200);
    const html = (await page('/admin/wellen/fort/fortschritt', staff.admin.cookie).expect(200)).text;
    expect(html).not.toContain('hx-trigger');
    expect(html).toMatch(/<dt>Abgeschlossen<\/dt>\s*<dd>1<\/dd>/);
    const trail = auditRows((await page('/admin/protokoll?welle=fort&aktion=wave.closed', staff.admin.cookie).expect(200)).text);
    expect(trail).toEqual([[expect.any(String), 'Anna Admin (Administration)', 'Welle geschlossen', 'fort', 'von offen nach geschlossen']]);
  });
});
