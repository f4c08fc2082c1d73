import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { createStaff, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * "A wave uses this version": the waves module answers which waves pin a
 * version (definitions asks it), and the foreign key answers whether a pinned
 * version exists. Re-pinning a draft away or deleting it frees the version.
 */
describe('wave pins and definition versions', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const admin = (test: request.Test) => test.auth(staff.admin, { type: 'bearer' });
  const definition = () => JSON.parse(readFileSync(join(__dirname, '../fixtures/definitions/valid-small.json'), 'utf8'));
  const usedBy = async (version: string) =>
    (
      (await admin(http().get('/api/definitions')).expect(200)).body as Array<{ surveyId: string; version: string; usedByWaves: string[] }>
    ).find((entry) => entry.surveyId === 'pins' && entry.version === version)?.usedByWaves;

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await admin(http().put('/api/definitions/pins/versions/1')).send(definition()).expect(201);
    await admin(http().put('/api/definitions/pins/versions/2')).send(definition()).expect(201);
  });

  afterAll(() => testApp.close());

  it('refuses to re-pin a draft to an unknown version (422 WAVE_DEFINITION_UNKNOWN) and changes nothing', async () => {
    await admin(http().post('/api/waves')).send({ code: 'pins-a', title: 'A', surveyId: 'pins', version: '1' }).expect(201);
    const refused = await admin(http().patch('/api/waves/pins-a')).send({ version: '9', title: 'geändert' }).expect(422);
    expect(refused.body).toMatchObject({
      code: 'WAVE_DEFINITION_UNKNOWN',
      message: 'There is no definition pins version 9',
      errors: [{ path: 'version' }],
    });
    expect((await admin(http().get('/api/waves/pins-a')).expect(200)).body).toMatchObject({ version: '1', title: 'A' });
    const events = (await admin(http().get('/api/waves/pins-a/events')).expect(200)).body as Array<{ action: string }>;
    expect(events.map((event) => event.action)).toEqual(['wave.created', 'definition.pinned']);
  });

  it('lists the pinning waves, and frees a version when its draft wave moves away or is deleted', async () => {
    await admin(http().post('/api/waves')).send({ code: 'pins-b', title: 'B', surveyId: 'pins', version: '1' }).expect(201);
    expect(await usedBy('1')).toEqual(['pins-a', 'pins-b']);
    const changed = definition();
    changed.title = 'Geändert';
    await admin(http().put('/api/definitions/pins/versions/1')).send(changed).expect(409);

    await admin(http().patch('/api/waves/pins-a')).send({ version: '2' }).expect(200);
    await admin(http().delete('/api/waves/pins-b')).expect(204);
    expect(await usedBy('1')).toEqual([]);
    expect(await usedBy('2')).toEqual(['pins-a']);
    expect((await admin(http().put('/api/definitions/pins/versions/1')).send(changed).expect(200)).body.result).toBe('replaced');
  });
});
