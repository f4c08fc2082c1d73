import request from 'supertest';
import { QueryRunner } from 'typeorm';
import { completeAnswers2023 } from '../slow/support/answers';
import { createStaff, createWave, invite } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The answer rows' parent check on a database that grows under a connection (migration AnswerParentCheckByKey).
 * PL/pgSQL keeps a trigger's plans per connection; a plan made while the tables were small must not scan them once
 * they are large. The test starts on a fresh database, as a new installation does: two saves, the statistics
 * autovacuum takes of the small tables, six saves on one connection planned on them (after five, a statement with
 * parameters may keep a generic plan), then a wave fills up (20,000 responses) while the connection keeps its plans.
 * The scans are read from the connection's own statistics of its transaction.
 */
describe('answer rows’ parent check on a table that grew after its plan was made', () => {
  let testApp: TestApp;
  let session: QueryRunner;

  const db = () => testApp.dataSource;
  /** Scans of `table` by the session so far (counted per backend, not yet reported to the statistics). */
  const scans = async (table: string): Promise<{ seq: number; index: number }> => {
    const rows: Array<{ seq: number; index: number }> = await session.query(
      'SELECT seq_scan::int AS seq, idx_scan::int AS index FROM pg_stat_xact_user_tables WHERE relname = $1',
      [table],
    );
    return rows[0] ?? { seq: 0, index: 0 };
  };
  /** Two completed responses of a new wave `code`, saved through the API. */
  const twoResponses = async (code: string) => {
    const staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code });
    for (const [index, token] of (await invite(testApp.app, staff.admin, code, 2)).entries()) {
      await request(testApp.app.getHttpServer())
        .put(`/api/respond/${token}`)
        .send({ answers: completeAnswers2023(index), complete: true })
        .expect(200);
    }
    // What autovacuum does within a minute of a new installation's first saves: statistics of the still small tables.
    await db().query('ANALYZE responses, answers');
    return db().query<Array<{ responseId: string; waveId: string }>>(
      `SELECT r.id AS "responseId", r.wave_id AS "waveId" FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1 ORDER BY r.id`,
      [code],
    );
  };
  /** 20,000 more completed responses of wave `code`, each with one answer row, written in one statement. */
  const grow = (code: string) =>
    db().query(
      `WITH wave AS (SELECT id FROM waves WHERE code = $1),
            inv AS (INSERT INTO invitations (wave_id, token_hash, status)
                    SELECT wave.id, md5($1 || g) || md5(g || $1), 'completed' FROM wave, generate_series(1, 20000) g RETURNING id, wave_id),
            added AS (INSERT INTO responses (wave_id, invitation_id, status, answers, revision, completed_at)
                      SELECT wave_id, id, 'completed', '{}'::jsonb, 1, now() FROM inv RETURNING id, wave_id)
       INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
       SELECT id, wave_id, 'probe', 'probe', '1', NULL, true, true FROM added`,
      [code],
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    // The test's own database: no ANALYZE by autovacuum between the growth and the probe, which would hide a stale plan.
    await db().query('ALTER TABLE responses SET (autovacuum_enabled = off)');
    session = db().createQueryRunner();
    await session.connect();
  });

  afterAll(async () => {
    if (session.isTransactionActive) await session.rollbackTransaction();
    await session.release();
    await testApp.close();
  });

  it('checks the parents of added answer rows by their key: no scan of responses', async () => {
    const [target] = await twoResponses('plan-parents');
    const insertAnswer = (item: string) =>
      session.query(
        `INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
         VALUES ($1, $2, 'probe', $3, '1', NULL, true, false)`,
        [target.responseId, target.waveId, item],
      );
    // Six saves: PL/pgSQL keeps a generic plan of a statement with parameters after its fifth execution.
    for (const item of ['a', 'b', 'c', 'd', 'e', 'f']) await insertAnswer(item);
    await grow('plan-parents');
    await session.startTransaction();
    const before = await scans('responses');
    await insertAnswer('second');
    const after = await scans('responses');
    expect({ seq: after.seq - before.seq, index: after.index - before.index }).toEqual({ seq: 0, index: 1 });
  });
});
