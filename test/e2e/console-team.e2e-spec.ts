import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { SESSION_COOKIE } from '../../src/console/session-cookie';
import { ConsoleStaff, ConsoleUser, createConsoleStaff, csrfOf, sessionCookieOf } from '../support/console';
import { createTestApp, TestApp } from '../support/test-app';

const LINK = /value="(https?:\/\/[^"]*\/admin\/passwort\/([A-Za-z0-9_-]+))"/;
const GERMAN_TIME = /\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2} Uhr/;

describe('staff console: Team, Mein Zugang and the set-password link', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  const http = () => request(testApp.app.getHttpServer());
  const accounts = () => testApp.app.get(StaffAccountsService);
  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    Number((await testApp.dataSource.query<Array<{ n: string }>>(sql, params))[0].n);
  const post = (user: ConsoleUser, path: string, form: Record<string, string> = {}, csrf: string | null = user.csrf) =>
    http()
      .post(path)
      .set('Cookie', user.cookie)
      .type('form')
      /* null: no _csrf field at all */
      .send(csrf === null ? form : { ...form, _csrf: csrf });
  const apiStatus = async (token: string): Promise<number> => (await http().get('/api/waves').auth(token, { type: 'bearer' })).status;
  const tokenIdOf = async (memberId: string): Promise<string> =>
    (await testApp.dataSource.query<Array<{ id: string }>>('SELECT id FROM staff_api_tokens WHERE member_id = $1', [memberId]))[0].id;

  /** A member with e-mail and password (set through their link, as a person would) and a console session. */
  async function memberWithPassword(name: string, email: string, role: StaffRole, password: string) {
    const { member, link } = await accounts().invite(SYSTEM_ACTOR, { name, email, role });
    await accounts().setPasswordWithLink(link.token, password);
    const sessions = testApp.app.get(StaffSessionsService);
    const open = async (): Promise<ConsoleUser> => {
      const opened = await sessions.open(member.id);
      return { cookie: `${SESSION_COOKIE}=${opened.cookieValue}`, csrf: opened.session.csrfToken, token: '', memberId: member.id };
    };
    return { member, open };
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
  });

  afterAll(() => testApp.close());

  it('invites a person: the link is shown once, sets the password, signs them in, and works only once', async () => {
    const form = await http().get('/admin/team/einladen').set('Cookie', staff.admin.cookie).expect(200);
    expect(form.text).toContain('<h1>Person einladen</h1>');
    expect(form.text).toContain('<option value="analyst" selected>Analyse (nur lesen)</option>');

    const invited = await post(staff.admin, '/admin/team/einladen', {
      name: 'Berta Beispiel',
      email: 'berta@example.org',
      role: 'analyst',
    }).expect(200);
    expect(invited.text).toContain('Berta Beispiel (berta@example.org, Analyse (nur lesen)) ist eingeladen.');
    expect(invited.text).toContain('data-copy="link"');
    expect(invited.text).toMatch(new RegExp(`gilt 72 Stunden, bis ${GERMAN_TIME.source}, und nur einmal`));
    const [, url, token] = LINK.exec(invited.text) ?? [];
    expect(url).toMatch(/\/admin\/passwort\//);

    const team = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(team.text).toContain('berta@example.org');
    expect(team.text).toMatch(new RegExp(`eingeladen, Link gültig bis ${GERMAN_TIME.source}`));
    expect(team.text).not.toContain(token);
    for (const secret of [staff.admin.token, staff.analyst.token]) expect(team.text).not.toContain(secret);

    // The person opens the link (no session yet): a form with its own session for the CSRF token.
    const page = await http().get(`/admin/passwort/${token}`).expect(200);
    expect(page.text).toContain('Willkommen, Berta Beispiel.');
    expect(page.text).toContain('autocomplete="new-password"');
    expect(page.text).toContain('mindestens 12 Zeichen');
    const formUser: ConsoleUser = { cookie: sessionCookieOf(page), csrf: csrfOf(page.text), token: '', memberId: '' };
    const path = `/admin/passwort/${token}`;

    await post(formUser, path, { password: 'ein langes Passwort', repeat: 'ein langes Passwort' }, null).expect(403);
    const short = await post(formUser, path, { password: 'zu kurz', repeat: 'zu kurz' }).expect(422);
    expect(short.text).toContain('Das Passwort muss mindestens 12 Zeichen lang sein.');
    expect(short.text).toContain('aria-invalid="true"');
    const mismatch = await post(formUser, path, { password: 'ein langes Passwort', repeat: 'ein langes Paßwort' }).expect(422);
    expect(mismatch.text).toContain('Die beiden Eingaben stimmen nicht überein.');
    expect(await accounts().passwordLink(token)).toBeDefined();

    const done = await post(formUser, path, { password: 'ein langes Passwort', repeat: 'ein langes Passwort' }).expect(303);
    expect(done.headers.location).toBe('/admin');
    const signedIn = sessionCookieOf(done);
    expect(signedIn).not.toBe(formUser.cookie);
    const welcome = await http().get('/admin').set('Cookie', signedIn).expect(200);
    expect(welcome.text).toContain('Passwort gesetzt. Willkommen, Berta Beispiel.');
    expect(welcome.text).toContain('Berta Beispiel · Analyse (nur lesen)');
    await http().get('/admin').set('Cookie', formUser.cookie).expect(303);

    // The same link a second time, and an unknown one: the same German page, 404.
    for (const again of [token, 'x'.repeat(43)]) {
      const invalid = await http().get(`/admin/passwort/${again}`).expect(404);
      expect(invalid.text).toContain('Dieser Link ist abgelaufen, schon benutzt oder nicht gültig.');
      expect(invalid.text).not.toContain('Berta');
    }
    const reused = await post({ ...formUser, cookie: signedIn, csrf: csrfOf(welcome.text) }, path, {
      password: 'ein anderes Passwort',
      repeat: 'ein anderes Passwort',
    }).expect(404);
    expect(reused.text).toContain('Link nicht gültig');

    // She signs in with e-mail and password like everyone else.
    const login = await http().get('/admin/login').expect(200);
    const signIn = await http()
      .post('/admin/login')
      .set('Cookie', sessionCookieOf(login))
      .type('form')
      .send({ _csrf: csrfOf(login.text), email: 'berta@example.org', password: 'ein langes Passwort' })
      .expect(303);
    expect(signIn.headers.location).toBe('/admin');
    const afterwards = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(afterwards.text).toMatch(/Berta Beispiel[\s\S]*?<span class="account-status account-active">aktiv<\/span>/);
  });

  it('keeps the invite form with German messages at the fields and creates nothing', async () => {
    const before = await count('SELECT count(*) AS n FROM staff_members');
    const empty = await post(staff.admin, '/admin/team/einladen', { name: ' ', email: 'keine-adresse', role: 'admin' }).expect(422);
    expect(empty.text).toContain('<p class="field-error" id="name-error">Bitte geben Sie einen Namen an (höchstens 200 Zeichen).</p>');
    expect(empty.text).toContain('<p class="field-error" id="email-error">Bitte geben Sie eine gültige E-Mail-Adresse an.</p>');
    expect(empty.text).toContain('value="keine-adresse"');
    expect(empty.text).toContain('<option value="admin" selected>');
    await accounts().invite(SYSTEM_ACTOR, { name: 'Emil Erst', email: 'emil@example.org', role: StaffRole.Admin });
    const taken = await post(staff.admin, '/admin/team/einladen', {
      name: 'Emil Zweit',
      email: 'EMIL@example.org',
      role: 'analyst',
    }).expect(422);
    expect(taken.text).toContain('Für diese E-Mail-Adresse gibt es schon ein Konto.');
    expect(taken.text).toContain('value="Emil Zweit"');
    expect(await count('SELECT count(*) AS n FROM staff_members')).toBe(before + 1);
  });

  it('refuses the Team pages and every admin form to an analyst (403, nothing changed) and shows no Team link', async () => {
    const overview = await http().get('/admin').set('Cookie', staff.analyst.cookie).expect(200);
    expect(overview.text).not.toContain('href="/admin/team"');
    for (const path of [
      '/admin/team',
      '/admin/team/einladen',
      `/admin/team/${staff.admin.memberId}/sperren`,
      `/admin/team/${staff.admin.memberId}/passwort-link`,
    ]) {
      const refused = await http().get(path).set('Cookie', staff.analyst.cookie).expect(403);
      expect(refused.text).toContain('Dafür fehlt Ihnen die Berechtigung.');
    }
    const members = await count('SELECT count(*) AS n FROM staff_members');
    const links = await count('SELECT count(*) AS n FROM staff_password_links');
    const adminTokenId = await tokenIdOf(staff.admin.memberId);
    await post(staff.analyst, '/admin/team/einladen', { name: 'Heimlich', email: 'heimlich@example.org', role: 'admin' }).expect(403);
    await post(staff.analyst, `/admin/team/${staff.admin.memberId}/passwort-link`).expect(403);
    await post(staff.analyst, `/admin/team/${staff.admin.memberId}/sperren`).expect(403);
    await post(staff.analyst, `/admin/team/schluessel/${adminTokenId}/widerrufen`).expect(403);
    expect(await count('SELECT count(*) AS n FROM staff_members')).toBe(members);
    expect(await count('SELECT count(*) AS n FROM staff_password_links')).toBe(links);
    expect(await apiStatus(staff.admin.token)).toBe(200);
    await http().get('/admin').set('Cookie', staff.admin.cookie).expect(200);
  });

  it('refuses every admin form without the CSRF token (403, nothing changed)', async () => {
    const target = await createConsoleStaff(testApp.app);
    const members = await count('SELECT count(*) AS n FROM staff_members');
    const links = await count('SELECT count(*) AS n FROM staff_password_links');
    const tokenId = await tokenIdOf(target.analyst.memberId);
    for (const csrf of [null, 'x'.repeat(43), staff.analyst.csrf]) {
      await post(staff.admin, '/admin/team/einladen', { name: 'Ohne', email: 'ohne@example.org', role: 'admin' }, csrf).expect(403);
      await post(staff.admin, `/admin/team/${target.analyst.memberId}/passwort-link`, {}, csrf).expect(403);
      await post(staff.admin, `/admin/team/${target.analyst.memberId}/sperren`, {}, csrf).expect(403);
      await post(staff.admin, `/admin/team/schluessel/${tokenId}/widerrufen`, {}, csrf).expect(403);
    }
    expect(await count('SELECT count(*) AS n FROM staff_members')).toBe(members);
    expect(await count('SELECT count(*) AS n FROM staff_password_links')).toBe(links);
    expect(await apiStatus(target.analyst.token)).toBe(200);
    await http().get('/admin').set('Cookie', target.analyst.cookie).expect(200);
  });

  it('revokes an account after a confirmation: its session ends and its API token answers 401', async () => {
    const target = (await createConsoleStaff(testApp.app)).analyst;
    const confirm = await http().get(`/admin/team/${target.memberId}/sperren`).set('Cookie', staff.admin.cookie).expect(200);
    expect(confirm.text).toContain('kann sich nicht mehr anmelden; laufende Anmeldungen enden sofort.');
    expect(confirm.text).toContain(`action="/admin/team/${target.memberId}/sperren"`);
    const revoked = await post(staff.admin, `/admin/team/${target.memberId}/sperren`).expect(303);
    expect(revoked.headers.location).toBe('/admin/team');
    const team = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(team.text).toContain('Das Konto von Ali Analyst ist gesperrt.');
    expect(team.text).toMatch(new RegExp(`gesperrt seit ${GERMAN_TIME.source}`));
    expect(team.text).not.toContain(`/admin/team/${target.memberId}/sperren`);
    await http().get('/admin').set('Cookie', target.cookie).expect(303).expect('Location', '/admin/login');
    expect(await apiStatus(target.token)).toBe(401);
  });

  it('does not let an admin revoke their own account: no button, and the server refuses it in German', async () => {
    const team = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(team.text).toContain('Anna Admin <span class="muted">(Sie)</span>');
    expect(team.text).not.toContain(`/admin/team/${staff.admin.memberId}/sperren`);
    const confirm = await http().get(`/admin/team/${staff.admin.memberId}/sperren`).set('Cookie', staff.admin.cookie).expect(200);
    expect(confirm.text).toContain('Sie können Ihr eigenes Konto nicht sperren.');
    expect(confirm.text).not.toContain('method="post" action="/admin/team/');
    const refused = await post(staff.admin, `/admin/team/${staff.admin.memberId}/sperren`).expect(409);
    expect(refused.text).toContain('Sie können Ihr eigenes Konto nicht sperren. Bitten Sie eine andere Person aus der Administration.');
    await http().get('/admin').set('Cookie', staff.admin.cookie).expect(200);
    expect(await apiStatus(staff.admin.token)).toBe(200);
  });

  it('gives a member a new set-password link (shown once) and revokes anyone’s API token after a confirmation', async () => {
    const { member } = await accounts().invite(SYSTEM_ACTOR, {
      name: 'Frieda Fragen',
      email: 'frieda@example.org',
      role: StaffRole.Analyst,
    });
    const confirm = await http().get(`/admin/team/${member.id}/passwort-link`).set('Cookie', staff.admin.cookie).expect(200);
    expect(confirm.text).toContain('Ein früher erzeugter, noch nicht benutzter Link gilt dann nicht mehr.');
    const issued = await post(staff.admin, `/admin/team/${member.id}/passwort-link`).expect(200);
    const [, , token] = LINK.exec(issued.text) ?? [];
    expect(issued.text).toContain('data-copy="link"');
    expect(await accounts().passwordLink(token)).toMatchObject({ memberName: 'Frieda Fragen' });
    const team = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(team.text).not.toContain(token);

    const owner = (await createConsoleStaff(testApp.app)).analyst;
    const tokenId = await tokenIdOf(owner.memberId);
    const tokenConfirm = await http().get(`/admin/team/schluessel/${tokenId}/widerrufen`).set('Cookie', staff.admin.cookie).expect(200);
    expect(tokenConfirm.text).toContain('Programme, die ihn benutzen, bekommen danach keinen Zugang mehr (401).');
    await post(staff.admin, `/admin/team/schluessel/${tokenId}/widerrufen`).expect(303).expect('Location', '/admin/team');
    expect(await apiStatus(owner.token)).toBe(401);
    const after = await http().get('/admin/team').set('Cookie', staff.admin.cookie).expect(200);
    expect(after.text).toMatch(new RegExp(`widerrufen am ${GERMAN_TIME.source}`));
  });

  it('Mein Zugang: changes the password (German errors, other sessions end, this one stays) and manages own API tokens', async () => {
    const dora = await memberWithPassword('Dora Daten', 'dora@example.org', StaffRole.Analyst, 'das alte lange Passwort');
    const here = await dora.open();
    const elsewhere = await dora.open();
    const hashOf = async () =>
      (
        await testApp.dataSource.query<Array<{ password_hash: string }>>('SELECT password_hash FROM staff_members WHERE id = $1', [
          dora.member.id,
        ])
      )[0].password_hash;
    const oldHash = await hashOf();

    const page = await http().get('/admin/zugang').set('Cookie', here.cookie).expect(200);
    expect(page.text).toContain('<h1>Mein Zugang</h1>');
    expect(page.text).toContain('<dd>Dora Daten</dd>');
    expect(page.text).toContain('<dd>dora@example.org</dd>');
    expect(page.text).toContain('<dd>Analyse (nur lesen)</dd>');
    expect(page.text).toContain('Sie haben noch keinen API-Schlüssel.');

    const newPassword = { password: 'das neue lange Passwort', repeat: 'das neue lange Passwort' };
    const wrong = await post(here, '/admin/zugang/passwort', { current: 'nicht das alte Passwort', ...newPassword }).expect(422);
    expect(wrong.text).toContain('<p class="field-error" id="current-error">Das bisherige Passwort stimmt nicht.</p>');
    const short = await post(here, '/admin/zugang/passwort', {
      current: 'das alte lange Passwort',
      password: 'kurz',
      repeat: 'kurz',
    }).expect(422);
    expect(short.text).toContain('Das Passwort muss mindestens 12 Zeichen lang sein.');
    await post(here, '/admin/zugang/passwort', { current: 'das alte lange Passwort', ...newPassword }, null).expect(403);
    expect(await hashOf()).toBe(oldHash);
    await http().get('/admin').set('Cookie', elsewhere.cookie).expect(200);

    await post(here, '/admin/zugang/passwort', { current: 'das alte lange Passwort', ...newPassword })
      .expect(303)
      .expect('Location', '/admin/zugang');
    expect(await hashOf()).not.toBe(oldHash);
    const changed = await http().get('/admin/zugang').set('Cookie', here.cookie).expect(200);
    expect(changed.text).toContain('Passwort geändert. Ihre Anmeldungen auf anderen Geräten sind beendet.');
    await http().get('/admin').set('Cookie', elsewhere.cookie).expect(303).expect('Location', '/admin/login');
    expect(await accounts().verifySignIn('dora@example.org', 'das neue lange Passwort', '192.0.2.1')).toMatchObject({ outcome: 'ok' });

    // Personal API tokens: created with a label, shown once, usable with Bearer, revoked after a confirmation.
    const tokens = () => count('SELECT count(*) AS n FROM staff_api_tokens WHERE member_id = $1', [dora.member.id]);
    const noLabel = await post(here, '/admin/zugang/schluessel', { label: '  ' }).expect(422);
    expect(noLabel.text).toContain('Bitte geben Sie eine Bezeichnung an (1 bis 100 Zeichen).');
    await post(here, '/admin/zugang/schluessel', { label: 'R-Skript' }, null).expect(403);
    expect(await tokens()).toBe(0);
    const created = await post(here, '/admin/zugang/schluessel', { label: 'R-Skript' }).expect(200);
    const [, token] = /<input id="token" type="text" readonly value="([^"]+)"/.exec(created.text) ?? [];
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(created.text).toContain('data-copy="token"');
    expect(created.text).toContain('Authorization: Bearer &lt;Schlüssel&gt;');
    expect(created.text).toContain('href="/api/docs"');
    expect(await apiStatus(token)).toBe(200);

    const listed = await http().get('/admin/zugang').set('Cookie', here.cookie).expect(200);
    expect(listed.text).toContain('<th scope="row">R-Skript</th>');
    expect(listed.text).not.toContain(token);
    expect(listed.text).toMatch(
      new RegExp(
        `Erstellt">${GERMAN_TIME.source}</td>\\s*<td data-label="Zuletzt benutzt">${GERMAN_TIME.source}</td>\\s*<td data-label="Status">gültig</td>`,
      ),
    );

    const tokenId = await tokenIdOf(dora.member.id);
    const confirm = await http().get(`/admin/zugang/schluessel/${tokenId}/widerrufen`).set('Cookie', here.cookie).expect(200);
    expect(confirm.text).toContain('Ihr API-Schlüssel <strong>„R-Skript“</strong>');
    await post(here, `/admin/zugang/schluessel/${tokenId}/widerrufen`, {}, 'x'.repeat(43)).expect(403);
    expect(await apiStatus(token)).toBe(200);
    // Someone else's token is not "mine", even for the same form.
    const othersTokenId = await tokenIdOf(staff.admin.memberId);
    await post(here, `/admin/zugang/schluessel/${othersTokenId}/widerrufen`).expect(404);
    expect(await apiStatus(staff.admin.token)).toBe(200);

    await post(here, `/admin/zugang/schluessel/${tokenId}/widerrufen`).expect(303).expect('Location', '/admin/zugang');
    expect(await apiStatus(token)).toBe(401);
    const revoked = await http().get('/admin/zugang').set('Cookie', here.cookie).expect(200);
    expect(revoked.text).toContain('Der API-Schlüssel „R-Skript“ ist widerrufen.');
    expect(revoked.text).toMatch(new RegExp(`widerrufen am ${GERMAN_TIME.source}`));
  });

  it('refuses Mein Zugang to someone not signed in', async () => {
    await http().get('/admin/zugang').expect(303).expect('Location', '/admin/login?next=%2Fadmin%2Fzugang');
  });
});
