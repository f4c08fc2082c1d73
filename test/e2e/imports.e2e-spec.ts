import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { importUploadDirectory } from '../../src/imports/import-upload';
import { ImportProgress, ImportsService } from '../../src/imports/imports.service';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * POST/GET/DELETE /api/waves/:code/imports (issue 15): a file of an earlier wave is checked in a dry run, imported
 * whole or not at all, never twice, and can be taken back. What a staff member would check: the counts, the errors
 * with line and column, the results of the wave, and that nothing was stored when something was refused.
 */
describe('imports API', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const ANOTHER = { ...FULL_ANSWERS_2023, rolle: 'ki_experte', chancen: { ...(FULL_ANSWERS_2023.chancen as object), werbung: 4 } };
  let exportCsv: string;

  const upload = (
    code: string,
    file: string | Buffer,
    name: string,
    options: { mapping?: string; dryRun?: boolean; replaceConflicts?: boolean } = {},
  ) => {
    const call = http()
      .post(`/api/waves/${code}/imports`)
      .query({ ...(options.dryRun ? { dryRun: 'true' } : {}), ...(options.replaceConflicts ? { replaceConflicts: 'true' } : {}) })
      .auth(staff.admin, { type: 'bearer' })
      .attach('file', Buffer.isBuffer(file) ? file : Buffer.from(file, 'utf8'), name);
    return options.mapping === undefined ? call : call.field('mapping', options.mapping);
  };
  const responsesIn = async (code: string) =>
    Number(
      (await query<{ n: string }>('SELECT count(*) AS n FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1', [code]))[0].n,
    );
  const results = async (code: string) => {
    const { body } = await http().get(`/api/waves/${code}/results`).auth(staff.analyst, { type: 'bearer' }).expect(200);
    return { completed: body.completed, questions: body.questions };
  };
  const pastWave = (code: string) =>
    createWave(testApp.app, staff.admin, { code, open: false, opensAt: '2021-05-01T00:00:00Z', closesAt: '2021-07-01T00:00:00Z' });

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'online' });
    for (const [index, token] of (await invite(testApp.app, staff.admin, 'online', 2)).entries()) {
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: index === 0 ? FULL_ANSWERS_2023 : ANOTHER, complete: true })
        .expect(200);
    }
    exportCsv = (await http().get('/api/waves/online/responses.csv').auth(staff.admin, { type: 'bearer' }).buffer(true).expect(200)).text;
  });

  afterAll(() => testApp.close());

  it('dry-runs, commits and then recognises the service’s own raw export, with the same results as online', async () => {
    await pastWave('welle-2021');
    const dry = await upload('welle-2021', exportCsv, 'online.csv', { dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({
      dryRun: true,
      format: 'csv',
      rows: 2,
      valid: 2,
      invalid: 0,
      created: 2,
      unchanged: 0,
      conflicts: 0,
      errors: [],
      automaticMapping: true,
      fileName: 'online.csv',
    });
    expect(dry.body.unmappedColumns).toEqual([]);
    expect(dry.body.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await responsesIn('welle-2021')).toBe(0);

    const committed = await upload('welle-2021', exportCsv, 'online.csv').expect(201);
    expect(committed.body).toEqual({ importId: expect.any(String), created: 2, unchanged: 0, replaced: 0 });
    expect(await results('welle-2021')).toEqual(await results('online'));

    // the same file again creates nothing, not even an import (the attempt is in the audit trail)
    const again = await upload('welle-2021', exportCsv, 'online.csv').expect(200);
    expect(again.body).toEqual({ importId: null, created: 0, unchanged: 2, replaced: 0 });
    expect(await responsesIn('welle-2021')).toBe(2);
    const wave = await http().get('/api/waves/welle-2021').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(wave.body.counts).toEqual({ invitations: 0, started: 0, completed: 0, imported: 2 });

    const raw = await http()
      .get('/api/waves/welle-2021/responses.csv')
      .query({ format: 'plain' })
      .auth(staff.admin, { type: 'bearer' })
      .expect(200);
    expect(raw.text).toContain(`import:${committed.body.importId}`);

    const listed = await http().get('/api/waves/welle-2021/imports').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(listed.body.map((item: { created: number; responses: number }) => [item.created, item.responses])).toEqual([[2, 2]]);
    expect(listed.body[0]).toMatchObject({ fileName: 'online.csv', format: 'csv', createdBy: 'Test Admin (admin)', undoneAt: null });
    expect(await query("SELECT details FROM audit_events WHERE action = 'import.unchanged' AND wave_code = 'welle-2021'")).toEqual([
      { details: expect.objectContaining({ importId: null, unchanged: 2, created: 0, fileSha256: dry.body.fileSha256 }) },
    ]);
    const [event] = await query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_events WHERE action = 'import.committed' AND details->>'importId' = $1",
      [committed.body.importId],
    );
    expect(event.details).toMatchObject({ fileName: 'online.csv', created: 2, fileSha256: dry.body.fileSha256 });
  });

  it('dates answers without a completion time in the last second of the wave’s window, and reuses a mapping', async () => {
    await pastWave('welle-ohne-zeit');
    const auto = (await upload('welle-ohne-zeit', exportCsv, 'online.csv', { dryRun: true }).expect(200)).body.mapping;
    const { completedAt, ...rest } = auto as { completedAt: string; ignore: string[] };
    expect(completedAt).toBe('completed_at');
    const mapping = JSON.stringify({ ...rest, ignore: [...rest.ignore, 'completed_at'] });
    const committed = await upload('welle-ohne-zeit', exportCsv, 'ohne-zeit.csv', { mapping }).expect(201);
    expect(committed.body.created).toBe(2);
    const progress = await http().get('/api/waves/welle-ohne-zeit/progress').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(progress.body).toMatchObject({ completed: 2, invitations: 0, responseRate: null });
    expect(progress.body.days.at(-1)).toMatchObject({ day: '2021-07-01', completed: 2, completedTotal: 2 });
    // the window ends 2021-07-01T00:00Z = 02:00 in Berlin: its last second is on that Berlin day
    const listed = await http()
      .get(`/api/waves/welle-ohne-zeit/imports/${committed.body.importId}`)
      .auth(staff.admin, { type: 'bearer' })
      .expect(200);
    expect(listed.body.mapping).toEqual(JSON.parse(mapping));
  });

  it('refuses a file with bad rows as a whole, naming line, column and value; nothing is stored', async () => {
    await pastWave('welle-fehler');
    const lines = exportCsv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    const delimiter = lines[0].includes(';') ? ';' : ',';
    const header = lines[0].split(delimiter);
    const column = header.indexOf('chancen_werbung');
    const broken = lines[2].split(delimiter);
    broken[column] = '7';
    const file = [lines[0], lines[1], broken.join(delimiter)].join('\r\n');
    const dry = await upload('welle-fehler', file, 'kaputt.csv', { dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ rows: 2, valid: 1, invalid: 1, created: 1, errorCount: 1 });
    expect(dry.body.errors).toEqual([
      { row: 3, column: 'chancen_werbung', value: '7', code: 'VALUE_OUTSIDE_SCALE', message: expect.stringContaining('7') },
    ]);
    const refused = await upload('welle-fehler', file, 'kaputt.csv').expect(422);
    expect(refused.body).toMatchObject({ code: 'IMPORT_ROWS_INVALID', rows: 2, invalid: 1 });
    expect(refused.body.errors).toEqual(dry.body.errors);
    expect(refused.body).not.toHaveProperty('stack');
    expect(await responsesIn('welle-fehler')).toBe(0);
    expect(await query("SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-fehler'")).toEqual([]);
  });

  it('refuses a conflicting row unless asked to replace it, then replaces it (audited) and undo removes the import', async () => {
    await pastWave('welle-konflikt');
    const first = await upload('welle-konflikt', exportCsv, 'online.csv').expect(201);
    const changed = exportCsv.replace(/ki_experte/, 'ki_trainer');
    expect(changed).not.toBe(exportCsv);

    const dry = await upload('welle-konflikt', changed, 'geaendert.csv', { dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ created: 0, unchanged: 1, conflicts: 1 });
    const refused = await upload('welle-konflikt', changed, 'geaendert.csv').expect(409);
    expect(refused.body.code).toBe('IMPORT_CONFLICTS');
    expect(refused.body.errors).toEqual([expect.objectContaining({ column: 'response_id', row: expect.any(Number) })]);
    const before = await results('welle-konflikt');

    const replaced = await upload('welle-konflikt', changed, 'geaendert.csv', { replaceConflicts: true }).expect(201);
    expect(replaced.body).toMatchObject({ created: 0, unchanged: 1, replaced: 1 });
    expect(await results('welle-konflikt')).not.toEqual(before);
    expect(
      await query("SELECT 1 FROM audit_events WHERE action = 'import.conflict-replaced' AND details->>'importId' = $1", [
        replaced.body.importId,
      ]),
    ).toHaveLength(1);

    // Undo takes back exactly the second import's one response; the first import keeps its other one.
    const undone = await http()
      .delete(`/api/waves/welle-konflikt/imports/${replaced.body.importId}`)
      .auth(staff.admin, { type: 'bearer' })
      .expect(200);
    expect(undone.body).toEqual({ importId: replaced.body.importId, removed: 1 });
    expect(await responsesIn('welle-konflikt')).toBe(1);
    const listed = await http().get('/api/waves/welle-konflikt/imports').auth(staff.admin, { type: 'bearer' }).expect(200);
    expect(listed.body.find((item: { id: string }) => item.id === first.body.importId)).toMatchObject({ responses: 1, undoneAt: null });
    expect(listed.body.find((item: { id: string }) => item.id === replaced.body.importId)).toMatchObject({
      responses: 0,
      undoneBy: 'Test Admin (admin)',
    });
    await http()
      .delete(`/api/waves/welle-konflikt/imports/${replaced.body.importId}`)
      .auth(staff.admin, { type: 'bearer' })
      .expect(409)
      .expect((response) => expect(response.body.code).toBe('IMPORT_ALREADY_UNDONE'));
  });

  it('imports a file of several chunks whole, recognises every chunk again, and stores nothing when a late row breaks', async () => {
    // 2,500 rows are three chunks: each is written while the next is read, and only the first import skips the lookup.
    const lines = exportCsv
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .filter((line) => line !== '');
    const rows = Array.from({ length: 2500 }, (_, index) => lines[1 + (index % 2)].replace(/^[^;,]+/, `id-${index}`));
    const file = (body: string[]) => [lines[0], ...body].join('\r\n');

    await pastWave('welle-gross');
    const first = await upload('welle-gross', file(rows), 'gross.csv').expect(201);
    expect(first.body).toMatchObject({ created: 2500, unchanged: 0 });
    expect(await responsesIn('welle-gross')).toBe(2500);
    expect((await results('welle-gross')).completed).toBe(2500);
    const again = await upload('welle-gross', file(rows), 'gross.csv').expect(200);
    expect(again.body).toEqual({ importId: null, created: 0, unchanged: 2500, replaced: 0 });
    // One changed row in the third chunk is a conflict, found by the lookup of that chunk; nothing is written.
    const changed = [...rows];
    changed[2199] = rows[2199].replace(/ki_experte|ki_trainer|ki_scout/, (role) => (role === 'ki_experte' ? 'ki_trainer' : 'ki_experte'));
    expect(changed[2199]).not.toBe(rows[2199]);
    const conflict = await upload('welle-gross', file([...changed, lines[1].replace(/^[^;,]+/, 'id-neu')]), 'gross.csv').expect(409);
    expect(conflict.body.errors).toEqual([expect.objectContaining({ row: 2201, value: 'id-2199' })]);
    expect(await responsesIn('welle-gross')).toBe(2500);

    // Into an empty wave: two chunks are written before row 2,401 turns out to be unreadable (an unclosed quote).
    await pastWave('welle-spaet-kaputt');
    const broken = [...rows.slice(0, 2400), '"id-kaputt;welle'];
    const refused = await upload('welle-spaet-kaputt', file(broken), 'kaputt.csv').expect(422);
    expect(refused.body).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE' });
    expect(refused.body.errors).toEqual([expect.objectContaining({ code: 'FILE_UNREADABLE', row: 2402 })]);
    // …and one whose last row has a value outside the scale.
    const header = lines[0].split(/[;,]/);
    const delimiter = lines[0].includes(';') ? ';' : ',';
    const outside = rows[2499].split(delimiter);
    const column = header.indexOf('chancen_werbung');
    // Split by the delimiter alone, the cells up to this column are the file's (no quoted text among them).
    expect(outside.slice(0, column + 1).join(delimiter)).not.toContain('"');
    outside[column] = '9';
    const invalid = await upload('welle-spaet-kaputt', file([...rows.slice(0, 2499), outside.join(delimiter)]), 'kaputt.csv').expect(422);
    expect(invalid.body).toMatchObject({ code: 'IMPORT_ROWS_INVALID', rows: 2500, invalid: 1 });
    expect(invalid.body.errors).toEqual([expect.objectContaining({ row: 2501, column: 'chancen_werbung', value: '9' })]);
    expect(await responsesIn('welle-spaet-kaputt')).toBe(0);
    expect(await query("SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-spaet-kaputt'")).toEqual([]);
  });

  it('reports its progress in rows and bytes read (for the CLI’s progress bar)', async () => {
    await pastWave('welle-fortschritt');
    const lines = exportCsv.split(/\r?\n/).filter((line) => line !== '');
    const rows = Array.from({ length: 2500 }, (_, index) => lines[1 + (index % 2)].replace(/^[^;,]+/, `id-${index}`));
    const path = join(tmpdir(), `fortschritt-${process.pid}.csv`);
    writeFileSync(path, [lines[0], ...rows].join('\r\n'));
    const seen: ImportProgress[] = [];
    const report = await testApp.app
      .get(ImportsService)
      .dryRun('welle-fortschritt', { path, fileName: 'gross.csv' }, { onProgress: (progress) => seen.push(progress) });
    expect(report).toMatchObject({ rows: 2500, created: 2500, errorCount: 0 });
    expect(seen.map((progress) => progress.rows)).toEqual([1000, 2000, 2500]);
    expect(seen.at(-1)).toEqual({ rows: 2500, bytesRead: report.fileSize, totalBytes: report.fileSize });
    expect(seen[0].bytesRead).toBeGreaterThan(0);
  });

  it('keeps the version of a draft that holds imported answers (they were checked against it), until they are undone', async () => {
    await pastWave('welle-version');
    const committed = await upload('welle-version', exportCsv, 'online.csv').expect(201);
    const refused = await http()
      .patch('/api/waves/welle-version')
      .auth(staff.admin, { type: 'bearer' })
      .send({ version: '2021' })
      .expect(409);
    expect(refused.body).toMatchObject({ code: 'WAVE_PIN_IMMUTABLE', message: expect.stringContaining('imported responses') });
    expect((await http().get('/api/waves/welle-version').auth(staff.analyst, { type: 'bearer' }).expect(200)).body.version).toBe('2023');
    await http().delete(`/api/waves/welle-version/imports/${committed.body.importId}`).auth(staff.admin, { type: 'bearer' }).expect(200);
    await http().patch('/api/waves/welle-version').auth(staff.admin, { type: 'bearer' }).send({ version: '2021' }).expect(200);
  });

  it('deletes a draft with its imports and their responses', async () => {
    await pastWave('welle-weg');
    await upload('welle-weg', exportCsv, 'online.csv').expect(201);
    const [{ id }] = await query<{ id: string }>("SELECT id FROM waves WHERE code = 'welle-weg'");
    expect(await responsesIn('welle-weg')).toBe(2);
    await http().delete('/api/waves/welle-weg').auth(staff.admin, { type: 'bearer' }).expect(204);
    expect(await query('SELECT count(*)::int AS n FROM responses WHERE wave_id = $1', [id])).toEqual([{ n: 0 }]);
    expect(await query('SELECT count(*)::int AS n FROM imports WHERE wave_id = $1', [id])).toEqual([{ n: 0 }]);
  });

  it('refuses what it cannot import with a clear 4xx and stores nothing', async () => {
    await pastWave('welle-nein');
    // an open wave
    await upload('online', exportCsv, 'online.csv')
      .expect(409)
      .expect((response) => expect(response.body.code).toBe('IMPORT_WAVE_OPEN'));
    // a foreign file without a mapping
    await upload('welle-nein', 'id;frage1\n1;ja\n', 'fremd.csv')
      .expect(422)
      .expect((response) => expect(response.body.code).toBe('IMPORT_MAPPING_REQUIRED'));
    // a mapping that is not JSON, and one naming a question the questionnaire lacks
    await upload('welle-nein', 'id;frage1\n1;ja\n', 'fremd.csv', { mapping: '{nein' })
      .expect(422)
      .expect((response) => expect(response.body.code).toBe('IMPORT_MAPPING_INVALID'));
    await upload('welle-nein', 'id;frage1\n1;ja\n', 'fremd.csv', {
      mapping: JSON.stringify({ externalId: 'id', columns: { frage1: 'gibtsnicht' } }),
    })
      .expect(422)
      .expect((response) => expect(response.body.errors).toEqual([expect.objectContaining({ path: 'columns.frage1' })]));
    // the mapping as a file part (curl -F mapping=@m.json) is read like the text field; both at once are refused
    const wrongTarget = Buffer.from(JSON.stringify({ externalId: 'id', columns: { frage1: 'gibtsnicht' } }));
    await upload('welle-nein', 'id;frage1\n1;ja\n', 'fremd.csv')
      .attach('mapping', wrongTarget, 'm.json')
      .expect(422)
      .expect((response) => expect(response.body.errors).toEqual([expect.objectContaining({ path: 'columns.frage1' })]));
    await upload('welle-nein', 'id;frage1\n1;ja\n', 'fremd.csv', { mapping: '{}' })
      .attach('mapping', wrongTarget, 'm.json')
      .expect(422)
      .expect((response) =>
        expect(response.body).toMatchObject({ code: 'IMPORT_MAPPING_INVALID', errors: [{ path: 'mapping', message: 'given twice' }] }),
      );
    // no file, an empty file, binary junk
    await http()
      .post('/api/waves/welle-nein/imports')
      .auth(staff.admin, { type: 'bearer' })
      .field('mapping', '')
      .expect(422)
      .expect((response) => expect(response.body.code).toBe('IMPORT_FILE_MISSING'));
    await upload('welle-nein', '', 'leer.csv')
      .expect(422)
      .expect((response) =>
        expect(response.body).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', errors: [expect.objectContaining({ row: 1 })] }),
      );
    // a header without rows: the dry run says 0 rows, a commit has nothing to import
    const headerOnly = exportCsv.split(/\r?\n/)[0];
    await upload('welle-nein', headerOnly, 'kopf.csv', { dryRun: true })
      .expect(200)
      .expect((response) => expect(response.body).toMatchObject({ rows: 0, created: 0 }));
    await upload('welle-nein', headerOnly, 'kopf.csv')
      .expect(422)
      .expect((response) =>
        expect(response.body).toMatchObject({ code: 'IMPORT_FILE_UNREADABLE', errors: [expect.objectContaining({ row: 2 })] }),
      );
    await upload('welle-nein', Buffer.from([0, 1, 2, 3, 255, 254, 0, 0, 7, 8]), 'junk.bin')
      .expect(422)
      .expect((response) => expect(response.body.code).toBe('IMPORT_FILE_UNREADABLE'));
    // a field the form does not have, a bad query: refused before the handler runs, the uploaded file removed all the same
    await upload('welle-nein', exportCsv, 'online.csv', { mapping: '' })
      .field('foo', 'bar')
      .expect(422)
      .expect((response) => expect(response.body.errors).toEqual([expect.objectContaining({ path: 'foo' })]));
    await http()
      .post('/api/waves/welle-nein/imports?dryRun=vielleicht')
      .auth(staff.admin, { type: 'bearer' })
      .attach('file', Buffer.from(exportCsv), 'a.csv')
      .expect(422);
    // JSON instead of a file
    await http().post('/api/waves/welle-nein/imports').auth(staff.admin, { type: 'bearer' }).send({ file: 'x' }).expect(415);
    // an analyst, and nobody
    await http()
      .post('/api/waves/welle-nein/imports')
      .auth(staff.analyst, { type: 'bearer' })
      .attach('file', Buffer.from(exportCsv), 'a.csv')
      .expect(403);
    await http().post('/api/waves/welle-nein/imports').attach('file', Buffer.from(exportCsv), 'a.csv').expect(401);
    await http().get('/api/waves/welle-nein/imports').auth(staff.analyst, { type: 'bearer' }).expect(403);
    await http()
      .delete('/api/waves/welle-nein/imports/00000000-0000-4000-8000-000000000000')
      .auth(staff.admin, { type: 'bearer' })
      .expect(404);
    await http().delete('/api/waves/welle-nein/imports/kein-uuid').auth(staff.admin, { type: 'bearer' }).expect(404);
    await upload('gibt-es-nicht', exportCsv, 'online.csv').expect(404);
    expect(await responsesIn('welle-nein')).toBe(0);
    expect(await query("SELECT i.id FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'welle-nein'")).toEqual([]);
    // every upload of this test file has been removed (the folder may hold the console's own subfolder)
    await new Promise((resolve) => setImmediate(resolve));
    const uploads = importUploadDirectory(process.env.DATA_DIR as string);
    const files = existsSync(uploads) ? readdirSync(uploads, { withFileTypes: true }).filter((entry) => entry.isFile()) : [];
    expect(files.map((entry) => entry.name)).toEqual([]);
  });
});
