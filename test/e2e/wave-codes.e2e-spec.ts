import request from 'supertest';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Every `:code` route parameter is checked the same way: a wave code that is
 * malformed names no wave, so it answers exactly like an unknown one (404
 * WAVE_NOT_FOUND with the one message), from every module's routes.
 */
describe('wave codes in routes', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'codes-2025' });
  });

  afterAll(() => testApp.close());

  const routes: Array<[string, (code: string) => string]> = [
    ['GET', (code) => `/api/waves/${code}`],
    ['PATCH', (code) => `/api/waves/${code}`],
    ['DELETE', (code) => `/api/waves/${code}`],
    ['POST', (code) => `/api/waves/${code}/open`],
    ['POST', (code) => `/api/waves/${code}/close`],
    ['POST', (code) => `/api/waves/${code}/reopen`],
    ['GET', (code) => `/api/waves/${code}/events`],
    ['GET', (code) => `/api/waves/${code}/invitations`],
    ['POST', (code) => `/api/waves/${code}/invitations`],
    ['POST', (code) => `/api/waves/${code}/invitations/00000000-0000-4000-8000-000000000000/reissue`],
    ['GET', (code) => `/api/waves/${code}/results`],
    ['GET', (code) => `/api/waves/${code}/results.csv`],
    ['GET', (code) => `/api/waves/${code}/results.xlsx`],
    ['GET', (code) => `/api/waves/${code}/responses.csv`],
  ];
  const codes = ['Bad!', 'no-such-wave', 'UPPER', 'x'.repeat(101)];
  const cases = routes.flatMap(([method, path]) => codes.map((code): [string, string, string] => [method, path(code), code]));

  it.each(cases)('%s %s answers 404 WAVE_NOT_FOUND naming the code', async (method, path, code) => {
    const call = http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path).auth(staff.admin, { type: 'bearer' });
    const body = method === 'POST' && path.endsWith('/invitations') ? { count: 1 } : method === 'PATCH' ? { title: 'Neu' } : undefined;
    const response = await (body ? call.send(body) : call);
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'WAVE_NOT_FOUND', message: `There is no wave with the code "${code}"` });
  });

  it('stores nothing for a malformed code', async () => {
    const [{ n }] = await testApp.dataSource.query(`SELECT count(*)::int AS n FROM invitations`);
    expect(n).toBe(0);
    const waves = await testApp.dataSource.query(`SELECT code, title FROM waves ORDER BY code`);
    expect(waves).toEqual([{ code: 'codes-2025', title: 'Welle codes-2025' }]);
  });

  it('the existing wave is found on the same routes', async () => {
    const admin = (test: request.Test) => test.auth(staff.admin, { type: 'bearer' });
    await admin(http().get('/api/waves/codes-2025')).expect(200);
    await admin(http().get('/api/waves/codes-2025/results')).expect(200);
    await admin(http().get('/api/waves/codes-2025/results.csv')).expect(200);
    await admin(http().get('/api/waves/codes-2025/events')).expect(200);
  });

  it('a malformed code in ?waves= stays a 422 of the query (not a route parameter)', async () => {
    const { body } = await http().get('/api/surveys/ki-mittelstand/trends?waves=Bad!').auth(staff.admin, { type: 'bearer' }).expect(422);
    expect(body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
