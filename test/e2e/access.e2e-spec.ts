import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createStaff, createWave, invite } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Access = 'public' | 'respondent' | 'analyst' | 'admin';
type Caller = 'nobody' | 'respondent' | 'analyst' | 'admin';

interface Route {
  method: 'get' | 'put' | 'post' | 'patch' | 'delete';
  /** As in the OpenAPI document. */
  template: string;
  /** A concrete path for this test's data. */
  path: string;
  access: Access;
  body?: object | (() => Promise<object>);
  /** Statuses ≥ 400 that still mean the caller was let through (the route's own refusal after the access check). */
  passedWith?: number[];
}

const exampleDefinition = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'definition-example.json'), 'utf8'));

/** Every route of the service with who may call it. The last test checks that this table covers the OpenAPI document. */
const routes = (token: string, currentRevision: () => Promise<number>, invitationId: string): Route[] => [
  { method: 'get', template: '/api/health', path: '/api/health', access: 'public' },
  { method: 'get', template: '/api/respond/{token}', path: `/api/respond/${token}`, access: 'respondent' },
  {
    method: 'put',
    template: '/api/respond/{token}',
    path: `/api/respond/${token}`,
    access: 'respondent',
    body: async () => ({ answers: { zentrum: 'x' }, complete: false, revision: await currentRevision() }),
  },
  { method: 'get', template: '/survey/{token}', path: `/survey/${token}`, access: 'public' },
  { method: 'get', template: '/assets/{fingerprint}/{name}', path: '/assets/0000000000/none.js', access: 'public' },
  { method: 'get', template: '/api/definitions', path: '/api/definitions', access: 'analyst' },
  {
    method: 'get',
    template: '/api/definitions/{surveyId}/versions/{version}',
    path: '/api/definitions/ki-mittelstand/versions/2023',
    access: 'analyst',
  },
  {
    method: 'put',
    template: '/api/definitions/{surveyId}/versions/{version}',
    path: '/api/definitions/access-test/versions/1',
    access: 'admin',
    body: exampleDefinition,
  },
  {
    method: 'get',
    template: '/api/surveys/{surveyId}/privacy-notice',
    path: '/api/surveys/ki-mittelstand/privacy-notice',
    access: 'analyst',
  },
  {
    method: 'put',
    template: '/api/surveys/{surveyId}/privacy-notice',
    path: '/api/surveys/access-test/privacy-notice',
    access: 'admin',
    body: {
      markdown: '---\nsender: A\naddress: B\ncontact: C\nemail: c@example.org\nfull-notice: https://example.org/d\n---\nText',
    },
  },
  {
    method: 'delete',
    template: '/api/surveys/{surveyId}/privacy-notice',
    path: '/api/surveys/access-test/privacy-notice',
    access: 'admin',
  },
  {
    method: 'get',
    template: '/api/definitions/{surveyId}/versions/{version}/codebook',
    path: '/api/definitions/ki-mittelstand/versions/2023/codebook',
    access: 'analyst',
  },
  {
    method: 'get',
    template: '/api/definitions/{surveyId}/versions/{version}/codebook.{ext}',
    path: '/api/definitions/ki-mittelstand/versions/2023/codebook.csv',
    access: 'analyst',
  },
  {
    method: 'get',
    template: '/api/definitions/{surveyId}/diff',
    path: '/api/definitions/ki-mittelstand/diff?from=2021&to=2023',
    access: 'analyst',
  },
  {
    method: 'post',
    template: '/api/waves',
    path: '/api/waves',
    access: 'admin',
    body: { code: 'acc-new', title: 'T', surveyId: 'ki-mittelstand', version: '2023' },
  },
  { method: 'get', template: '/api/waves', path: '/api/waves', access: 'analyst' },
  { method: 'get', template: '/api/waves/{code}', path: '/api/waves/acc', access: 'analyst' },
  { method: 'patch', template: '/api/waves/{code}', path: '/api/waves/acc', access: 'admin', body: { title: 'Neu' } },
  { method: 'delete', template: '/api/waves/{code}', path: '/api/waves/acc-delete-me', access: 'admin' },
  { method: 'post', template: '/api/waves/{code}/open', path: '/api/waves/acc-open-me/open', access: 'admin' },
  { method: 'post', template: '/api/waves/{code}/close', path: '/api/waves/acc-close-me/close', access: 'admin' },
  { method: 'post', template: '/api/waves/{code}/reopen', path: '/api/waves/acc-reopen-me/reopen', access: 'admin' },
  { method: 'get', template: '/api/waves/{code}/events', path: '/api/waves/acc/events', access: 'analyst' },
  { method: 'post', template: '/api/waves/{code}/invitations', path: '/api/waves/acc/invitations', access: 'admin', body: { count: 1 } },
  { method: 'get', template: '/api/waves/{code}/invitations', path: '/api/waves/acc/invitations', access: 'analyst' },
  { method: 'get', template: '/api/invitations', path: '/api/invitations?email=nobody%40example.org', access: 'admin' },
  {
    method: 'get',
    template: '/api/waves/{code}/invitations/{id}/contact',
    path: `/api/waves/acc/invitations/${invitationId}/contact`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/api/waves/{code}/invitations/{id}/reissue',
    path: `/api/waves/acc/invitations/${invitationId}/reissue`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/api/waves/{code}/invitations/{id}/block',
    path: `/api/waves/acc/invitations/${invitationId}/block`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/api/waves/{code}/invitations/{id}/unblock',
    path: `/api/waves/acc/invitations/${invitationId}/unblock`,
    access: 'admin',
  },
  // Issue 14, mail (this test app has no SMTP_URL: sending held mails is refused with 409 after the access check).
  {
    method: 'post',
    template: '/api/waves/{code}/mailings',
    path: '/api/waves/acc/mailings',
    access: 'admin',
    body: { kind: 'invitation' },
  },
  {
    method: 'get',
    template: '/api/waves/{code}/mail-templates/{kind}',
    path: '/api/waves/acc/mail-templates/invitation',
    access: 'analyst',
  },
  {
    method: 'put',
    template: '/api/waves/{code}/mail-templates/{kind}',
    path: '/api/waves/acc/mail-templates/reminder',
    access: 'admin',
    body: { subject: 'Erinnerung', body: '{{anrede}}, {{link}} {{abmelden}}' },
  },
  {
    method: 'delete',
    template: '/api/waves/{code}/mail-templates/{kind}',
    path: '/api/waves/acc/mail-templates/reminder',
    access: 'admin',
  },
  {
    method: 'post',
    template: '/api/waves/{code}/mail-templates/{kind}/preview',
    path: '/api/waves/acc/mail-templates/invitation/preview',
    access: 'admin',
    body: {},
  },
  {
    method: 'post',
    template: '/api/waves/{code}/mail-templates/{kind}/test',
    path: '/api/waves/acc/mail-templates/invitation/test',
    access: 'admin',
    body: {},
    // The test's admin is an API-only account without an e-mail address to send the test mail to.
    passedWith: [422],
  },
  { method: 'get', template: '/api/waves/{code}/mailings', path: '/api/waves/acc/mailings', access: 'admin' },
  { method: 'get', template: '/api/waves/{code}/mail-outbox', path: '/api/waves/acc/mail-outbox?status=held,failed', access: 'admin' },
  {
    method: 'post',
    template: '/api/waves/{code}/mail-outbox/send-held',
    path: '/api/waves/acc/mail-outbox/send-held',
    access: 'admin',
    passedWith: [409],
  },
  { method: 'get', template: '/api/mail/status', path: '/api/mail/status', access: 'admin' },
  // Issue 15, import (no file sent: the admin gets the route's own 422; an unknown import the route's own 404).
  { method: 'post', template: '/api/waves/{code}/imports', path: '/api/waves/acc/imports', access: 'admin', passedWith: [422] },
  { method: 'get', template: '/api/waves/{code}/imports', path: '/api/waves/acc/imports', access: 'admin' },
  {
    method: 'get',
    template: '/api/waves/{code}/imports/{importId}',
    path: '/api/waves/acc/imports/00000000-0000-4000-8000-000000000000',
    access: 'admin',
    passedWith: [404],
  },
  {
    method: 'delete',
    template: '/api/waves/{code}/imports/{importId}',
    path: '/api/waves/acc/imports/00000000-0000-4000-8000-000000000000',
    access: 'admin',
    passedWith: [404],
  },
  // Issue 16, data protection (the erasures aim at ids that do not exist: 404 after the access check; the wave is open: 409).
  {
    method: 'post',
    template: '/api/waves/{code}/invitations/{id}/erase',
    path: '/api/waves/acc/invitations/00000000-0000-4000-8000-000000000000/erase',
    access: 'admin',
    body: { reason: 'Zugriffstest' },
    passedWith: [404],
  },
  {
    method: 'post',
    template: '/api/waves/{code}/imports/{importId}/responses/{externalId}/erase',
    path: '/api/waves/acc/imports/00000000-0000-4000-8000-000000000000/responses/r1/erase',
    access: 'admin',
    body: { reason: 'Zugriffstest' },
    passedWith: [404],
  },
  {
    method: 'get',
    template: '/api/waves/{code}/invitations/{id}/data-export',
    path: `/api/waves/acc/invitations/${invitationId}/data-export`,
    access: 'admin',
  },
  {
    method: 'post',
    template: '/api/waves/{code}/contacts/erase',
    path: '/api/waves/acc/contacts/erase',
    access: 'admin',
    passedWith: [409],
  },
  { method: 'get', template: '/api/waves/{code}/results', path: '/api/waves/acc/results', access: 'analyst' },
  { method: 'get', template: '/api/waves/{code}/progress', path: '/api/waves/acc/progress', access: 'analyst' },
  { method: 'get', template: '/api/audit', path: '/api/audit?wave=acc&page=1&pageSize=10', access: 'admin' },
  { method: 'get', template: '/api/audit/filters', path: '/api/audit/filters', access: 'admin' },
  { method: 'get', template: '/api/audit.csv', path: '/api/audit.csv?wave=acc', access: 'admin' },
  { method: 'get', template: '/api/waves/{code}/results.{ext}', path: '/api/waves/acc/results.csv', access: 'analyst' },
  { method: 'get', template: '/api/waves/{code}/responses.{ext}', path: '/api/waves/acc/responses.csv', access: 'admin' },
  { method: 'get', template: '/api/surveys/{surveyId}/trends', path: '/api/surveys/ki-mittelstand/trends', access: 'analyst' },
  { method: 'get', template: '/api/surveys/{surveyId}/trends.{ext}', path: '/api/surveys/ki-mittelstand/trends.csv', access: 'analyst' },
  { method: 'get', template: '/api/surveys/{surveyId}/figures', path: '/api/surveys/ki-mittelstand/figures', access: 'analyst' },
  {
    method: 'get',
    template: '/api/surveys/{surveyId}/figures/{figureId}',
    path: '/api/surveys/ki-mittelstand/figures/abb3',
    access: 'analyst',
  },
  {
    method: 'get',
    template: '/api/surveys/{surveyId}/figures/{figureId}.{ext}',
    path: '/api/surveys/ki-mittelstand/figures/abb3.svg',
    access: 'analyst',
  },
  {
    method: 'get',
    template: '/api/surveys/{surveyId}/responses.{ext}',
    path: '/api/surveys/ki-mittelstand/responses.csv',
    access: 'admin',
  },
  {
    method: 'get',
    template: '/api/surveys/{surveyId}/codebook.{ext}',
    path: '/api/surveys/ki-mittelstand/codebook.csv',
    access: 'analyst',
  },
];

/** What each caller gets: 'ok' means the route did its work (any status below 400 except the route's own 404 for missing assets). */
function expected(access: Access, caller: Caller): 'ok' | 401 | 403 {
  if (access === 'public' || access === 'respondent') return 'ok';
  if (caller === 'nobody' || caller === 'respondent') return 401;
  if (access === 'admin' && caller === 'analyst') return 403;
  return 'ok';
}

describe('access: every route × every kind of caller', () => {
  let testApp: TestApp;
  let tokens: Record<Exclude<Caller, 'nobody'>, string>;
  let table: Route[];

  beforeAll(async () => {
    testApp = await createTestApp();
    const staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'acc' });
    const [respondent] = await invite(testApp.app, staff.admin, 'acc', 1);
    await request(testApp.app.getHttpServer())
      .put(`/api/respond/${respondent}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: false })
      .expect(200);
    await createWave(testApp.app, staff.admin, { code: 'acc-delete-me', open: false });
    await createWave(testApp.app, staff.admin, { code: 'acc-open-me', open: false });
    await createWave(testApp.app, staff.admin, { code: 'acc-close-me' });
    await createWave(testApp.app, staff.admin, { code: 'acc-reopen-me' });
    await request(testApp.app.getHttpServer()).post('/api/waves/acc-reopen-me/close').auth(staff.admin, { type: 'bearer' }).expect(200);
    tokens = { respondent, analyst: staff.analyst, admin: staff.admin };
    const currentRevision = async () =>
      (await request(testApp.app.getHttpServer()).get(`/api/respond/${respondent}`).expect(200)).body.revision as number;
    const spare = await request(testApp.app.getHttpServer())
      .post('/api/waves/acc/invitations')
      .auth(staff.admin, { type: 'bearer' })
      .send({ count: 1 })
      .expect(201);
    table = routes(respondent, currentRevision, spare.body.invitations[0].id as string);
  });

  afterAll(() => testApp.close());

  const call = async (route: Route, caller: Caller) => {
    let test = request(testApp.app.getHttpServer())[route.method](route.path);
    if (caller !== 'nobody') test = test.auth(tokens[caller], { type: 'bearer' });
    const body: object | undefined = typeof route.body === 'function' ? await route.body() : route.body;
    return body ? test.send(body) : test;
  };

  // Callers that must be turned away first, so that the admin's changes come last.
  for (const caller of ['nobody', 'respondent', 'analyst', 'admin'] as const) {
    it(`answers ${caller} on every route as documented`, async () => {
      const outcomes: string[] = [];
      for (const route of table) {
        const response = await call(route, caller);
        const want = expected(route.access, caller);
        const got = response.status;
        const fine =
          want === 'ok'
            ? got < 400 || (route.template.startsWith('/assets') && got === 404) || (route.passedWith ?? []).includes(got)
            : got === want;
        const text = typeof response.text === 'string' ? response.text : '';
        if (!fine) outcomes.push(`${route.method.toUpperCase()} ${route.path}: expected ${want}, got ${got} ${text.slice(0, 120)}`);
        expect(text).not.toMatch(/\n\s+at \S+ \(/);
      }
      expect(outcomes).toEqual([]);
    });
  }

  it('refuses a form-encoded body with 415 "send JSON" on every route that takes a body, and stores nothing', async () => {
    const before = await testApp.dataSource.query(
      'SELECT (SELECT count(*) FROM waves) AS waves, (SELECT count(*) FROM invitations) AS invitations, (SELECT max(revision) FROM responses) AS revision',
    );
    const withBody = table.filter((route) => route.body !== undefined);
    expect(withBody.length).toBeGreaterThanOrEqual(4);
    const outcomes = [];
    for (const route of withBody) {
      const response = await request(testApp.app.getHttpServer())
        [route.method](route.path)
        .auth(tokens.admin, { type: 'bearer' })
        .type('form')
        .send('complete=true&answers=1');
      outcomes.push([
        `${route.method.toUpperCase()} ${route.template}`,
        response.status,
        response.body.code,
        /application\/json/.test(response.body.message),
      ]);
    }
    expect(outcomes).toEqual(
      withBody.map((route) => [`${route.method.toUpperCase()} ${route.template}`, 415, 'UNSUPPORTED_MEDIA_TYPE', true]),
    );
    const after = await testApp.dataSource.query(
      'SELECT (SELECT count(*) FROM waves) AS waves, (SELECT count(*) FROM invitations) AS invitations, (SELECT max(revision) FROM responses) AS revision',
    );
    expect(after).toEqual(before);
  });

  it('does not accept a staff token as a respondent token, nor the other way round', async () => {
    await request(testApp.app.getHttpServer()).get(`/api/respond/${tokens.admin}`).expect(404);
    await request(testApp.app.getHttpServer()).get('/api/waves').auth(tokens.respondent, { type: 'bearer' }).expect(401);
  });

  it('covers every route of the OpenAPI document', async () => {
    const document = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);
    const documented = Object.entries(document.body.paths as Record<string, Record<string, unknown>>)
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
      .sort();
    expect(table.map((route) => `${route.method.toUpperCase()} ${route.template}`).sort()).toEqual(documented);
  });
});
