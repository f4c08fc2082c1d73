import request from 'supertest';
import { QueryRunner } from 'typeorm';
import { completeAnswers2023 } from '../slow/support/answers';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The guarantee of the save protocol (migration SaveGate, issue 18): a save committed before a wave's close is counted,
 * a save after it is refused and stores nothing. Saves pass the wave's gate (a shared advisory lock, no lock on the
 * wave's row); a close takes the gate exclusively. The interleavings are forced with a second connection and observed
 * in pg_locks, so the tests wait for states, never for time.
 */
describe('save gate: a close counts every save before it and refuses every save after it', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const close = (code: string) => http().post(`/api/waves/${code}/close`).auth(staff.admin, { type: 'bearer' });
  const save = (token: string, index: number) =>
    http()
      .put(`/api/respond/${token}`)
      .send({ answers: completeAnswers2023(index), complete: true });

  /** The wave's advisory gate locks: granted shared holders and waiters, by mode. */
  const gateLocks = async () => {
    const rows: Array<{ mode: string; granted: boolean; count: number }> = await testApp.dataSource.query(
      `SELECT mode, granted, count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory' AND classid = 1396790853
        GROUP BY mode, granted`,
    );
    return (mode: string, granted: boolean) => rows.find((row) => row.mode === mode && row.granted === granted)?.count ?? 0;
  };
  const waitUntil = async (what: string, done: () => Promise<boolean>) => {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`never reached: ${what}`);
  };
  const storedOf = async (token: string) =>
    testApp.dataSource.query<Array<{ status: string; answers: number }>>(
      `SELECT r.status, cardinality(r.cells) AS answers
         FROM responses r JOIN invitations i ON i.id = r.invitation_id WHERE i.token_hash = encode(sha256($1::bytea), 'hex')`,
      [token],
    );
  const waveId = async (code: string) =>
    (await testApp.dataSource.query<Array<{ id: string }>>('SELECT id FROM waves WHERE code = $1', [code]))[0].id;
  const completedCount = async (code: string) => {
    const results = await http().get(`/api/waves/${code}/results`).auth(staff.admin, { type: 'bearer' }).expect(200);
    return results.body.completed as number;
  };

  let runner: QueryRunner | undefined;
  const begin = async () => {
    runner = testApp.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    return runner;
  };

  /**
   * A save in flight across a close: this transaction holds the row `hold` locks for the token, the save takes the gate
   * and waits for that row, the close queues behind the save; then the row is let go. Returns the save's and the
   * close's answers.
   */
  const closeWhileSaving = async (code: string, hold: string, token: string, send: () => request.Test) => {
    const holder = await begin();
    await holder.query(hold, [token]);
    const saving = send().then((response) => response);
    await waitUntil('the save holds the gate', async () => (await gateLocks())('ShareLock', true) === 1);
    const closing = close(code).then((response) => response);
    await waitUntil('the close waits for the save', async () => (await gateLocks())('ExclusiveLock', false) === 1);
    await holder.commitTransaction();
    return Promise.all([saving, closing]);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
  });

  afterEach(async () => {
    if (runner?.isTransactionActive) await runner.rollbackTransaction();
    await runner?.release();
    runner = undefined;
  });

  afterAll(() => testApp.close());

  it('lets a save in flight finish before the close, and counts it', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-inflight' });
    const [token] = await invite(testApp.app, staff.admin, 'gate-inflight', 1);
    // The save passes the gate and then waits for its invitation, which this transaction holds.
    const [saved, closed] = await closeWhileSaving(
      'gate-inflight',
      `SELECT id FROM invitations WHERE token_hash = encode(sha256($1::bytea), 'hex') FOR UPDATE`,
      token,
      () => save(token, 1),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ status: 'completed', revision: 1 });
    expect(closed.status).toBe(200);
    expect(await storedOf(token)).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
    expect(await completedCount('gate-inflight')).toBe(1);
  });

  it('lets a later save in flight finish before the close, and counts it', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-inflight-later' });
    const [token] = await invite(testApp.app, staff.admin, 'gate-inflight-later', 1);
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'Zentrum Kiel' }, complete: false })
      .expect(200);
    // The later save passes the gate and then waits for its response's row, which this transaction holds.
    const [saved, closed] = await closeWhileSaving(
      'gate-inflight-later',
      `SELECT r.id FROM responses r JOIN invitations i ON i.id = r.invitation_id
        WHERE i.token_hash = encode(sha256($1::bytea), 'hex') FOR UPDATE OF r`,
      token,
      () =>
        http()
          .put(`/api/respond/${token}`)
          .send({ answers: completeAnswers2023(5), complete: true, revision: 1 }),
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ status: 'completed', revision: 2 });
    expect(closed.status).toBe(200);
    expect(await storedOf(token)).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
    expect(await completedCount('gate-inflight-later')).toBe(1);
  });

  it('refuses a save that arrives while the close waits, and stores nothing of it', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-late' });
    const [early, late] = await invite(testApp.app, staff.admin, 'gate-late', 2);
    await save(early, 2).expect(200);
    // This transaction holds the gate as a save in flight does; the close queues behind it, the late save behind the close.
    const holder = await begin();
    await holder.query('SELECT wave_accepts_answers($1, now())', [await waveId('gate-late')]);
    const closing = close('gate-late').then((response) => response);
    await waitUntil('the close waits for the gate', async () => (await gateLocks())('ExclusiveLock', false) === 1);
    const saving = save(late, 3).then((response) => response);
    await waitUntil('the late save waits behind the close', async () => (await gateLocks())('ShareLock', false) === 1);
    await holder.commitTransaction();

    const [closed, refused] = await Promise.all([closing, saving]);
    expect(closed.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('RESPONSE_WAVE_NOT_OPEN');
    expect(refused.body.message).toBe('Diese Befragung ist beendet; es können keine Antworten mehr abgegeben werden.');
    expect(await storedOf(late)).toEqual([]);
    expect(await storedOf(early)).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
    expect(await completedCount('gate-late')).toBe(1);
  });

  it('refuses a later save of a begun response the same way, keeping its saved answers', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-update' });
    const [token] = await invite(testApp.app, staff.admin, 'gate-update', 1);
    await http()
      .put(`/api/respond/${token}`)
      .send({ answers: { zentrum: 'Zentrum Kiel' }, complete: false })
      .expect(200);
    const holder = await begin();
    await holder.query('SELECT wave_accepts_answers($1, now())', [await waveId('gate-update')]);
    const closing = close('gate-update').then((response) => response);
    await waitUntil('the close waits for the gate', async () => (await gateLocks())('ExclusiveLock', false) === 1);
    const saving = http()
      .put(`/api/respond/${token}`)
      .send({ answers: completeAnswers2023(4), complete: true, revision: 1 })
      .then((response) => response);
    await waitUntil('the later save waits behind the close', async () => (await gateLocks())('ShareLock', false) === 1);
    await holder.commitTransaction();

    const [closed, refused] = await Promise.all([closing, saving]);
    expect(closed.status).toBe(200);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('RESPONSE_WAVE_NOT_OPEN');
    expect(refused.body.message).toBe(
      'Diese Befragung ist beendet. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
    );
    expect(await storedOf(token)).toEqual([{ status: 'partial', answers: 1 }]);
  });

  it('under load, counts exactly the saves answered 200 and stores none of those refused', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-load' });
    const tokens = await invite(testApp.app, staff.admin, 'gate-load', 60);
    const saves = tokens.map((token, index) => save(token, index).then((response) => ({ token, response })));
    // The close goes out while saves are still arriving: some land before it, some after.
    await waitUntil(
      'some saves committed',
      async () =>
        (await testApp.dataSource.query(`SELECT 1 FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'gate-load'`)).length >
        0,
    );
    const closed = await close('gate-load');
    const answered = await Promise.all(saves);

    expect(closed.status).toBe(200);
    const accepted = answered.filter(({ response }) => response.status === 200);
    const refused = answered.filter(({ response }) => response.status !== 200);
    expect(refused.every(({ response }) => response.status === 409 && response.body.code === 'RESPONSE_WAVE_NOT_OPEN')).toBe(true);
    for (const { token } of refused) expect(await storedOf(token)).toEqual([]);
    for (const { token } of accepted) expect(await storedOf(token)).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
    expect(await completedCount('gate-load')).toBe(accepted.length);
  });

  it('under load, completes exactly the later saves answered 200; those refused keep the partial answers saved before', async () => {
    await createWave(testApp.app, staff.admin, { code: 'gate-load-later' });
    const tokens = await invite(testApp.app, staff.admin, 'gate-load-later', 60);
    for (const token of tokens) {
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Zentrum Kiel' }, complete: false })
        .expect(200);
    }
    const completions = tokens.map((token, index) =>
      http()
        .put(`/api/respond/${token}`)
        .send({ answers: completeAnswers2023(index), complete: true, revision: 1 })
        .then((response) => ({ token, response })),
    );
    await waitUntil(
      'some later saves committed',
      async () =>
        (
          await testApp.dataSource.query(
            `SELECT 1 FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'gate-load-later' AND r.status = 'completed'`,
          )
        ).length > 0,
    );
    const closed = await close('gate-load-later');
    const answered = await Promise.all(completions);

    expect(closed.status).toBe(200);
    const accepted = answered.filter(({ response }) => response.status === 200);
    const refused = answered.filter(({ response }) => response.status !== 200);
    expect(accepted.every(({ response }) => response.body.status === 'completed' && response.body.revision === 2)).toBe(true);
    expect(refused.every(({ response }) => response.status === 409 && response.body.code === 'RESPONSE_WAVE_NOT_OPEN')).toBe(true);
    for (const { token } of refused) expect(await storedOf(token)).toEqual([{ status: 'partial', answers: 1 }]);
    for (const { token } of accepted) expect(await storedOf(token)).toEqual([{ status: 'completed', answers: expect.any(Number) }]);
    const invitations = await testApp.dataSource.query<Array<{ status: string; count: number }>>(
      `SELECT i.status, count(*)::int AS count FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'gate-load-later'
        GROUP BY i.status ORDER BY i.status`,
    );
    expect(invitations).toEqual(
      [
        { status: 'completed', count: accepted.length },
        { status: 'started', count: refused.length },
      ].filter(({ count }) => count > 0),
    );
    expect(await completedCount('gate-load-later')).toBe(accepted.length);
  });
});
