import request from 'supertest';
import { DefinitionsService } from '../../src/definitions/definitions.service';
import { answerCells } from '../../src/responses/answer-cells';
import { MAX_TEXT_LENGTH } from '../../src/responses/answer-shape';
import { completeAnswers2023 } from '../slow/support/answers';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * The cells a response is counted by (migration AnswerCells) live in its own row, written by the same statement as its
 * JSONB: asserted on the database directly, for every way a response is written or changed.
 */
describe('answer cells: always the stored answers’', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const db = () => testApp.dataSource;

  const stored = async (code: string) =>
    db().query<Array<{ id: string; waveId: string; status: string; answers: Record<string, unknown>; cells: string[] }>>(
      `SELECT r.id, r.wave_id AS "waveId", r.status, r.answers, r.cells
         FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1 ORDER BY r.id`,
      [code],
    );

  /** Every response of the wave: its cells are exactly those of its JSONB (as the codebook reads it). */
  const expectCellsOfTheirAnswers = async (code: string) => {
    const codebook = await testApp.app.get(DefinitionsService).codebook('ki-mittelstand', '2023');
    const rows = await stored(code);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.cells).toEqual(answerCells(codebook, row.answers));
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
  });

  afterAll(() => testApp.close());

  it('stores a first save’s cells with its answers, and a later save’s in place of the earlier ones', async () => {
    await createWave(testApp.app, staff.admin, { code: 'cells-saves' });
    const [partial, cleared, completed] = await invite(testApp.app, staff.admin, 'cells-saves', 3);
    await http()
      .put(`/api/respond/${partial}`)
      .send({ answers: { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' }, zentrum: 'Zentrum Nord' }, complete: false })
      .expect(200);
    await http()
      .put(`/api/respond/${cleared}`)
      .send({ answers: { rolle: 'ki_trainer', chancen: { werbung: 4 } }, complete: false })
      .expect(200);
    await http()
      .put(`/api/respond/${cleared}`)
      .send({ answers: { chancen: { logistik: 2 } }, complete: false, revision: 1 })
      .expect(200);
    await http()
      .put(`/api/respond/${completed}`)
      .send({ answers: completeAnswers2023(0), complete: true })
      .expect(200);

    await expectCellsOfTheirAnswers('cells-saves');
    const cells = (await stored('cells-saves')).map((row) => [...row.cells].sort());
    // The first of each question is flagged 1; free text has no value; the cleared answers are gone.
    expect(cells).toContainEqual(['0chancen:werbung:4', '1chancen:logistik:na', '1rolle:rolle:ki_trainer', '1zentrum:zentrum']);
    expect(cells).toContainEqual(['1chancen:logistik:2']);
  });

  it('stores an imported response’s cells as an online save’s', async () => {
    await createWave(testApp.app, staff.admin, {
      code: 'cells-import',
      open: false,
      opensAt: '2021-05-01T00:00:00Z',
      closesAt: '2021-07-01T00:00:00Z',
    });
    // The service's own raw export's columns: no mapping needed.
    const csv = [
      'response_id;status;completed_at;rolle;chancen_werbung;chancen_logistik;zentrum',
      'R_1;completed;2021-06-30T10:00:00Z;ki_trainer;4;na;Zentrum Süd',
      'R_2;partial;;ki_experte;1;;',
    ].join('\r\n');
    await http()
      .post('/api/waves/cells-import/imports')
      .auth(staff.admin, { type: 'bearer' })
      .attach('file', Buffer.from(csv, 'utf8'), 'frueher.csv')
      .expect(201);
    await expectCellsOfTheirAnswers('cells-import');
  });

  it('stores a response as it is, uncompressed, and one beyond a page (long free texts) the old way; both read back whole', async () => {
    await createWave(testApp.app, staff.admin, { code: 'cells-storage' });
    const [usual, long] = await invite(testApp.app, staff.admin, 'cells-storage', 2);
    const codebook = await testApp.app.get(DefinitionsService).codebook('ki-mittelstand', '2023');
    // Every free text at its longest, words of a small vocabulary in a varying order: the row is larger than a page.
    let seed = 7;
    const vocabulary = ['Daten', 'Modell', 'Kunde', 'Prozess', 'Anlage', 'Auftrag', 'Qualität', 'Wartung', 'Lager', 'Team'];
    const word = () => vocabulary[(seed = (seed * 48271) % 2147483647) % vocabulary.length];
    const longText = () => Array.from({ length: 2000 }, word).join(' ').slice(0, MAX_TEXT_LENGTH);
    const longAnswers = { ...completeAnswers2023(1) };
    for (const question of codebook.questions.filter((candidate) => candidate.kind === 'text')) longAnswers[question.code] = longText();
    await http()
      .put(`/api/respond/${usual}`)
      .send({ answers: completeAnswers2023(0), complete: true })
      .expect(200);
    await http().put(`/api/respond/${long}`).send({ answers: longAnswers, complete: true }).expect(200);

    const rows = await db().query<
      Array<{ answers: Record<string, unknown>; bytes: number; answersCompression: string | null; cellsCompression: string | null }>
    >(
      `SELECT r.answers, pg_column_size(r.*) AS bytes,
              pg_column_compression(r.answers) AS "answersCompression", pg_column_compression(r.cells) AS "cellsCompression"
         FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'cells-storage' ORDER BY pg_column_size(r.answers)`,
    );
    expect(rows.map((row) => row.answers)).toEqual([completeAnswers2023(0), longAnswers]);
    // The usual response (above PostgreSQL's default of ~2 KB a row) is not compressed: no pglz on every save and count.
    expect(rows[0]).toMatchObject({ answersCompression: null, cellsCompression: null });
    expect(rows[0].bytes).toBeGreaterThan(2100);
    // The one beyond a page is compressed as before.
    expect(rows[1].answersCompression).toBe('pglz');
    await expectCellsOfTheirAnswers('cells-storage');
  });

  it('never lets a response move to another wave', async () => {
    const [first] = await stored('cells-saves');
    const [other] = await stored('cells-import');
    await expect(db().query('UPDATE responses SET wave_id = $2 WHERE id = $1', [first.id, other.waveId])).rejects.toMatchObject({
      code: '23000',
    });
  });
});
