import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';

const MAIN = join(__dirname, '..', '..', 'dist', 'src', 'main.js');

/** The built service (npm run build) on a test database, its stdout read line by line as an operator would. */
describe('logs of the running service', () => {
  let database: TestDatabase;
  let folder: string;
  let service: ChildProcessWithoutNullStreams;
  let output = '';
  let base: string;
  const lines = () =>
    output
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map(
        (line) =>
          JSON.parse(line) as {
            time: number;
            msg: string;
            context?: string;
            req?: Record<string, unknown>;
            res?: Record<string, unknown>;
            responseTime?: number;
          },
      );

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = await mkdtemp(join(tmpdir(), 'survey-waves-logs-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    service = spawn(process.execPath, [MAIN], {
      cwd: folder,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        DATA_DIR: join(folder, 'data'),
        DEFINITIONS_DIR: join(__dirname, '..', '..', 'survey-definitions'),
      },
    });
    service.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    service.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const started = Date.now();
    while (!output.includes('listening on') && Date.now() - started < 60_000) {
      if (service.exitCode !== null) throw new Error(`The service stopped:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!output.includes('listening on')) throw new Error(`The service did not start:\n${output}`);
  }, 90_000);

  afterAll(async () => {
    if (service !== undefined && service.exitCode === null) {
      const stopped = new Promise((resolve) => service.once('exit', resolve));
      service.kill('SIGTERM');
      await stopped;
    }
    await database?.drop();
    await rm(folder, { recursive: true, force: true });
  });

  it('writes each start-up line with the time it happened, in the JSON of every later line', () => {
    const startup = lines();
    expect(startup.length).toBeGreaterThan(10);
    const times = startup.map((line) => line.time);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Buffered lines all carried the one time the logger was attached; real times spread over the start-up.
    expect(new Set(times).size).toBeGreaterThan(3);
    expect(times[times.length - 1] - times[0]).toBeGreaterThan(20);
    // Everything but the JSON lines is the plain banner printed once the service listens (its first line and the indented hints).
    expect(
      output.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{') && !/^(survey-waves listening on | {2})/.test(line)),
    ).toEqual([]);
  });

  it('logs a request as one short line: method, path without the token, status, duration, request id; no headers', async () => {
    const before = lines().length;
    await request(base).get('/api/waves').set('x-request-id', 'log-e2e-1').expect(401);
    await request(base).get('/api/respond/abcdefghijklmnopqrstuvwxyz012345').set('x-request-id', 'log-e2e-2').expect(404);
    await request(base)
      .put('/api/respond/abcdefghijklmnopqrstuvwxyz012345')
      .set('x-request-id', 'log-e2e-3')
      .send({ answers: {}, complete: false })
      .expect(404);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = lines()
      .slice(before)
      .filter((line) => line.context === 'HTTP' && line.res !== undefined);
    expect(logged.map((line) => line.msg.replace(/ \d+ ms$/, ''))).toEqual([
      'GET /api/waves 401',
      'GET /api/respond/[token] 404',
      'PUT /api/respond/[token] 404',
    ]);
    expect(logged.map((line) => line.req?.id)).toEqual(['log-e2e-1', 'log-e2e-2', 'log-e2e-3']);
    for (const line of logged) {
      expect(line.responseTime).toEqual(expect.any(Number));
      expect(Object.keys(line.res ?? {})).toEqual(['statusCode']);
      expect(line.req).not.toHaveProperty('headers');
      expect(JSON.stringify(line).length).toBeLessThan(500);
    }
    expect(output).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(output).not.toMatch(/content-security-policy/i);
  });

  it('logs a request refused before the router too: malformed JSON, the wrong content type, a body too large', async () => {
    const before = lines().length;
    const path = '/api/respond/abcdefghijklmnopqrstuvwxyz012345';
    await request(base).put(path).set('x-request-id', 'log-e2e-4').set('Content-Type', 'application/json').send('{"answers":').expect(400);
    await request(base).put(path).set('x-request-id', 'log-e2e-5').set('Content-Type', 'text/plain').send('answers').expect(415);
    await request(base)
      .put(path)
      .set('x-request-id', 'log-e2e-6')
      .send({ answers: { zentrum: 'x'.repeat(1_100_000) }, complete: false })
      .expect(413);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const logged = lines()
      .slice(before)
      .filter((line) => line.context === 'HTTP' && line.res !== undefined);
    expect(logged.map((line) => [line.req?.id, line.msg.replace(/ \d+ ms$/, '')])).toEqual([
      ['log-e2e-4', 'PUT /api/respond/[token] 400'],
      ['log-e2e-5', 'PUT /api/respond/[token] 415'],
      ['log-e2e-6', 'PUT /api/respond/[token] 413'],
    ]);
    expect(output).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
  });
});
