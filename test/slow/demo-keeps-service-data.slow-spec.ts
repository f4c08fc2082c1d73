/**
 * The defect of issue 11, replayed as the user did it: the service on its default
 * data directory (./.data of a copy of the project folder), a staff token, a wave
 * with a completed and a partial response; the service stopped; `npm run demo`
 * started and stopped; the service started again: everything is still there.
 *
 * Ports: the service gets a free EMBEDDED_PG_PORT (a developer's own service may hold
 * the default 54329) but keeps the default DATA_DIR; the demo gets only a free PORT,
 * so it has to pick its own data folder and PostgreSQL port (./.data-demo, 54339).
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { completeAnswers2023 } from './support/answers';
import { freePort } from '../support/free-port';

const PROJECT = resolve(__dirname, '..', '..');

interface Running {
  child: ChildProcess;
  output: () => string;
}

describe('the demo beside the service (issue 11)', () => {
  let copy: string;
  const running: Running[] = [];

  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'survey-waves-copy-'));
    for (const entry of ['dist', 'package.json', 'survey-definitions'])
      await cp(join(PROJECT, entry), join(copy, entry), { recursive: true });
    await symlink(join(PROJECT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });

  afterAll(async () => {
    for (const { child } of running) await stop(child);
    await rm(copy, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    LOG_LEVEL: 'info',
    ...extra,
  });

  /** `node dist/src/<script>.js` with its working directory in the copy; resolves once `ready` appears in its output. */
  async function start(script: 'main' | 'demo', extra: Record<string, string>, ready: string): Promise<Running> {
    const child = spawn(process.execPath, [join('dist', 'src', `${script}.js`)], {
      cwd: copy,
      env: env(extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started: Running = { child, output: () => output };
    running.push(started);
    const deadline = Date.now() + 240_000;
    while (!output.includes(ready)) {
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${script} did not come up:\n${output.slice(-3000)}`);
      await new Promise((done) => setTimeout(done, 200));
    }
    return started;
  }

  /** SIGTERM; resolves with how it ended: 'stopped' is the service's normal answer to SIGTERM (it re-raises the signal after its shutdown, exit 143). */
  async function stop(child: ChildProcess): Promise<string> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    }
    return child.signalCode === 'SIGTERM' || child.exitCode === 143 || child.exitCode === 0
      ? 'stopped'
      : `exit ${child.exitCode} ${child.signalCode}`;
  }

  async function call(
    port: number,
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  it('keeps the wave, its responses and the staff tokens of the service', async () => {
    const port = await freePort();
    const pgPort = String(await freePort());
    const envToken = randomBytes(24).toString('base64url');

    // 1. The service on the default data directory, with SURVEY_ADMIN_TOKEN.
    const first = await start(
      'main',
      { PORT: String(port), EMBEDDED_PG_PORT: pgPort, SURVEY_ADMIN_TOKEN: envToken },
      'survey-waves listening on',
    );
    expect(first.output()).toContain(`with data in ./.data`);

    // A staff member created with the CLI while the service runs (the README's way).
    const cli = spawnSync(process.execPath, [join('dist', 'src', 'cli.js'), 'staff:create', '--name', 'Jana', '--role', 'admin'], {
      cwd: copy,
      env: env({ EMBEDDED_PG_PORT: pgPort, LOG_LEVEL: 'warn' }),
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(cli.stderr).toBe('');
    const janaToken = cli.stdout.trim().split('\n').at(-1) as string;
    expect(janaToken.length).toBeGreaterThan(20);

    // A wave with one completed and one partial response.
    expect(
      (
        await call(port, janaToken, 'POST', '/api/waves', {
          code: 'ki-2025',
          title: 'Befragung 2025',
          surveyId: 'ki-mittelstand',
          version: '2023',
        })
      ).status,
    ).toBe(201);
    expect((await call(port, janaToken, 'POST', '/api/waves/ki-2025/open')).status).toBe(200);
    const invited = await call(port, janaToken, 'POST', '/api/waves/ki-2025/invitations', { count: 2 });
    expect(invited.status).toBe(201);
    const [completeToken, partialToken] = (invited.body as { invitations: Array<{ token: string }> }).invitations.map(
      (invitation) => invitation.token,
    );
    const answers = completeAnswers2023(3);
    const [firstQuestion] = Object.keys(answers);
    expect((await call(port, '', 'PUT', `/api/respond/${completeToken}`, { answers, complete: true })).status).toBe(200);
    expect(
      (
        await call(port, '', 'PUT', `/api/respond/${partialToken}`, {
          answers: { [firstQuestion]: answers[firstQuestion] },
          complete: false,
        })
      ).status,
    ).toBe(200);
    expect((await call(port, janaToken, 'GET', '/api/waves/ki-2025')).body).toMatchObject({
      counts: { invitations: 2, started: 1, completed: 1 },
    });

    expect(await stop(first.child)).toBe('stopped');
    expect(existsSync(join(copy, '.data', 'pg', 'postmaster.pid'))).toBe(false);
    const pgVersion = join(copy, '.data', 'pg', 'PG_VERSION');
    const before = statSync(pgVersion);

    // 2. The demo with its defaults (only its HTTP port chosen, to stay off ports in use).
    const demoPort = await freePort();
    const demo = await start('demo', { PORT: String(demoPort) }, 'Admin token:');
    expect(demo.output()).toContain(`survey-waves demo on http://127.0.0.1:${demoPort}`);
    expect(demo.output()).toContain("data: ./.data-demo (embedded PostgreSQL on 127.0.0.1:54339); the service's data is not touched");
    expect((await fetch(`http://127.0.0.1:${demoPort}/api/health`)).status).toBe(200);
    expect(await stop(demo.child)).toBe('stopped');
    expect(existsSync(join(copy, '.data-demo', 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(join(copy, '.data-demo', '.survey-waves-demo'))).toBe(true);
    const after = statSync(pgVersion);
    expect({ ino: after.ino, mtimeMs: after.mtimeMs }).toEqual({ ino: before.ino, mtimeMs: before.mtimeMs });

    // 3. The service again, without SURVEY_ADMIN_TOKEN: both tokens come from the database.
    const second = await start('main', { PORT: String(port), EMBEDDED_PG_PORT: pgPort }, 'survey-waves listening on');
    for (const token of [janaToken, envToken]) {
      const wave = await call(port, token, 'GET', '/api/waves/ki-2025');
      expect(wave.status).toBe(200);
      expect(wave.body).toMatchObject({ code: 'ki-2025', counts: { invitations: 2, started: 1, completed: 1 } });
    }
    const waves = await call(port, janaToken, 'GET', '/api/waves');
    expect((waves.body as Array<{ code: string }>).map((wave) => wave.code)).toEqual(['ki-2025']);
    const respondent = await fetch(`http://127.0.0.1:${port}/api/respond/${partialToken}`).then((response) => response.json());
    expect(respondent).toMatchObject({ answers: { [firstQuestion]: answers[firstQuestion] } });
    expect(await stop(second.child)).toBe('stopped');
  });
});
