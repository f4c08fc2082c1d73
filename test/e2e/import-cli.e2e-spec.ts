import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { FULL_ANSWERS_2023 } from '../browser/questionnaire';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `cli import <wave> <file> [--mapping m.json] [--dry-run] [--replace-conflicts]` (issue 15): the built CLI
 * (npm run build), spawned as a user runs it, against the test's own database.
 */
describe('cli import', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let dir: string;
  let exportFile: string;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const responsesIn = async (code: string) =>
    (await query<{ n: number }>('SELECT count(*)::int AS n FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1', [code]))[0]
      .n;
  const importsOf = async (code: string) =>
    (await query<{ n: number }>('SELECT count(*)::int AS n FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = $1', [code]))[0]
      .n;
  const pastWave = (code: string) =>
    createWave(testApp.app, staff.admin, { code, open: false, opensAt: '2021-05-01T00:00:00Z', closesAt: '2021-07-01T00:00:00Z' });

  const cli = (...args: string[]): Promise<Run> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'import', ...args], {
        env: { PATH: process.env.PATH ?? '', DATABASE_URL: testApp.database.url, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' },
        cwd: dir,
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.once('error', reject);
      child.once('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stdout, stderr });
      });
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'import-cli-'));
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await createWave(testApp.app, staff.admin, { code: 'online' });
    const another = { ...FULL_ANSWERS_2023, rolle: 'ki_experte' };
    for (const [index, token] of (await invite(testApp.app, staff.admin, 'online', 2)).entries()) {
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: index === 0 ? FULL_ANSWERS_2023 : another, complete: true })
        .expect(200);
    }
    const csv = (await http().get('/api/waves/online/responses.csv').auth(staff.admin, { type: 'bearer' }).buffer(true).expect(200)).text;
    exportFile = join(dir, 'online.csv');
    writeFileSync(exportFile, csv);
  });

  afterAll(async () => {
    await testApp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('dry run prints the report, stores nothing, exit 0; no progress bar when stderr is not a terminal', async () => {
    await pastWave('cli-trocken');
    const run = await cli('cli-trocken', exportFile, '--dry-run');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Dry run: online.csv (CSV, ');
    expect(run.stdout).toContain("Mapping: automatic (the service's own raw export)");
    expect(run.stdout).toContain('Rows: 2 (valid 2, invalid 0)');
    expect(run.stdout).toContain('Would create 2, unchanged 0, conflicts 0');
    expect(run.stdout).toContain('Unmapped columns: none');
    expect(run.stdout).toContain('An import of this file would store 2 responses.');
    expect(await responsesIn('cli-trocken')).toBe(0);
    expect(await importsOf('cli-trocken')).toBe(0);
  });

  it('commits as the system, with the results of the online wave; the same file again changes nothing', async () => {
    await pastWave('cli-2021');
    const first = await cli('cli-2021', exportFile);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(
      /^Imported online\.csv into wave cli-2021: 2 created, 0 unchanged, 0 replaced\.\nImport id: [0-9a-f-]{36} /,
    );
    expect(await responsesIn('cli-2021')).toBe(2);
    const results = async (code: string) =>
      (await http().get(`/api/waves/${code}/results`).auth(staff.analyst, { type: 'bearer' }).expect(200)).body.questions;
    expect(await results('cli-2021')).toEqual(await results('online'));
    const [event] = await query<{ actor: string; actor_id: string | null; details: { fileName: string; created: number } }>(
      "SELECT actor, actor_id, details FROM audit_events WHERE action = 'import.committed' AND wave_code = 'cli-2021'",
    );
    expect(event).toMatchObject({ actor: 'system', actor_id: null, details: { fileName: 'online.csv', created: 2 } });

    const again = await cli('cli-2021', exportFile);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('Nothing new in online.csv for wave cli-2021: all 2 responses are there already; no import was kept.');
    expect(await responsesIn('cli-2021')).toBe(2);
  });

  it('refuses a file with a bad row: exit 1, the error with line and column, nothing stored; the dry run says so too', async () => {
    await pastWave('cli-fehler');
    const lines = readFileSync(exportFile, 'utf8').split(/\r?\n/);
    const delimiter = lines[0].includes(';') ? ';' : ',';
    const column = lines[0]
      .replace(/^\uFEFF/, '')
      .split(delimiter)
      .indexOf('chancen_werbung');
    const broken = lines[2].split(delimiter);
    broken[column] = '9';
    const bad = join(dir, 'kaputt.csv');
    writeFileSync(bad, [lines[0], lines[1], broken.join(delimiter)].join('\r\n'));

    const refused = await cli('cli-fehler', bad);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/^Refused, nothing was stored: 1 of 2 rows have errors/);
    expect(refused.stderr).toContain('  Line 3, column "chancen_werbung": ');
    expect(await responsesIn('cli-fehler')).toBe(0);
    expect(await importsOf('cli-fehler')).toBe(0);

    const dry = await cli('cli-fehler', bad, '--dry-run');
    expect(dry.status).toBe(1);
    expect(dry.stdout).toContain('Errors: 1\n  Line 3, column "chancen_werbung": ');
    expect(dry.stdout).toContain('An import of this file would be refused.');
  });

  it('a mapping file for a foreign CSV', async () => {
    await pastWave('cli-fremd');
    const file = join(dir, 'fremd.csv');
    writeFileSync(file, 'id;Rolle;Werbung\nA-1;KI-Trainer:in;trifft voll zu\nA-2;ki_experte;2\n');
    const mapping = join(dir, 'fremd.mapping.json');
    writeFileSync(
      mapping,
      JSON.stringify({
        externalId: 'id',
        columns: { Rolle: 'rolle', Werbung: 'chancen.werbung' },
        values: { chancen: { 'trifft voll zu': 4 } },
      }),
    );
    const dry = await cli('cli-fremd', file, '--mapping', mapping, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('Mapping: as given');
    expect(dry.stdout).toContain('Would create 2, unchanged 0, conflicts 0');
    const run = await cli('cli-fremd', file, '--mapping', mapping);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2 created');
    const stored = await query<{ external_id: string; answers: Record<string, unknown> }>(
      "SELECT r.external_id, r.answers FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = 'cli-fremd' ORDER BY 1",
    );
    expect(stored).toEqual([
      { external_id: 'A-1', answers: { rolle: 'ki_trainer', chancen: { werbung: 4 } } },
      { external_id: 'A-2', answers: { rolle: 'ki_experte', chancen: { werbung: 2 } } },
    ]);
  });

  it.each([
    [['cli-2021', 'gibt-es-nicht.csv'], /^File not found: gibt-es-nicht\.csv$/m],
    [['cli-2021', 'online.csv', '--mapping', 'fehlt.json'], /^Mapping file not found: fehlt\.json$/m],
    [['gibt-es-nicht', 'online.csv'], /gibt-es-nicht/],
    [['online', 'online.csv'], /^Refused, nothing was stored: Wave online is open/m],
  ])('%j: a clear message, exit code ≠ 0, nothing stored', async (args, message) => {
    const before = await responsesIn('cli-2021');
    const run = await cli(...args);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await responsesIn('cli-2021')).toBe(before);
  });
});
