import request from 'supertest';
import { DefinitionsService } from '../../src/definitions/definitions.service';
import { ImportedResponsesWriter } from '../../src/responses/imported-responses.writer';
import { ResponseStatus } from '../../src/responses/response.entity';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { ANSWER_CELLS } from '../support/answer-cells';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The responses module's write path for imported responses (issue 15): the rows an import stores count like online
 * answers, carry no invitation, and never exist twice per wave. The import service that reads files comes on top.
 */
describe('imported responses', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const ANOTHER = { ...FULL_ANSWERS_2023, rolle: 'ki_experte', chancen: { ...(FULL_ANSWERS_2023.chancen as object), werbung: 4 } };

  /** Setting up state only: the imports table belongs to the import service (next round), which writes this row. */
  const importRow = async (waveCode: string): Promise<string> => {
    const [{ id }] = await query<{ id: string }>(
      `INSERT INTO imports (wave_id, file_name, file_size, file_sha256, format, mapping, created, unchanged, replaced, created_by_name)
       SELECT id, 'welle.csv', 10, repeat('0', 64), 'csv', '{}', 0, 0, 0, 'test' FROM waves WHERE code = $1 RETURNING id`,
      [waveCode],
    );
    return id;
  };
  const waveId = async (code: string) => (await query<{ id: string }>('SELECT id FROM waves WHERE code = $1', [code]))[0].id;
  const insert = async (
    waveCode: string,
    importId: string,
    responses: Array<{ externalId: string; answers: object; status?: ResponseStatus }>,
  ) => {
    const codebook = await testApp.app.get(DefinitionsService).codebook('ki-mittelstand', '2023');
    const id = await waveId(waveCode);
    await testApp.dataSource.transaction((manager) =>
      testApp.app.get(ImportedResponsesWriter).insert(
        manager,
        id,
        importId,
        codebook,
        responses.map((response) => ({
          externalId: response.externalId,
          status: response.status ?? ResponseStatus.Completed,
          answers: response.answers as Record<string, unknown>,
          completedAt: new Date('2021-06-30T10:00:00Z'),
        })),
      ),
    );
  };
  const results = async (code: string) => {
    const { body } = await http().get(`/api/waves/${code}/results`).auth(staff.analyst, { type: 'bearer' }).expect(200);
    return { completed: body.completed, questions: body.questions };
  };
  const cellsOf = (code: string) =>
    query(
      `SELECT a.question_code, a.item_code, a.value, a.completed, a.question_first
         FROM ${ANSWER_CELLS} a JOIN waves w ON w.id = a.wave_id WHERE w.code = $1
        ORDER BY a.question_code, a.item_code, a.value`,
      [code],
    );

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    // The same two completed responses, answered online in one wave and imported into another.
    await createWave(testApp.app, staff.admin, { code: 'online' });
    for (const [index, token] of (await invite(testApp.app, staff.admin, 'online', 2)).entries()) {
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: index === 0 ? FULL_ANSWERS_2023 : ANOTHER, complete: true })
        .expect(200);
    }
    await createWave(testApp.app, staff.admin, {
      code: 'frueher',
      open: false,
      opensAt: '2021-05-01T00:00:00Z',
      closesAt: '2021-07-01T00:00:00Z',
    });
  });

  afterAll(() => testApp.close());

  it('counts imported responses in the results exactly like the same answers given online, with the same cells', async () => {
    const importId = await importRow('frueher');
    await insert('frueher', importId, [
      { externalId: 'R_1', answers: FULL_ANSWERS_2023 },
      { externalId: 'R_2', answers: ANOTHER },
    ]);
    expect(await results('frueher')).toEqual(await results('online'));
    expect((await results('frueher')).completed).toBe(2);
    expect(await cellsOf('frueher')).toEqual(await cellsOf('online'));
    const stored = await query<{ invitation_id: string | null; external_id: string; completed_at: Date; created_at: Date }>(
      `SELECT invitation_id, external_id, completed_at, created_at FROM responses WHERE import_id = $1 ORDER BY external_id`,
      [importId],
    );
    expect(stored.map((row) => [row.invitation_id, row.external_id, row.completed_at.toISOString(), row.created_at.toISOString()])).toEqual(
      [
        [null, 'R_1', '2021-06-30T10:00:00.000Z', '2021-06-30T10:00:00.000Z'],
        [null, 'R_2', '2021-06-30T10:00:00.000Z', '2021-06-30T10:00:00.000Z'],
      ],
    );
    // Time-ordered ids (UUIDv7) in the order of the file: its responses append to the primary key's right edge.
    const ids = await query<{ external_id: string; version: number }>(
      `SELECT external_id, get_byte(uuid_send(id), 6) >> 4 AS version FROM responses WHERE import_id = $1 ORDER BY id`,
      [importId],
    );
    expect(ids).toEqual([
      { external_id: 'R_1', version: 7 },
      { external_id: 'R_2', version: 7 },
    ]);
  });

  it('never stores an external id twice in one wave, and stores nothing of a chunk that tries', async () => {
    const importId = await importRow('frueher');
    const before = await query<{ count: number }>(`SELECT count(*)::int AS count FROM responses`);
    await expect(
      insert('frueher', importId, [
        { externalId: 'R_3', answers: FULL_ANSWERS_2023 },
        { externalId: 'R_1', answers: ANOTHER },
      ]),
    ).rejects.toThrow(/responses_wave_external_id_key/);
    expect(await query<{ count: number }>(`SELECT count(*)::int AS count FROM responses`)).toEqual(before);
    const found = await testApp.dataSource.transaction(async (manager) =>
      testApp.app.get(ImportedResponsesWriter).existing(manager, await waveId('frueher'), ['R_1', 'R_9']),
    );
    expect([...found.keys()]).toEqual(['R_1']);
    expect(found.get('R_1')?.answers).toEqual(FULL_ANSWERS_2023);
  });

  it('refuses a response without an origin, or with an external id but no import', async () => {
    const id = await waveId('frueher');
    await expect(query(`INSERT INTO responses (wave_id, status, answers) VALUES ($1, 'partial', '{}')`, [id])).rejects.toThrow(
      /responses_origin_check/,
    );
    await expect(
      query(`INSERT INTO responses (wave_id, external_id, status, answers) VALUES ($1, 'X', 'partial', '{}')`, [id]),
    ).rejects.toThrow(/responses_origin_check/);
  });

  it('takes back exactly one import: its responses and their cells, nothing else', async () => {
    const second = await importRow('frueher');
    await insert('frueher', second, [{ externalId: 'R_4', answers: ANOTHER, status: ResponseStatus.Partial }]);
    const ids = { frueher: await waveId('frueher') };
    const counts = () =>
      query<{ responses: number; answers: number }>(
        `SELECT (SELECT count(*)::int FROM responses WHERE wave_id = $1) AS responses,
                (SELECT count(*)::int FROM ${ANSWER_CELLS} a WHERE a.wave_id = $1) AS answers`,
        [ids.frueher],
      );
    const [{ responses: withBoth }] = await counts();
    expect(withBoth).toBe(3);
    const removed = await testApp.dataSource.transaction((manager) =>
      testApp.app.get(ImportedResponsesWriter).removeImport(manager, second),
    );
    expect(removed).toBe(1);
    const [after] = await counts();
    expect(after.responses).toBe(2);
    expect((await results('frueher')).completed).toBe(2);
    expect(await cellsOf('frueher')).toEqual(await cellsOf('online'));
  });
});
