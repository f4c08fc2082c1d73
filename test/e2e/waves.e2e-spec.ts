import request from 'supertest';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { WaveAutoCloseService } from '../../src/waves/wave-auto-close.service';
import { createTestApp, TestApp } from '../support/test-app';

describe('waves, invitations and staff access', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
  });

  afterAll(() => testApp.close());

  it('runs the whole life of a wave: create, invite, open, answer, close, reopen, close', async () => {
    const created = await http()
      .post('/api/waves')
      .auth(staff.admin, { type: 'bearer' })
      .send({
        code: 'life-2025',
        title: 'KI im Mittelstand 2025',
        surveyId: 'ki-mittelstand',
        version: '2023',
        opensAt: '2025-06-02T00:00:00Z',
        closesAt: '2099-07-04T00:00:00Z',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      code: 'life-2025',
      status: 'draft',
      surveyId: 'ki-mittelstand',
      version: '2023',
      opensAt: '2025-06-02T00:00:00.000Z',
      counts: { invitations: 0, started: 0, completed: 0, imported: 0 },
    });

    const invitations = await http()
      .post('/api/waves/life-2025/invitations')
      .auth(staff.admin, { type: 'bearer' })
      .send({ invitations: [{ label: 'Zentrum Hamburg', email: 'a@example.org' }, { label: 'Zentrum Berlin' }, {}] })
      .expect(201);
    const tokens: string[] = invitations.body.invitations.map((invitation: { token: string }) => invitation.token);
    expect(invitations.body.invitations[0]).toMatchObject({
      label: 'Zentrum Hamburg',
      url: expect.stringMatching(/\/survey\/[A-Za-z0-9_-]{43}$/),
    });
    expect(new Set(tokens).size).toBe(3);

    await http()
      .post('/api/waves/life-2025/open')
      .auth(staff.admin, { type: 'bearer' })
      .expect(200, /"status":"open"/);
    await http()
      .put(`/api/respond/${tokens[0]}`)
      .send({ answers: { rolle: 'ki_trainer' }, complete: true })
      .expect(200);
    await http()
      .put(`/api/respond/${tokens[1]}`)
      .send({ answers: { chancen: { werbung: 4 } }, complete: false })
      .expect(200);

    const wave = await http().get('/api/waves/life-2025').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(wave.body.counts).toEqual({ invitations: 3, started: 1, completed: 1, imported: 0 });

    const listed = await http().get('/api/waves/life-2025/invitations').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(listed.body.map((invitation: { status: string }) => invitation.status).sort()).toEqual(['completed', 'started', 'unused']);
    expect(JSON.stringify(listed.body)).not.toContain(tokens[0]);
    expect(JSON.stringify(listed.body)).not.toContain('a@example.org');

    await http()
      .post('/api/waves/life-2025/close')
      .auth(staff.admin, { type: 'bearer' })
      .expect(200, /"status":"closed"/);
    await http()
      .post('/api/waves/life-2025/reopen')
      .auth(staff.admin, { type: 'bearer' })
      .expect(200, /"status":"open"/);
    await http().post('/api/waves/life-2025/close').auth(staff.admin, { type: 'bearer' }).expect(200);

    const events = await http().get('/api/waves/life-2025/events').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(events.body.map((event: { action: string }) => event.action)).toEqual([
      'wave.created',
      'definition.pinned',
      'invitations.created',
      'wave.opened',
      'wave.closed',
      'wave.reopened',
      'wave.closed',
    ]);
    expect(events.body[0].actor).toBe('Test Admin (admin)');
    expect(events.body[2].details).toEqual({ count: 3, withEmail: 1 });
  });

  it.each([
    ['draft', 'reopen'],
    ['open', 'open'],
    ['open', 'reopen'],
    ['closed', 'open'],
    ['closed', 'close'],
  ])('refuses to %s → %s with 409', async (state, action) => {
    const code = `forbidden-${state}-${action}`;
    await createWave(testApp.app, staff.admin, { code, open: state !== 'draft' });
    if (state === 'closed') await http().post(`/api/waves/${code}/close`).auth(staff.admin, { type: 'bearer' }).expect(200);
    const response = await http().post(`/api/waves/${code}/${action}`).auth(staff.admin, { type: 'bearer' }).expect(409);
    expect(response.body).toMatchObject({ code: 'WAVE_TRANSITION_NOT_ALLOWED', message: expect.stringContaining(`is ${state}`) });
    const wave = await http().get(`/api/waves/${code}`).auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(wave.body.status).toBe(state);
  });

  it('creates a past wave with its historical window and closes it from draft without ever opening it', async () => {
    const created = await http()
      .post('/api/waves')
      .auth(staff.admin, { type: 'bearer' })
      .send({
        code: 'past-2021',
        title: 'KI im Mittelstand 2021',
        surveyId: 'ki-mittelstand',
        version: '2021',
        opensAt: '2021-05-03T07:00:00Z',
        closesAt: '2021-06-30T22:00:00Z',
      })
      .expect(201);
    expect(created.body).toMatchObject({
      status: 'draft',
      opensAt: '2021-05-03T07:00:00.000Z',
      closesAt: '2021-06-30T22:00:00.000Z',
    });
    // An invitation made while it was a draft: its link never accepts an answer, before or after the close.
    const [token] = await invite(testApp.app, staff.admin, 'past-2021', 1);
    const answer = { answers: { rolle: 'ki_trainer' }, complete: true };
    const whileDraft = await http().put(`/api/respond/${token}`).send(answer).expect(409);
    expect(whileDraft.body.code).toBe('RESPONSE_WAVE_NOT_OPEN');

    const closed = await http().post('/api/waves/past-2021/close').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(closed.body).toMatchObject({ code: 'past-2021', status: 'closed', opensAt: '2021-05-03T07:00:00.000Z' });

    const events = await http().get('/api/waves/past-2021/events').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(events.body.map((event: { action: string }) => event.action)).toEqual([
      'wave.created',
      'definition.pinned',
      'invitations.created',
      'wave.closed',
    ]);
    expect(events.body[3]).toMatchObject({ actor: 'Test Admin (admin)', details: { from: 'draft', to: 'closed' } });

    const afterClose = await http().put(`/api/respond/${token}`).send(answer).expect(409);
    expect(afterClose.body).toMatchObject({ code: 'RESPONSE_WAVE_NOT_OPEN', message: expect.stringContaining('beendet') });
    expect((await http().get(`/api/respond/${token}`).expect(409)).body.code).toBe('RESPONSE_WAVE_NOT_OPEN');
    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'past-2021'`,
    );
    expect(count).toBe(0);
    // Closed, it takes no new invitations and keeps its pinned version, like any closed wave.
    expect(
      (await http().post('/api/waves/past-2021/invitations').auth(staff.admin, { type: 'bearer' }).send({ count: 1 }).expect(409)).body
        .code,
    ).toBe('WAVE_CLOSED_FOR_INVITATIONS');
    expect((await http().post('/api/waves/past-2021/close').auth(staff.admin, { type: 'bearer' }).expect(409)).body.code).toBe(
      'WAVE_TRANSITION_NOT_ALLOWED',
    );
  });

  it('closes automatically only open waves whose window ended: a draft with a past window stays a draft', async () => {
    await createWave(testApp.app, staff.admin, {
      code: 'sweep-draft',
      open: false,
      opensAt: '2021-05-03T07:00:00Z',
      closesAt: '2021-06-30T22:00:00Z',
    });
    await createWave(testApp.app, staff.admin, { code: 'sweep-open', opensAt: '2021-05-03T07:00:00Z', closesAt: '2021-06-30T22:00:00Z' });
    const closed = await testApp.app.get(WaveAutoCloseService).sweep();
    expect(closed).toContain('sweep-open');
    expect(closed).not.toContain('sweep-draft');
    const draft = await http().get('/api/waves/sweep-draft').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(draft.body.status).toBe('draft');
    const open = await http().get('/api/waves/sweep-open').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(open.body.status).toBe('closed');
    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE wave_code = 'sweep-draft' AND action = 'wave.closed'`,
    );
    expect(count).toBe(0);
  });

  it('deletes a draft wave, but nothing else, and keeps the deletion in the audit trail', async () => {
    await createWave(testApp.app, staff.admin, { code: 'to-delete', open: false });
    await invite(testApp.app, staff.admin, 'to-delete', 2);
    await http().delete('/api/waves/to-delete').auth(staff.admin, { type: 'bearer' }).expect(204);
    await http().get('/api/waves/to-delete').auth(staff.admin, { type: 'bearer' }).expect(404);
    const [{ count }] = await testApp.dataSource.query(
      `SELECT count(*)::int AS count FROM audit_events WHERE wave_code = 'to-delete' AND action = 'wave.deleted'`,
    );
    expect(count).toBe(1);

    await createWave(testApp.app, staff.admin, { code: 'not-deletable' });
    const refused = await http().delete('/api/waves/not-deletable').auth(staff.admin, { type: 'bearer' }).expect(409);
    expect(refused.body.code).toBe('WAVE_NOT_DELETABLE');
  });

  it('keeps the pinned version of an opened wave but lets the window move', async () => {
    await createWave(testApp.app, staff.admin, { code: 'pinned' });
    const refused = await http().patch('/api/waves/pinned').auth(staff.admin, { type: 'bearer' }).send({ version: '2021' }).expect(409);
    expect(refused.body.code).toBe('WAVE_PIN_IMMUTABLE');
    const moved = await http()
      .patch('/api/waves/pinned')
      .auth(staff.admin, { type: 'bearer' })
      .send({ closesAt: '2099-01-01T00:00:00Z' })
      .expect(200);
    expect(moved.body).toMatchObject({ version: '2023', closesAt: '2099-01-01T00:00:00.000Z' });
  });

  it.each([
    [{ code: 'x', title: 'T', surveyId: 'ki-mittelstand', version: '1999' }, 'WAVE_DEFINITION_UNKNOWN', 'version'],
    [{ code: 'Bad Code!', title: 'T', surveyId: 'ki-mittelstand', version: '2023' }, 'VALIDATION_FAILED', 'code'],
    [{ code: 'y', surveyId: 'ki-mittelstand', version: '2023' }, 'VALIDATION_FAILED', 'title'],
    [{ code: 'z', title: 'T', surveyId: 'ki-mittelstand', version: '2023', opensAt: 'next tuesday' }, 'VALIDATION_FAILED', 'opensAt'],
    [
      {
        code: 'w',
        title: 'T',
        surveyId: 'ki-mittelstand',
        version: '2023',
        opensAt: '2025-02-01T00:00:00Z',
        closesAt: '2025-01-01T00:00:00Z',
      },
      'VALIDATION_FAILED',
      'closesAt',
    ],
    [{ code: 'v', title: 'T', surveyId: 'ki-mittelstand', version: '2023', status: 'open' }, 'VALIDATION_FAILED', 'status'],
  ])('refuses %j with 422 naming the field', async (body, code, path) => {
    const response = await http().post('/api/waves').auth(staff.admin, { type: 'bearer' }).send(body).expect(422);
    expect(response.body.code).toBe(code);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toContain(path);
    const waves = await http().get('/api/waves').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(waves.body.map((wave: { code: string }) => wave.code)).not.toContain(body.code);
  });

  it('refuses a second wave with the same code', async () => {
    await createWave(testApp.app, staff.admin, { code: 'twice', open: false });
    const response = await http()
      .post('/api/waves')
      .auth(staff.admin, { type: 'bearer' })
      .send({ code: 'twice', title: 'Again', surveyId: 'ki-mittelstand', version: '2023' })
      .expect(409);
    expect(response.body.code).toBe('WAVE_CODE_TAKEN');
  });

  it('validates invitation requests', async () => {
    await createWave(testApp.app, staff.admin, { code: 'invites', open: false });
    const auth = (r: request.Test) => r.auth(staff.admin, { type: 'bearer' });
    await auth(http().post('/api/waves/invites/invitations').send({ count: 0 })).expect(422);
    await auth(http().post('/api/waves/invites/invitations').send({ count: 1001 })).expect(422);
    await auth(http().post('/api/waves/invites/invitations').send({})).expect(422);
    await auth(
      http()
        .post('/api/waves/invites/invitations')
        .send({ count: 1, invitations: [{}] }),
    ).expect(422);
    const email = await auth(
      http()
        .post('/api/waves/invites/invitations')
        .send({ invitations: [{ email: 'not-an-address' }] }),
    ).expect(422);
    expect(email.body.errors[0].path).toBe('invitations.0.email');
    await auth(http().post('/api/waves/nope/invitations').send({ count: 1 })).expect(404);
  });

  it('stores tokens only as hashes and contact data apart from the invitation', async () => {
    await createWave(testApp.app, staff.admin, { code: 'hashes', open: false });
    const [token] = await invite(testApp.app, staff.admin, 'hashes', 1);
    const dump = JSON.stringify(
      await testApp.dataSource.query(`SELECT i.* FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'hashes'`),
    );
    expect(dump).not.toContain(token);
    expect(dump).toMatch(/"token_hash":"[0-9a-f]{64}"/);
  });
});

describe('staff access to every staff route', () => {
  let testApp: TestApp;
  let staff: StaffTokens;

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'acl' });
  });

  afterAll(() => testApp.close());

  // [method, path, body, role needed]
  const routes: Array<[string, string, object | undefined, 'admin' | 'analyst']> = [
    ['post', '/api/waves', { code: 'acl-new', title: 'T', surveyId: 'ki-mittelstand', version: '2023' }, 'admin'],
    ['get', '/api/waves', undefined, 'analyst'],
    ['get', '/api/waves/acl', undefined, 'analyst'],
    ['patch', '/api/waves/acl', { title: 'Neu' }, 'admin'],
    ['delete', '/api/waves/acl', undefined, 'admin'],
    ['post', '/api/waves/acl/open', undefined, 'admin'],
    ['post', '/api/waves/acl/close', undefined, 'admin'],
    ['post', '/api/waves/acl/reopen', undefined, 'admin'],
    ['get', '/api/waves/acl/events', undefined, 'analyst'],
    ['post', '/api/waves/acl/invitations', { count: 1 }, 'admin'],
    ['get', '/api/waves/acl/invitations', undefined, 'analyst'],
  ];

  const send = (method: string, path: string, body: object | undefined, token?: string) => {
    let test = (request(testApp.app.getHttpServer()) as unknown as Record<string, (path: string) => request.Test>)[method](path);
    if (token) test = test.auth(token, { type: 'bearer' });
    return body ? test.send(body) : test;
  };

  it.each(routes)('%s %s needs a token (401)', async (method, path, body) => {
    const response = await send(method, path, body).expect(401);
    expect(response.body.code).toBe('AUTH_TOKEN_MISSING');
  });

  it.each(routes)('%s %s refuses an invalid token (401)', async (method, path, body) => {
    const response = await send(method, path, body, 'not-a-real-token-000000000000').expect(401);
    expect(response.body.code).toBe('AUTH_TOKEN_INVALID');
  });

  it.each(routes.filter((route) => route[3] === 'admin'))('%s %s refuses an analyst (403)', async (method, path, body) => {
    const response = await send(method, path, body, staff.analyst).expect(403);
    expect(response.body.code).toBe('AUTH_FORBIDDEN');
  });

  it.each(routes.filter((route) => route[3] === 'analyst'))('%s %s lets an analyst read (200)', async (method, path, body) => {
    await send(method, path, body, staff.analyst).expect(200);
  });
});
