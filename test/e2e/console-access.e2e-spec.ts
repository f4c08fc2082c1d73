import request from 'supertest';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { ConsoleStaff, consoleRoutes, createConsoleStaff } from '../support/console';
import { createWave } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/** Who may use a console route: anyone (sign-in, set-password link), every staff member, or admins only. */
type Access = 'public' | 'staff' | 'admin';
type Caller = 'nobody' | 'bearer' | 'analyst' | 'admin';

interface Route {
  method: 'get' | 'post';
  /** As the controllers declare it (`:code` …). */
  template: string;
  path: string;
  access: Access;
  /** Form fields of a POST besides `_csrf`. */
  form?: Record<string, string>;
  /** Done, it sends the caller to the sign-in page (signing out). */
  endsSession?: true;
}

interface Data {
  invitationId: string;
  otherMemberId: string;
  tokenId: string;
  ownTokenId: string;
}

/** Every console route with who may use it; the last test checks that the table covers the controllers. */
const routes = ({ invitationId, otherMemberId, tokenId, ownTokenId }: Data): Route[] => [
  { method: 'get', template: '/admin/login', path: '/admin/login', access: 'public' },
  { method: 'post', template: '/admin/login', path: '/admin/login', access: 'public', form: { email: '', password: '' } },
  { method: 'get', template: '/admin/passwort/:token', path: '/admin/passwort/unbekannt', access: 'public' },
  { method: 'post', template: '/admin/passwort/:token', path: '/admin/passwort/unbekannt', access: 'public', form: { password: 'x' } },
  { method: 'get', template: '/admin', path: '/admin', access: 'staff' },
  { method: 'get', template: '/admin/wellen/neu', path: '/admin/wellen/neu', access: 'admin' },
  {
    method: 'post',
    template: '/admin/wellen/neu',
    path: '/admin/wellen/neu',
    access: 'admin',
    form: { code: 'acc-neu', title: 'Neue Welle', definition: 'ki-mittelstand@2023' },
  },
  { method: 'get', template: '/admin/wellen/:code', path: '/admin/wellen/acc', access: 'staff' },
  { method: 'get', template: '/admin/wellen/:code/bearbeiten', path: '/admin/wellen/acc/bearbeiten', access: 'admin' },
  {
    method: 'post',
    template: '/admin/wellen/:code/bearbeiten',
    path: '/admin/wellen/acc/bearbeiten',
    access: 'admin',
    form: { title: 'Geändert' },
  },
  { method: 'get', template: '/admin/wellen/:code/oeffnen', path: '/admin/wellen/acc-draft/oeffnen', access: 'admin' },
  { method: 'post', template: '/admin/wellen/:code/oeffnen', path: '/admin/wellen/acc-open-me/oeffnen', access: 'admin' },
  { method: 'get', template: '/admin/wellen/:code/schliessen', path: '/admin/wellen/acc-close-me/schliessen', access: 'admin' },
  { method: 'post', template: '/admin/wellen/:code/schliessen', path: '/admin/wellen/acc-close-me/schliessen', access: 'admin' },
  { method: 'get', template: '/admin/wellen/:code/wieder-oeffnen', path: '/admin/wellen/acc-reopen-me/wieder-oeffnen', access: 'admin' },
  { method: 'post', template: '/admin/wellen/:code/wieder-oeffnen', path: '/admin/wellen/acc-reopen-me/wieder-oeffnen', access: 'admin' },
  { method: 'get', template: '/admin/wellen/:code/loeschen', path: '/admin/wellen/acc-draft/loeschen', access: 'admin' },
  { method: 'post', template: '/admin/wellen/:code/loeschen', path: '/admin/wellen/acc-delete-me/loeschen', access: 'admin' },
  { method: 'get', template: '/admin/wellen/:code/einladungen', path: '/admin/wellen/acc/einladungen', access: 'staff' },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/vorschau',
    path: '/admin/wellen/acc/einladungen/vorschau',
    access: 'admin',
    form: { liste: 'Eva Muster; eva@example.org; Zentrum' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/anlegen',
    path: '/admin/wellen/acc/einladungen/anlegen',
    access: 'admin',
    form: { liste: 'Eva Muster; eva@example.org; Zentrum' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/links.csv',
    path: '/admin/wellen/acc/einladungen/links.csv',
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/kontakt',
    path: `/admin/wellen/acc/einladungen/${invitationId}/kontakt`,
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/neuer-link',
    path: `/admin/wellen/acc/einladungen/${invitationId}/neuer-link`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/:id/neuer-link',
    path: `/admin/wellen/acc/einladungen/${invitationId}/neuer-link`,
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/sperren',
    path: `/admin/wellen/acc/einladungen/${invitationId}/sperren`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/:id/sperren',
    path: `/admin/wellen/acc/einladungen/${invitationId}/sperren`,
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/entsperren',
    path: `/admin/wellen/acc/einladungen/${invitationId}/entsperren`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/:id/entsperren',
    path: `/admin/wellen/acc/einladungen/${invitationId}/entsperren`,
    access: 'admin',
  },
  { method: 'get', template: '/admin/wellen/:code/e-mails', path: '/admin/wellen/acc/e-mails', access: 'staff' },
  {
    method: 'get',
    template: '/admin/wellen/:code/e-mails/senden',
    path: '/admin/wellen/acc/e-mails/senden?art=einladung',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/senden',
    path: '/admin/wellen/acc/e-mails/senden',
    access: 'admin',
    form: { art: 'einladung', wann: 'sofort' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/senden/bestaetigen',
    path: '/admin/wellen/acc/e-mails/senden/bestaetigen',
    access: 'admin',
    form: { art: 'einladung', wann: 'sofort' },
  },
  { method: 'get', template: '/admin/wellen/:code/e-mails/ausgang', path: '/admin/wellen/acc/e-mails/ausgang', access: 'staff' },
  // Without a mail server (as in this test) both answer 409: nothing to release; still refused to an analyst first.
  {
    method: 'get',
    template: '/admin/wellen/:code/e-mails/ausgang/freigeben',
    path: '/admin/wellen/acc/e-mails/ausgang/freigeben',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/ausgang/freigeben',
    path: '/admin/wellen/acc/e-mails/ausgang/freigeben',
    access: 'admin',
  },
  { method: 'get', template: '/admin/wellen/:code/fortschritt', path: '/admin/wellen/acc/fortschritt', access: 'staff' },
  { method: 'get', template: '/admin/wellen/:code/fortschritt/zahlen', path: '/admin/wellen/acc/fortschritt/zahlen', access: 'staff' },
  { method: 'get', template: '/admin/wellen/:code/ergebnisse', path: '/admin/wellen/acc/ergebnisse', access: 'staff' },
  { method: 'get', template: '/admin/wellen/:code/ergebnisse.:ext', path: '/admin/wellen/acc/ergebnisse.xlsx', access: 'staff' },
  { method: 'get', template: '/admin/wellen/:code/rohdaten.:ext', path: '/admin/wellen/acc/rohdaten.csv', access: 'admin' },
  { method: 'get', template: '/admin/umfragen/:surveyId/trends', path: '/admin/umfragen/ki-mittelstand/trends', access: 'staff' },
  { method: 'get', template: '/admin/umfragen/:surveyId/trends.:ext', path: '/admin/umfragen/ki-mittelstand/trends.csv', access: 'staff' },
  {
    method: 'get',
    template: '/admin/umfragen/:surveyId/abbildungen/:figureId.:ext',
    path: '/admin/umfragen/ki-mittelstand/abbildungen/abb3.svg',
    access: 'staff',
  },
  {
    method: 'get',
    template: '/admin/umfragen/:surveyId/codebook.:ext',
    path: '/admin/umfragen/ki-mittelstand/codebook.csv',
    access: 'staff',
  },
  {
    method: 'get',
    template: '/admin/umfragen/:surveyId/rohdaten.:ext',
    path: '/admin/umfragen/ki-mittelstand/rohdaten.csv',
    access: 'admin',
  },
  { method: 'get', template: '/admin/frageboegen', path: '/admin/frageboegen', access: 'staff' },
  { method: 'get', template: '/admin/frageboegen/hochladen', path: '/admin/frageboegen/hochladen', access: 'admin' },
  {
    method: 'post',
    template: '/admin/frageboegen/hochladen',
    path: '/admin/frageboegen/hochladen',
    access: 'admin',
    form: { surveyId: 'access-test', version: '1' },
  },
  {
    method: 'get',
    template: '/admin/frageboegen/:surveyId/vergleich',
    path: '/admin/frageboegen/ki-mittelstand/vergleich?von=2021&bis=2023',
    access: 'staff',
  },
  { method: 'get', template: '/admin/frageboegen/:surveyId/:version', path: '/admin/frageboegen/ki-mittelstand/2023', access: 'staff' },
  {
    method: 'get',
    template: '/admin/frageboegen/:surveyId/datenschutz',
    path: '/admin/frageboegen/ki-mittelstand/datenschutz',
    access: 'staff',
  },
  {
    method: 'post',
    template: '/admin/frageboegen/:surveyId/datenschutz',
    path: '/admin/frageboegen/ki-mittelstand/datenschutz',
    access: 'admin',
    form: { markdown: 'Text' },
  },
  {
    method: 'post',
    template: '/admin/frageboegen/:surveyId/datenschutz/entfernen',
    path: '/admin/frageboegen/ki-mittelstand/datenschutz/entfernen',
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/frageboegen/:surveyId/:version/codebook.:ext',
    path: '/admin/frageboegen/ki-mittelstand/2023/codebook.xlsx',
    access: 'staff',
  },
  {
    method: 'get',
    template: '/admin/frageboegen/:surveyId/:version/vorschau',
    path: '/admin/frageboegen/ki-mittelstand/2023/vorschau',
    access: 'staff',
  },
  {
    method: 'get',
    template: '/admin/frageboegen/:surveyId/:version/vorschau.json',
    path: '/admin/frageboegen/ki-mittelstand/2023/vorschau.json',
    access: 'staff',
  },
  { method: 'get', template: '/admin/personen', path: '/admin/personen', access: 'admin' },
  { method: 'post', template: '/admin/personen', path: '/admin/personen', access: 'admin', form: { email: 'kontakt.geheim@example.org' } },
  { method: 'get', template: '/admin/protokoll', path: '/admin/protokoll', access: 'admin' },
  { method: 'get', template: '/admin/team', path: '/admin/team', access: 'admin' },
  { method: 'get', template: '/admin/team/einladen', path: '/admin/team/einladen', access: 'admin' },
  {
    method: 'post',
    template: '/admin/team/einladen',
    path: '/admin/team/einladen',
    access: 'admin',
    form: { name: 'Neu im Team', email: 'neu@example.org', role: 'analyst' },
  },
  { method: 'get', template: '/admin/team/:memberId/passwort-link', path: `/admin/team/${otherMemberId}/passwort-link`, access: 'admin' },
  { method: 'post', template: '/admin/team/:memberId/passwort-link', path: `/admin/team/${otherMemberId}/passwort-link`, access: 'admin' },
  { method: 'get', template: '/admin/team/:memberId/sperren', path: `/admin/team/${otherMemberId}/sperren`, access: 'admin' },
  { method: 'post', template: '/admin/team/:memberId/sperren', path: `/admin/team/${otherMemberId}/sperren`, access: 'admin' },
  {
    method: 'get',
    template: '/admin/team/schluessel/:tokenId/widerrufen',
    path: `/admin/team/schluessel/${tokenId}/widerrufen`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/team/schluessel/:tokenId/widerrufen',
    path: `/admin/team/schluessel/${tokenId}/widerrufen`,
    access: 'admin',
  },
  { method: 'get', template: '/admin/zugang', path: '/admin/zugang', access: 'staff' },
  {
    method: 'post',
    template: '/admin/zugang/passwort',
    path: '/admin/zugang/passwort',
    access: 'staff',
    form: { current: 'nicht das Passwort', password: 'kurz', repeat: 'kurz' },
  },
  { method: 'post', template: '/admin/zugang/schluessel', path: '/admin/zugang/schluessel', access: 'staff', form: { label: 'Skript' } },
  {
    method: 'get',
    template: '/admin/zugang/schluessel/:tokenId/widerrufen',
    path: `/admin/zugang/schluessel/${ownTokenId}/widerrufen`,
    access: 'staff',
  },
  {
    method: 'post',
    template: '/admin/zugang/schluessel/:tokenId/widerrufen',
    path: `/admin/zugang/schluessel/${ownTokenId}/widerrufen`,
    access: 'staff',
  },
  // E-Mail-Vorlagen (mail-compose): reading for every staff member, everything else for admins.
  {
    method: 'get',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage',
    path: '/admin/wellen/acc/e-mails/vorlagen/einladung',
    access: 'staff',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage',
    path: '/admin/wellen/acc/e-mails/vorlagen/einladung',
    access: 'admin',
    form: { subject: 'Betreff', body: '{{link}} {{abmelden}}' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage/vorschau',
    path: '/admin/wellen/acc/e-mails/vorlagen/einladung/vorschau',
    access: 'admin',
    form: { subject: 'Betreff', body: '{{link}} {{abmelden}}' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage/test-email',
    path: '/admin/wellen/acc/e-mails/vorlagen/erinnerung/test-email',
    access: 'admin',
    form: { subject: 'Betreff', body: '{{link}} {{abmelden}}' },
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage/standardtext',
    path: '/admin/wellen/acc/e-mails/vorlagen/einladung/standardtext',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/e-mails/vorlagen/:vorlage/standardtext',
    path: '/admin/wellen/acc/e-mails/vorlagen/einladung/standardtext',
    access: 'admin',
  },
  // Import (import-console): the list for every staff member, the steps for admins. Ids that do not exist: 404 for admins.
  { method: 'get', template: '/admin/wellen/:code/import', path: '/admin/wellen/acc-draft/import', access: 'staff' },
  {
    method: 'post',
    template: '/admin/wellen/:code/import',
    path: '/admin/wellen/acc-draft/import',
    access: 'admin',
    form: { mapping: '' },
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/import/:uploadId',
    path: `/admin/wellen/acc-draft/import/${'0'.repeat(32)}`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/import/:uploadId/pruefen',
    path: `/admin/wellen/acc-draft/import/${'0'.repeat(32)}/pruefen`,
    access: 'admin',
    form: { mapping: '' },
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/import/:uploadId/uebernehmen',
    path: `/admin/wellen/acc-draft/import/${'0'.repeat(32)}/uebernehmen`,
    access: 'admin',
    form: { mapping: '' },
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/import/:uploadId/fehler.csv',
    path: `/admin/wellen/acc-draft/import/${'0'.repeat(32)}/fehler.csv`,
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/import/:importId/zuordnung.json',
    path: '/admin/wellen/acc-draft/import/00000000-0000-4000-8000-000000000000/zuordnung.json',
    access: 'staff',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/import/:importId/rueckgaengig',
    path: '/admin/wellen/acc-draft/import/00000000-0000-4000-8000-000000000000/rueckgaengig',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/import/:importId/rueckgaengig',
    path: '/admin/wellen/acc-draft/import/00000000-0000-4000-8000-000000000000/rueckgaengig',
    access: 'admin',
  },
  // Data protection (dp-console): access requests and erasures for admins only. Ids that do not exist: 404/409 for admins.
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/auskunft',
    path: `/admin/wellen/acc/einladungen/${invitationId}/auskunft`,
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/einladungen/:id/loeschen',
    path: `/admin/wellen/acc/einladungen/${invitationId}/loeschen`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/einladungen/:id/loeschen',
    path: '/admin/wellen/acc/einladungen/00000000-0000-4000-8000-000000000000/loeschen',
    access: 'admin',
    form: { reason: 'Zugriffstest' },
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/kontaktdaten-loeschen',
    path: '/admin/wellen/acc-draft/kontaktdaten-loeschen',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/kontaktdaten-loeschen',
    path: '/admin/wellen/acc-draft/kontaktdaten-loeschen',
    access: 'admin',
  },
  {
    method: 'get',
    template: '/admin/wellen/:code/import/:importId/antwort-loeschen',
    path: '/admin/wellen/acc-draft/import/00000000-0000-4000-8000-000000000000/antwort-loeschen',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/admin/wellen/:code/import/:importId/antwort-loeschen',
    path: '/admin/wellen/acc-draft/import/00000000-0000-4000-8000-000000000000/antwort-loeschen',
    access: 'admin',
    form: { externalId: 'x', reason: 'Zugriffstest' },
  },
  { method: 'get', template: '/admin/protokoll.csv', path: '/admin/protokoll.csv?welle=acc', access: 'admin' },
  // Last: signing out ends the caller's session.
  { method: 'post', template: '/admin/abmelden', path: '/admin/abmelden', access: 'public', endsSession: true },
];

/** What a caller must get: a redirect to the sign-in page, a refusal, or the page (any answer but those and 5xx). */
function expected(route: Route, caller: Caller): 'sign-in' | 403 | 'ok' {
  const anonymous = caller === 'nobody' || caller === 'bearer';
  if (route.method === 'post' && anonymous) return 403; // no session, so no CSRF token: refused before anything runs
  if (route.access === 'public') return 'ok';
  if (anonymous) return 'sign-in';
  if (route.access === 'admin' && caller === 'analyst') return 403;
  return 'ok';
}

describe('console access: every route × nobody, bearer token, analyst session, admin session', () => {
  let testApp: TestApp;
  let staff: ConsoleStaff;
  let table: Route[];
  const contactEmail = 'kontakt.geheim@example.org';

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createConsoleStaff(testApp.app);
    await createWave(testApp.app, staff.admin.token, { code: 'acc' });
    await createWave(testApp.app, staff.admin.token, { code: 'acc-draft', open: false });
    await createWave(testApp.app, staff.admin.token, { code: 'acc-delete-me', open: false });
    await createWave(testApp.app, staff.admin.token, { code: 'acc-open-me', open: false });
    await createWave(testApp.app, staff.admin.token, { code: 'acc-close-me' });
    await createWave(testApp.app, staff.admin.token, { code: 'acc-reopen-me' });
    const http = () => request(testApp.app.getHttpServer());
    await http().post('/api/waves/acc-reopen-me/close').auth(staff.admin.token, { type: 'bearer' }).expect(200);
    const invited = await http()
      .post('/api/waves/acc/invitations')
      .auth(staff.admin.token, { type: 'bearer' })
      .send({ invitations: [{ label: 'Zentrum', email: contactEmail }] })
      .expect(201);
    const accounts = testApp.app.get(StaffAccountsService);
    const admin = { id: staff.admin.memberId, name: 'Anna Admin', role: StaffRole.Admin };
    const other = await accounts.invite(admin, { name: 'Otto Other', email: 'otto@example.org', role: StaffRole.Analyst });
    const token = await accounts.createApiToken(admin, other.member.id, 'Ottos Skript');
    const own = await accounts.createApiToken(
      { id: staff.analyst.memberId, name: 'Ali Analyst', role: StaffRole.Analyst },
      staff.analyst.memberId,
      'Eigenes Skript',
    );
    table = routes({
      invitationId: invited.body.invitations[0].id as string,
      otherMemberId: other.member.id,
      tokenId: token.id,
      ownTokenId: own.id,
    });
  }, 120_000);

  afterAll(() => testApp.close());

  const call = (route: Route, caller: Caller) => {
    let test = request(testApp.app.getHttpServer())[route.method](route.path).redirects(0);
    if (caller === 'bearer') test = test.auth(staff.admin.token, { type: 'bearer' });
    if (caller === 'analyst' || caller === 'admin') test = test.set('Cookie', staff[caller].cookie);
    if (route.method === 'get') return test;
    const csrf = caller === 'analyst' || caller === 'admin' ? { _csrf: staff[caller].csrf } : {};
    return test.type('form').send({ ...route.form, ...csrf });
  };

  // Callers that must be turned away first, so that the admin's changes come last.
  for (const caller of ['nobody', 'bearer', 'analyst', 'admin'] as const) {
    it(`answers ${caller} on every console route as intended`, async () => {
      const wrong: string[] = [];
      for (const route of table) {
        const response = await call(route, caller);
        const want = expected(route, caller);
        const got = response.status;
        const fine =
          want === 'sign-in'
            ? got === 303 && String(response.headers.location).startsWith('/admin/login')
            : want === 403
              ? got === 403
              : got < 500 &&
                got !== 403 &&
                (route.endsSession === true || !(got === 303 && String(response.headers.location).startsWith('/admin/login')));
        if (!fine)
          wrong.push(`${route.method.toUpperCase()} ${route.path}: expected ${want}, got ${got} ${response.headers.location ?? ''}`);
        const text = typeof response.text === 'string' ? response.text : '';
        expect(text).not.toMatch(/\n\s+at \S+ \(/);
        if (caller === 'analyst') {
          // Nothing an analyst can open shows contact data or a secret.
          expect({
            route: route.path,
            leaks: [contactEmail, staff.admin.token, staff.admin.csrf].filter((secret) => text.includes(secret)),
          }).toEqual({
            route: route.path,
            leaks: [],
          });
        }
      }
      expect(wrong).toEqual([]);
    }, 120_000);
  }

  it('lists every route of the console’s controllers', () => {
    const listed = table.map((route) => `${route.method.toUpperCase()} ${route.template}`).sort();
    expect(listed).toEqual([...consoleRoutes()].sort());
  });
});
