import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { EMBEDDED_DURABLE_TUNING, quoteIdentifier } from '../../src/database/embedded-postgres';
import { assertDatabaseHoldsNoWaves } from '../../src/demo-environment';
import { createStaff, createWave } from '../support/factories';
import { createTestApp } from '../support/test-app';
import { databaseUrl, TEST_ADMIN_URL_ENV } from '../support/test-database';
import { freePort } from '../support/free-port';

const DIST = resolve(__dirname, '..', '..', 'dist', 'src');
const MIGRATIONS = readdirSync(resolve(__dirname, '..', '..', 'migrations')).filter((file) => file.endsWith('.ts'));
const STACK_LINE = /^\s+at /m;

/** The environment of a child: nothing of this process's but PATH and HOME. */
const childEnv = (env: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? tmpdir(),
  LOG_LEVEL: 'info',
  ...env,
});

function run(script: 'main' | 'demo' | 'cli', env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, [join(DIST, `${script}.js`), ...args], { env: childEnv(env), encoding: 'utf8', timeout: 90_000 });
}

async function withAdmin<T>(work: (client: Client) => Promise<T>, database?: string): Promise<T> {
  const adminUrl = process.env[TEST_ADMIN_URL_ENV] as string;
  const client = new Client({ connectionString: database ? databaseUrl(adminUrl, database) : adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('several instances started at once on one empty database', () => {
  const name = `startup_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.filter((child) => child.exitCode === null).map((child) => new Promise((done) => child.once('exit', done))));
    await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
  });

  it('all become healthy, each migration ran once and nothing logged an error', async () => {
    await withAdmin((client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
    const url = databaseUrl(process.env[TEST_ADMIN_URL_ENV] as string, name);
    const ports = [await freePort(), await freePort(), await freePort()];
    const outputs = ports.map(() => ({ text: '' }));
    ports.forEach((port, index) => {
      const child = spawn(process.execPath, [join(DIST, 'main.js')], {
        env: childEnv({ DATABASE_URL: url, PORT: String(port) }),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', (chunk: Buffer) => (outputs[index].text += chunk.toString()));
      child.stderr?.on('data', (chunk: Buffer) => (outputs[index].text += chunk.toString()));
      children.push(child);
    });

    const healthy = async (port: number) => {
      for (let attempt = 0; attempt < 600; attempt += 1) {
        const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
          (response) => response.status === 200,
          () => false,
        );
        if (ok) return true;
        if (children.some((child) => child.exitCode !== null)) return false;
        await new Promise((done) => setTimeout(done, 100));
      }
      return false;
    };
    const states = await Promise.all(ports.map(healthy));
    expect({ states, outputs: states.every(Boolean) ? [] : outputs.map((output) => output.text.slice(-1500)) }).toEqual({
      states: [true, true, true],
      outputs: [],
    });

    const migrations = await withAdmin((client) => client.query<{ name: string }>('SELECT name FROM typeorm_migrations ORDER BY id'), name);
    expect(migrations.rows).toHaveLength(MIGRATIONS.length);
    expect(new Set(migrations.rows.map((row) => row.name)).size).toBe(MIGRATIONS.length);
    const definitions = await withAdmin((client) => client.query<{ n: string }>('SELECT count(*) AS n FROM definition_versions'), name);
    expect(Number(definitions.rows[0].n)).toBeGreaterThan(0);

    for (const { text } of outputs) {
      const errors = text
        .split('\n')
        .filter((line) => /"level":(50|60)/.test(line) || /Unable to connect|Retrying|could not start/.test(line));
      expect(errors).toEqual([]);
      expect(text).toContain('survey-waves listening on');
    }
  });
});

describe('start-up failures: one line, exit code 1, no stack trace', () => {
  let database: string;
  let url: string;
  beforeAll(async () => {
    database = `startup_fail_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${quoteIdentifier(database)}`));
    url = databaseUrl(process.env[TEST_ADMIN_URL_ENV] as string, database);
  });
  afterAll(() => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`)));

  it('port in use: names the port and PORT', async () => {
    const blocker: Server = createServer();
    const port = await freePort();
    await new Promise<void>((done) => blocker.listen(port, '127.0.0.1', done));
    try {
      const result = run('main', { DATABASE_URL: url, PORT: String(port) });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `survey-waves could not start: port ${port} on 127.0.0.1 is already in use (another survey-waves or another program listens there); set PORT to a free port\n`,
      );
      expect(result.stdout).not.toMatch(STACK_LINE);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  it('invalid variable: one line naming it', () => {
    const result = run('main', { DATABASE_URL: url, PORT: 'not-a-port' });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^survey-waves could not start: Invalid environment configuration: PORT="not-a-port": /);
  });

  it('the stack trace only with LOG_LEVEL=debug', () => {
    const quiet = run('main', { DATABASE_URL: url, PORT: 'not-a-port' });
    const verbose = run('main', { DATABASE_URL: url, PORT: 'not-a-port', LOG_LEVEL: 'debug' });
    expect(quiet.stderr).not.toMatch(STACK_LINE);
    expect(verbose.status).toBe(1);
    expect(verbose.stderr).toMatch(STACK_LINE);
  });
});

describe('an embedded PostgreSQL that another instance runs for the data directory', () => {
  let dataDir: string;
  let pgPort: number;
  let owner: ChildProcess;
  let output = '';
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'survey-waves-shared-'));
    pgPort = await freePort();
    const port = await freePort();
    owner = spawn(process.execPath, [join(DIST, 'main.js')], {
      env: childEnv({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    owner.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    owner.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    for (let attempt = 0; attempt < 900 && !output.includes('survey-waves listening on'); attempt += 1) {
      if (owner.exitCode !== null) throw new Error(`the first instance exited:\n${output}`);
      await new Promise((done) => setTimeout(done, 100));
    }
  });
  afterAll(async () => {
    if (owner.exitCode === null) {
      const exited = new Promise((done) => owner.once('exit', done));
      owner.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a second service refuses to depend on it and says which process runs it', async () => {
    const result = run('main', { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()) });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(
      `survey-waves could not start: Another survey-waves instance (pid ${owner.pid}) runs the embedded PostgreSQL for DATA_DIR ${dataDir} on port ${pgPort}; ` +
        'stop it first, give this instance its own DATA_DIR and EMBEDDED_PG_PORT, or let several instances share one server through DATABASE_URL\n',
    );
    // The log on stdout does not repeat the failure with its stack (Nest's ExceptionHandler); only LOG_LEVEL=debug does.
    expect(result.stdout).not.toContain('ExceptionHandler');
    expect(result.stdout).not.toMatch(/\\n\s+at /);
    const debug = run('main', { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), PORT: String(await freePort()), LOG_LEVEL: 'debug' });
    expect(debug.status).toBe(1);
    expect(debug.stdout).toContain('ExceptionHandler');
    expect(debug.stderr).toMatch(STACK_LINE);
  });

  it('a second service on another port finds the data directory locked and says how to find the instance', async () => {
    const result = run('main', { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^survey-waves could not start: DATA_DIR ${dataDir} is locked by the PostgreSQL server \\(pid \\d+, port ${pgPort}\\) of another survey-waves instance \\(pid ${owner.pid}\\); ` +
          `stop that instance \\(find it with: ps -o pid,args -p ${owner.pid}\\)`,
      ),
    );
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('the CLI, short-lived, joins it, and the first instance keeps running', async () => {
    const result = run('cli', { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' }, ['db:url']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const url = result.stdout.trim();
    expect(url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${pgPort}/survey_waves$`));
    const client = new Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM definition_versions');
    await client.end();
    expect(Number(rows[0].n)).toBeGreaterThan(0);
    expect(owner.exitCode).toBeNull();
  });

  it('its server keeps every acknowledged commit and runs with the WAL settings of EMBEDDED_DURABLE_TUNING', async () => {
    const result = run('cli', { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'warn' }, ['db:url']);
    expect(result.status).toBe(0);
    const client = new Client({ connectionString: result.stdout.trim() });
    await client.connect();
    try {
      const names = ['fsync', 'synchronous_commit', 'full_page_writes', ...Object.keys(EMBEDDED_DURABLE_TUNING)];
      const { rows } = await client.query<{ name: string; value: string }>(
        'SELECT name, current_setting(name) AS value FROM unnest($1::text[]) AS name',
        [names],
      );
      expect(Object.fromEntries(rows.map((row) => [row.name, row.value]))).toEqual({
        fsync: 'on',
        synchronous_commit: 'on',
        full_page_writes: 'on',
        ...EMBEDDED_DURABLE_TUNING,
      });
    } finally {
      await client.end();
    }
  });
});

describe('the demo never touches data it did not create', () => {
  it('refuses a DATABASE_URL whose database holds waves, and changes nothing there', async () => {
    const testApp = await createTestApp();
    try {
      const staff = await createStaff(testApp.app);
      await createWave(testApp.app, staff.admin, { code: 'ki-2025' });
      const count = async () =>
        (
          await testApp.dataSource.query<Array<{ waves: string; staff: string }>>(
            `SELECT (SELECT count(*) FROM waves) AS waves, (SELECT count(*) FROM staff_members) AS staff`,
          )
        )[0];
      const before = await count();

      const result = run('demo', { DATABASE_URL: testApp.database.url, PORT: String(await freePort()) });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        'the survey-waves demo could not start: the database of DATABASE_URL holds 1 wave; the demo loads its generated waves only into a database without waves. ' +
          "Unset DATABASE_URL to use the demo's own embedded database in ./.data-demo, or point it at an empty database\n",
      );
      expect(await count()).toEqual(before);
    } finally {
      await testApp.close();
    }
  });

  it('accepts a new database without tables, and one whose waves table is empty', async () => {
    const name = `demo_empty_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
    await withAdmin((client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)}`));
    try {
      const url = databaseUrl(process.env[TEST_ADMIN_URL_ENV] as string, name);
      await expect(assertDatabaseHoldsNoWaves(url)).resolves.toBeUndefined();
      await withAdmin((client) => client.query('CREATE TABLE waves (id int)'), name);
      await expect(assertDatabaseHoldsNoWaves(url)).resolves.toBeUndefined();
      await withAdmin((client) => client.query('INSERT INTO waves VALUES (1)'), name);
      await expect(assertDatabaseHoldsNoWaves(url)).rejects.toThrow(/holds 1 wave;/);
    } finally {
      await withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));
    }
  });

  it('refuses an existing DATA_DIR without its marker and leaves every file in place', async () => {
    const root = await mkdtemp(join(tmpdir(), 'survey-waves-demo-refuse-'));
    try {
      const dataDir = join(root, '.data');
      await mkdir(join(dataDir, 'pg'), { recursive: true });
      await writeFile(join(dataDir, 'pg', 'PG_VERSION'), '18\n');
      await writeFile(join(dataDir, 'credentials.json'), '{"password":"kept"}');
      const result = run('demo', { DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(
          `^the survey-waves demo could not start: DATA_DIR ${dataDir} exists and was not created by the demo \\(no \\.survey-waves-demo file in it\\); the demo never deletes a folder it did not create\\.`,
        ),
      );
      expect(readFileSync(join(dataDir, 'pg', 'PG_VERSION'), 'utf8')).toBe('18\n');
      expect(readFileSync(join(dataDir, 'credentials.json'), 'utf8')).toBe('{"password":"kept"}');
      expect(existsSync(join(dataDir, '.survey-waves-demo'))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
