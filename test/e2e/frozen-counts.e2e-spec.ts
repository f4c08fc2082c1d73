import request from 'supertest';
import { FrozenCounts1796300000000 } from '../../migrations/1796300000000-FrozenCounts';
import { AnswerCells1796340000000 } from '../../migrations/1796340000000-AnswerCells';
import { FrozenCounts } from '../../src/responses/frozen-counts';
import { WavesService } from '../../src/waves/waves.service';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { ANSWER_CELLS } from '../support/answer-cells';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

interface CountRow {
  question_code: string;
  item_code: string;
  value: string | null;
  n: number;
  n_first: number;
}

/** The live aggregation the analysis did before frozen sets, as plain SQL over the cells, decoded as rows (the reference). */
const LIVE_COUNTS = (completedOnly: boolean) => `
  SELECT question_code, item_code, value, count(*)::int AS n, (count(*) FILTER (WHERE question_first))::int AS n_first
    FROM ${ANSWER_CELLS} a WHERE wave_id = $1 ${completedOnly ? 'AND completed' : ''}
   GROUP BY question_code, item_code, value ORDER BY question_code, item_code, value NULLS FIRST`;

const byGroup = (rows: CountRow[]) =>
  [...rows].sort((a, b) =>
    `${a.question_code}\u0000${a.item_code}\u0000${a.value ?? ''}`.localeCompare(
      `${b.question_code}\u0000${b.item_code}\u0000${b.value ?? ''}`,
    ),
  );

/**
 * Closed waves are served from frozen counts (issue 18). For every event that changes what a closed wave holds
 * (manual close, automatic close, reopen + new answers + close, import commit and undo into a closed wave, erasure of
 * a collected and of an imported response), the frozen set equals the live aggregation, and results and trends served
 * from it equal the ones computed live (the same request with the wave's frozen set removed).
 */
describe('frozen counts of closed waves', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let frozen: FrozenCounts;
  let exportCsv: string;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const waveId = async (code: string) => (await query<{ id: string }>('SELECT id FROM waves WHERE code = $1', [code]))[0].id;
  const ANOTHER = { ...FULL_ANSWERS_2023, rolle: 'ki_experte', chancen: { ...(FULL_ANSWERS_2023.chancen as object), werbung: 4 } };
  const PARTIAL = { rolle: 'ki_trainer', zentrum: 'noch dabei' };

  const answer = async (code: string, answers: object[], complete = true) => {
    for (const [index, token] of (await invite(testApp.app, staff.admin, code, answers.length)).entries()) {
      await http().put(`/api/respond/${token}`).send({ answers: answers[index], complete }).expect(200);
    }
  };
  const transition = (code: string, action: 'close' | 'reopen') =>
    http().post(`/api/waves/${code}/${action}`).auth(staff.admin, { type: 'bearer' }).expect(200);
  const get = async (path: string) => (await http().get(path).auth(staff.analyst, { type: 'bearer' }).expect(200)).body;
  const upload = (code: string) =>
    http()
      .post(`/api/waves/${code}/imports`)
      .auth(staff.admin, { type: 'bearer' })
      .attach('file', Buffer.from(exportCsv, 'utf8'), 'quelle.csv');

  /** The wave's frozen set as the analysis reads it, or null when it has none. */
  const frozenSet = async (code: string) => {
    const id = await waveId(code);
    const [wave] = await query<{ completed: number; partial_with_answers: number; has_answers: boolean }>(
      'SELECT completed, partial_with_answers, has_answers FROM frozen_wave_counts WHERE wave_id = $1',
      [id],
    );
    if (wave === undefined) return null;
    const rows = await query<CountRow & { completed_n: number; completed_first: number; all_n: number; all_first: number }>(
      'SELECT question_code, item_code, value, completed_n, completed_first, all_n, all_first FROM frozen_answer_counts WHERE wave_id = $1',
      [id],
    );
    const pick = (n: 'completed_n' | 'all_n', first: 'completed_first' | 'all_first') =>
      byGroup(
        rows
          .filter((row) => row[n] > 0)
          .map((row) => ({ question_code: row.question_code, item_code: row.item_code, value: row.value, n: row[n], n_first: row[first] })),
      );
    return { ...wave, completedCounts: pick('completed_n', 'completed_first'), allCounts: pick('all_n', 'all_first') };
  };

  /** The same figures aggregated live from the stored responses and their cells. */
  const liveSet = async (code: string) => {
    const id = await waveId(code);
    const [wave] = await query<{ completed: number; partial_with_answers: number; has_answers: boolean }>(
      `SELECT (SELECT count(*)::int FROM responses WHERE wave_id = $1 AND status = 'completed') AS completed,
              (SELECT count(*)::int FROM responses r WHERE r.wave_id = $1 AND r.status = 'partial'
                  AND cardinality(r.cells) > 0) AS partial_with_answers,
              EXISTS (SELECT 1 FROM ${ANSWER_CELLS} a WHERE a.wave_id = $1) AS has_answers`,
      [id],
    );
    return {
      ...wave,
      completedCounts: byGroup(await query<CountRow>(LIVE_COUNTS(true), [id])),
      allCounts: byGroup(await query<CountRow>(LIVE_COUNTS(false), [id])),
    };
  };

  /** What the API serves for the waves (results both ways, trends over them). */
  const served = async (codes: string[]) => ({
    results: await Promise.all(codes.map((code) => get(`/api/waves/${code}/results`))),
    partial: await Promise.all(codes.map((code) => get(`/api/waves/${code}/results?include=partial`))),
    trends: await get(`/api/surveys/ki-mittelstand/trends?waves=${codes.join(',')}`),
    trendsPartial: await get(`/api/surveys/ki-mittelstand/trends?waves=${codes.join(',')}&include=partial`),
    allTrends: await get('/api/surveys/ki-mittelstand/trends'),
  });

  /** The same requests computed live: the frozen sets are removed for them and built again afterwards. */
  const servedLive = async (codes: string[]) => {
    const ids = await Promise.all(codes.map(waveId));
    await testApp.dataSource.transaction(async (manager) => {
      for (const id of ids) await frozen.drop(manager, id);
    });
    try {
      return await served(codes);
    } finally {
      await testApp.dataSource.transaction(async (manager) => {
        for (const id of ids) await frozen.freeze(manager, id);
      });
    }
  };

  /** The check after every event: the wave is frozen, its set is the live aggregation, and what is served agrees. */
  const expectAgreement = async (code: string, others: string[] = []) => {
    const set = await frozenSet(code);
    expect(set).not.toBeNull();
    expect(set).toEqual(await liveSet(code));
    const codes = [code, ...others];
    const fromFrozen = await served(codes);
    expect(fromFrozen.results[0].questions.length).toBeGreaterThan(0);
    expect(fromFrozen).toEqual(await servedLive(codes));
    // Building the set again gives the same rows (the live fallback above restored it).
    expect(await frozenSet(code)).toEqual(set);
    return fromFrozen.results[0] as { completed: number; counted: number };
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    frozen = testApp.app.get(FrozenCounts);
    await createWave(testApp.app, staff.admin, { code: 'quelle' });
    await answer('quelle', [FULL_ANSWERS_2023, ANOTHER]);
    exportCsv = (await http().get('/api/waves/quelle/responses.csv').auth(staff.admin, { type: 'bearer' }).buffer(true).expect(200)).text;
  });

  afterAll(() => testApp.close());

  it('an open wave has no frozen set; closing it (manually) freezes counts equal to the live ones', async () => {
    await createWave(testApp.app, staff.admin, { code: 'manuell' });
    await answer('manuell', [FULL_ANSWERS_2023, ANOTHER, ANOTHER]);
    await answer('manuell', [PARTIAL], false);
    expect(await frozenSet('manuell')).toBeNull();
    await transition('manuell', 'close');
    const results = await expectAgreement('manuell');
    expect(results.completed).toBe(3);
    expect((await frozenSet('manuell'))?.partial_with_answers).toBe(1);
  });

  it('serves a closed wave from its frozen set (a changed frozen count shows in the results)', async () => {
    const id = await waveId('manuell');
    const before = await get('/api/waves/manuell/results');
    await query('UPDATE frozen_wave_counts SET completed = 999 WHERE wave_id = $1', [id]);
    try {
      expect((await get('/api/waves/manuell/results')).completed).toBe(999);
    } finally {
      await query('UPDATE frozen_wave_counts SET completed = 3 WHERE wave_id = $1', [id]);
    }
    expect(await get('/api/waves/manuell/results')).toEqual(before);
  });

  it('reopening drops the set (live counts while open); new answers, then a second close freezes them', async () => {
    await transition('manuell', 'reopen');
    expect(await frozenSet('manuell')).toBeNull();
    await answer('manuell', [FULL_ANSWERS_2023]);
    expect((await get('/api/waves/manuell/results')).completed).toBe(4);
    await transition('manuell', 'close');
    expect((await expectAgreement('manuell')).completed).toBe(4);
  });

  it('the automatic close at the end of the window freezes the wave in its transaction', async () => {
    await createWave(testApp.app, staff.admin, { code: 'automatisch', closesAt: new Date(Date.now() + 3_600_000).toISOString() });
    await answer('automatisch', [ANOTHER, FULL_ANSWERS_2023]);
    await answer('automatisch', [PARTIAL], false);
    expect(await testApp.app.get(WavesService).closeExpired(new Date(Date.now() + 7_200_000))).toEqual(['automatisch']);
    expect((await expectAgreement('automatisch', ['manuell'])).completed).toBe(2);
  });

  describe('imports into a closed wave', () => {
    let importId: string;

    it('an import commit rebuilds the set in its transaction', async () => {
      const committed = await upload('manuell').expect(201);
      importId = committed.body.importId;
      expect(committed.body.created).toBe(2);
      expect((await expectAgreement('manuell')).completed).toBe(6);
    });

    it('erasing one imported response rebuilds the set', async () => {
      const [{ external_id }] = await query<{ external_id: string }>(
        'SELECT external_id FROM responses WHERE import_id = $1 ORDER BY external_id LIMIT 1',
        [importId],
      );
      await http()
        .post(`/api/waves/manuell/imports/${importId}/responses/${external_id}/erase`)
        .auth(staff.admin, { type: 'bearer' })
        .send({ reason: 'Antrag auf Löschung' })
        .expect(200);
      expect((await expectAgreement('manuell')).completed).toBe(5);
    });

    it('undoing the import rebuilds the set', async () => {
      await http().delete(`/api/waves/manuell/imports/${importId}`).auth(staff.admin, { type: 'bearer' }).expect(200);
      expect((await expectAgreement('manuell', ['automatisch'])).completed).toBe(4);
    });
  });

  it('erasing a collected response (of an invitation) rebuilds the set; the other closed wave keeps its set', async () => {
    const otherBefore = await frozenSet('automatisch');
    const [{ invitation_id }] = await query<{ invitation_id: string }>(
      "SELECT r.invitation_id FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'manuell' AND r.status = 'completed' AND r.invitation_id IS NOT NULL LIMIT 1",
    );
    await http()
      .post(`/api/waves/manuell/invitations/${invitation_id}/erase`)
      .auth(staff.admin, { type: 'bearer' })
      .send({ reason: 'Antrag auf Löschung' })
      .expect(200);
    expect((await expectAgreement('manuell', ['automatisch'])).completed).toBe(3);
    expect(await frozenSet('automatisch')).toEqual(otherBefore);
  });

  it('erasing the partial response leaves the partial count and the partial results right', async () => {
    const [{ invitation_id }] = await query<{ invitation_id: string }>(
      "SELECT r.invitation_id FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'manuell' AND r.status = 'partial'",
    );
    await http()
      .post(`/api/waves/manuell/invitations/${invitation_id}/erase`)
      .auth(staff.admin, { type: 'bearer' })
      .send({ reason: 'Antrag auf Löschung' })
      .expect(200);
    await expectAgreement('manuell');
    expect((await frozenSet('manuell'))?.partial_with_answers).toBe(0);
  });

  it('the migration freezes the waves that are already closed, as the close would; the cells survive their migration both ways', async () => {
    const codes = ['manuell', 'automatisch', 'quelle'];
    const sortedCells = () =>
      query<{ id: string; cells: string[] }>('SELECT id, cells FROM responses ORDER BY id').then((rows) =>
        rows.map((row) => ({ id: row.id, cells: [...row.cells].sort() })),
      );
    const before = { frozen: await Promise.all(codes.map(frozenSet)), cells: await sortedCells() };
    // Back to the answer rows (the schema FrozenCounts was written for), its own way back and forth, then the cells again.
    const cells = new AnswerCells1796340000000();
    const frozen = new FrozenCounts1796300000000();
    const runner = testApp.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await cells.down(runner);
      await frozen.down(runner);
      await frozen.up(runner);
      await cells.up(runner);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    expect({ frozen: await Promise.all(codes.map(frozenSet)), cells: await sortedCells() }).toEqual(before);
    // Open waves get none.
    expect(before.frozen[2]).toBeNull();
    expect(before.cells.length).toBeGreaterThan(0);
  });
});
