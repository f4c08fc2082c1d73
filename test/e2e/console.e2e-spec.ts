import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { ConsoleStaff, createConsoleStaff, csrfOf, sessionCookieOf } from '../support/console';
import { createTestApp, TestApp } from '../support/test-app';

describe('staff console: pages, sessions and CSRF', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
  });

  afterAll(() => testApp.close());

  it('sends someone without a session to the sign-in page, keeping where they wanted to go', async () => {
    await http().get('/admin').expect(303).expect('Location', '/admin/login');
    await http().get('/admin?welle=x').expect(303).expect('Location', '/admin/login?next=%2Fadmin%3Fwelle%3Dx');
  });

  it('does not take a bearer token for a console page', async () => {
    await http().get('/admin').auth(staff.admin.token, { type: 'bearer' }).expect(303).expect('Location', '/admin/login');
  });

  it('shows a German sign-in form with fields email and password and a session cookie for its CSRF token', async () => {
    const page = await http()
      .get('/admin/login')
      .expect(200)
      .expect('Content-Type', /text\/html/);
    expect(page.text).toContain('<html lang="de">');
    expect(page.text).toMatch(/<input id="email" name="email" type="email"/);
    expect(page.text).toMatch(/<input id="password" name="password" type="password"/);
    expect(csrfOf(page.text)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const setCookie = (page.headers['set-cookie'] as unknown as string[])[0];
    expect(setCookie).toMatch(/^survey_console=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('shows the waves to a signed-in staff member, in German', async () => {
    const page = await http().get('/admin').set('Cookie', staff.analyst.cookie).expect(200);
    expect(page.text).toContain('<h1>Wellen</h1>');
    expect(page.text).toContain('Ali Analyst');
    expect(page.text).not.toContain('Neue Welle');
    const adminPage = await http().get('/admin').set('Cookie', staff.admin.cookie).expect(200);
    expect(adminPage.text).toContain('Neue Welle');
  });

  it('refuses a form without the session’s CSRF token with 403 and changes nothing', async () => {
    await http().post('/admin/abmelden').set('Cookie', staff.analyst.cookie).type('form').send({}).expect(403);
    const refused = await http()
      .post('/admin/abmelden')
      .set('Cookie', staff.analyst.cookie)
      .type('form')
      .send({ _csrf: 'x'.repeat(43) });
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Es wurde nichts geändert');
    await http().get('/admin').set('Cookie', staff.analyst.cookie).expect(200);
  });

  it('signs out: the session ends and its cookie is cleared', async () => {
    const user = await createConsoleStaff(testApp.app);
    const out = await http().post('/admin/abmelden').set('Cookie', user.analyst.cookie).type('form').send({ _csrf: user.analyst.csrf });
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/admin/login');
    expect(sessionCookieOf(out)).toBe('survey_console=');
    await http().get('/admin').set('Cookie', user.analyst.cookie).expect(303);
  });

  it('ends a session after 8 hours without a request', async () => {
    const sessions = testApp.app.get(StaffSessionsService);
    const user = await createConsoleStaff(testApp.app);
    await testApp.dataSource.query(`UPDATE staff_sessions SET last_seen_at = now() - interval '7 hours 59 minutes' WHERE member_id = $1`, [
      user.analyst.memberId,
    ]);
    await http().get('/admin').set('Cookie', user.analyst.cookie).expect(200);
    await testApp.dataSource.query(`UPDATE staff_sessions SET last_seen_at = now() - interval '8 hours 1 minute' WHERE member_id = $1`, [
      user.analyst.memberId,
    ]);
    await http().get('/admin').set('Cookie', user.analyst.cookie).expect(303).expect('Location', '/admin/login');
    expect(await sessions.find(user.analyst.cookie.split('=')[1])).toBeUndefined();
  });

  it('answers an unknown console address with a German 404 page, not JSON', async () => {
    const page = await http().get('/admin/gibt-es-nicht').set('Cookie', staff.admin.cookie).expect(404);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.text).toContain('Diese Seite gibt es nicht.');
  });

  it('serves htmx 2 and the console’s style sheet and script from the service, fingerprinted', async () => {
    const page = await http().get('/admin/login').expect(200);
    const urls = [...page.text.matchAll(/(?:href|src)="(\/assets\/[0-9a-f]{16}\/[a-z.-]+)"/g)].map((match) => match[1]);
    expect(urls.map((url) => url.split('/').pop()).sort()).toEqual(['console-page.js', 'console.css', 'htmx.js']);
    for (const url of urls) {
      const asset = await http().get(url).set('Accept-Encoding', 'gzip').expect(200);
      expect(asset.headers['content-encoding']).toBe('gzip');
      expect(asset.headers['cache-control']).toContain('immutable');
    }
    const htmx = await http()
      .get(urls.find((url) => url.endsWith('htmx.js')) ?? '')
      .expect(200);
    expect(htmx.text).toMatch(/version:"2\.0\.\d+"/);
  });

  describe('signing in with e-mail and password', () => {
    const password = 'lange genug, ohne Regeln';
    let memberId: string;

    beforeAll(async () => {
      const accounts = testApp.app.get(StaffAccountsService);
      const { member, link } = await accounts.invite(SYSTEM_ACTOR, {
        name: 'Sina Signin',
        email: 'sina@example.org',
        role: StaffRole.Analyst,
      });
      await accounts.setPasswordWithLink(link.token, password);
      memberId = member.id;
    });

    // Every request of this test comes from 127.0.0.1: each test starts without earlier failures of that address.
    beforeEach(() => testApp.dataSource.query('DELETE FROM staff_sign_in_failures'));

    const signIn = async (email: string, secret: string, next = '') => {
      const form = await http().get('/admin/login').expect(200);
      const cookie = sessionCookieOf(form);
      const answer = await http()
        .post('/admin/login')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfOf(form.text), email, password: secret, next });
      return { answer, formCookie: cookie };
    };

    it('answers 303 to /admin with a new session cookie; the sign-in form’s session is not the new one', async () => {
      const { answer, formCookie } = await signIn('SINA@example.org ', password);
      expect(answer.status).toBe(303);
      expect(answer.headers.location).toBe('/admin');
      const cookie = sessionCookieOf(answer);
      expect(cookie).not.toBe(formCookie);
      const page = await http().get('/admin').set('Cookie', cookie).expect(200);
      expect(page.text).toContain('Sina Signin');
      await http().get('/admin').set('Cookie', formCookie).expect(303);
    });

    it('goes back to the page that sent the person to sign in, but never to another site', async () => {
      expect((await signIn('sina@example.org', password, '/admin?welle=x')).answer.headers.location).toBe('/admin?welle=x');
      expect((await signIn('sina@example.org', password, '//evil.example/admin')).answer.headers.location).toBe('/admin');
      expect((await signIn('sina@example.org', password, 'https://evil.example')).answer.headers.location).toBe('/admin');
    });

    it('gives one German message for a wrong password and an unknown e-mail, and no session', async () => {
      const wrong = (await signIn('sina@example.org', 'falsches Passwort 123')).answer;
      const unknown = (await signIn('niemand@example.org', password)).answer;
      for (const answer of [wrong, unknown]) {
        expect(answer.status).toBe(401);
        expect(answer.text).toContain('E-Mail-Adresse oder Passwort ist nicht richtig.');
        expect(answer.headers['set-cookie']).toBeUndefined();
      }
      expect(wrong.text).toContain('value="sina@example.org"');
      expect(wrong.text).not.toContain('falsches Passwort');
      const audit = await testApp.dataSource.query(
        `SELECT details->>'email' AS email FROM audit_events WHERE action = 'staff.sign-in-failed' ORDER BY id`,
      );
      expect(audit.map((row: { email: string }) => row.email)).toEqual(expect.arrayContaining(['sina@example.org', 'niemand@example.org']));
    });

    it('refuses a sign-in without the form’s CSRF token (403) and signs nobody in', async () => {
      const refused = await http().post('/admin/login').type('form').send({ email: 'sina@example.org', password });
      expect(refused.status).toBe(403);
      expect(refused.headers['set-cookie']).toBeUndefined();
    });

    it('slows down repeated failures for one account with a German message and Retry-After', async () => {
      const accounts = testApp.app.get(StaffAccountsService);
      const { link } = await accounts.invite(SYSTEM_ACTOR, { name: 'Tom Tries', email: 'tom@example.org', role: StaffRole.Analyst });
      await accounts.setPasswordWithLink(link.token, password);
      const statuses: number[] = [];
      let last: request.Response | undefined;
      for (let attempt = 0; attempt < 5; attempt += 1) {
        last = (await signIn('tom@example.org', `falsch ${attempt} und lang genug`)).answer;
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      expect(last?.text).toMatch(/Zu viele erfolglose Versuche\. Bitte warten Sie \d+ Sekunden? /);
      expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
      // Even the right password waits until the slowdown is over.
      expect((await signIn('tom@example.org', password)).answer.status).toBe(429);
    });

    it('slows down failures from one address across accounts', async () => {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 5; attempt += 1) {
        statuses.push((await signIn(`person${attempt}@example.org`, 'falsch und lang genug')).answer.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
    });

    it('ends every session of an account an admin revokes', async () => {
      const { answer } = await signIn('sina@example.org', password);
      const cookie = sessionCookieOf(answer);
      await http().get('/admin').set('Cookie', cookie).expect(200);
      await testApp.app.get(StaffAccountsService).revoke({ id: staff.admin.memberId, name: 'Anna Admin', role: StaffRole.Admin }, memberId);
      await http().get('/admin').set('Cookie', cookie).expect(303).expect('Location', '/admin/login');
      expect((await signIn('sina@example.org', password)).answer.status).toBe(401);
    });
  });
});
