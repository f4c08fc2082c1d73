import request from 'supertest';
import { QueryRunner } from 'typeorm';
import { completeAnswers2023 } from '../slow/support/answers';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The answer rows' integrity without per-row foreign keys (migration AnswerIntegrity): the same rules, checked once
 * per statement by triggers. Asserted on the database directly, as a foreign key would be, including the races a
 * foreign key's row lock decides.
 */
describe('answer rows: integrity checked per statement', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const runners: QueryRunner[] = [];

  const db = () => testApp.dataSource;
  const transaction = async () => {
    const runner = db().createQueryRunner();
    runners.push(runner);
    await runner.connect();
    await runner.startTransaction();
    return runner;
  };
  const ids = async (code: string) =>
    (
      await db().query<Array<{ responseId: string; waveId: string }>>(
        `SELECT r.id AS "responseId", r.wave_id AS "waveId" FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1 ORDER BY r.id`,
        [code],
      )
    ).map((row) => row);
  const answerCount = async (responseId: string) =>
    (await db().query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM answers WHERE response_id = $1', [responseId]))[0].n;
  const insertAnswer = (runner: { query: (sql: string, parameters: unknown[]) => Promise<unknown> }, responseId: string, waveId: string) =>
    runner.query(
      `INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
       VALUES ($1, $2, 'probe', 'probe', '1', NULL, true, true)`,
      [responseId, waveId],
    );
  const waitingForLock = async () => {
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const [{ n }] = await db().query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('nobody waited for a lock');
  };

  /** Two completed responses in wave `code`. */
  const wave = async (code: string) => {
    await createWave(testApp.app, staff.admin, { code });
    const tokens = await invite(testApp.app, staff.admin, code, 2);
    for (const [index, token] of tokens.entries()) {
      await request(testApp.app.getHttpServer())
        .put(`/api/respond/${token}`)
        .send({ answers: completeAnswers2023(index), complete: true })
        .expect(200);
    }
    return ids(code);
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
  });

  afterEach(async () => {
    for (const runner of runners.splice(0)) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });

  afterAll(() => testApp.close());

  it('refuses answer rows of a response that does not exist, naming the rule, and stores none of the statement', async () => {
    const [existing] = await wave('integrity-missing');
    const before = await answerCount(existing.responseId);
    const refused = db().query(
      `INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
       VALUES ($1, $2, 'probe', 'probe', '1', NULL, true, true), (gen_random_uuid(), $2, 'probe', 'probe', '1', NULL, true, true)`,
      [existing.responseId, existing.waveId],
    );
    await expect(refused).rejects.toMatchObject({ code: '23503', constraint: 'answers_response_fkey' });
    expect(await answerCount(existing.responseId)).toBe(before);
  });

  it('refuses answer rows filed under another wave than their response', async () => {
    const [first] = await wave('integrity-wave-a');
    const [other] = await wave('integrity-wave-b');
    await expect(insertAnswer(db(), first.responseId, other.waveId)).rejects.toMatchObject({ code: '23503' });
    await expect(
      db().query('UPDATE answers SET wave_id = $2 WHERE response_id = $1', [first.responseId, other.waveId]),
    ).rejects.toMatchObject({
      code: '23503',
    });
  });

  it('never lets a response move to another wave', async () => {
    const [first] = await wave('integrity-move-a');
    const [other] = await wave('integrity-move-b');
    await expect(db().query('UPDATE responses SET wave_id = $2 WHERE id = $1', [first.responseId, other.waveId])).rejects.toMatchObject({
      code: '23000',
    });
  });

  it('deletes the answer rows with their responses, and nobody else’s', async () => {
    const [gone, kept] = await wave('integrity-delete');
    expect(await answerCount(gone.responseId)).toBeGreaterThan(40);
    await db().query('DELETE FROM responses WHERE id = $1', [gone.responseId]);
    expect(await answerCount(gone.responseId)).toBe(0);
    expect(await answerCount(kept.responseId)).toBeGreaterThan(40);
  });

  it('makes a deletion of the response wait for answer rows being added, and takes them with it', async () => {
    const [target] = await wave('integrity-race-a');
    const adding = await transaction();
    await insertAnswer(adding, target.responseId, target.waveId);
    const deleting = db().query('DELETE FROM responses WHERE id = $1', [target.responseId]);
    await waitingForLock();
    await adding.commitTransaction();
    await deleting;
    expect(await answerCount(target.responseId)).toBe(0);
  });

  it('empties the answer rows when the responses are truncated (delete triggers do not fire on TRUNCATE)', async () => {
    await wave('integrity-truncate');
    await db().query('TRUNCATE responses CASCADE');
    expect(await db().query('SELECT count(*)::int AS n FROM answers')).toEqual([{ n: 0 }]);
  });

  it('refuses answer rows added while their response is being deleted', async () => {
    const [target] = await wave('integrity-race-b');
    const deleting = await transaction();
    await deleting.query('DELETE FROM responses WHERE id = $1', [target.responseId]);
    const adding = insertAnswer(db(), target.responseId, target.waveId);
    const outcome = adding.then(
      () => 'stored',
      (error: { code?: string }) => error.code,
    );
    await waitingForLock();
    await deleting.commitTransaction();
    expect(await outcome).toBe('23503');
    expect(await answerCount(target.responseId)).toBe(0);
  });
});
