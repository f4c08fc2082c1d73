import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { freePort } from '../support/free-port';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli.js');

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: env.DATA_DIR ? join(env.DATA_DIR, '..') : undefined,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** The built CLI (npm run build), spawned as a user runs it. */
describe('CLI', () => {
  let folder: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'survey-waves-cli-'));
    // Its own data directory and a free port: should a command ever start a database here, it is never ./.data or 54329.
    env = {
      DATA_DIR: join(folder, 'data'),
      EMBEDDED_PG_PORT: String(await freePort()),
      DEFINITIONS_DIR: join(__dirname, '..', '..', 'survey-definitions'),
    };
  });

  afterAll(() => rm(folder, { recursive: true, force: true }));

  it.each([[['--help']], [['-h']], [['help']]])(
    '%j prints the help once, on stdout, with exit code 0, and needs no database',
    async (args) => {
      const run = await cli(args, env);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: cli \[options\] \[command\]/);
      expect(run.stdout.match(/Usage:/g)).toHaveLength(1);
      for (const command of ['migrate', 'staff:create', 'definitions:sync', 'export']) expect(run.stdout).toContain(command);
      expect(run.stderr).toBe('');
      expect(`${run.stdout}${run.stderr}`).not.toContain('(outputHelp)');
      expect(existsSync(env.DATA_DIR)).toBe(false);
    },
  );

  it("prints a command's own help", async () => {
    const run = await cli(['staff:create', '--help'], env);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/Usage: cli staff:create \[options\][\s\S]*--name/);
    expect(run.stderr).toBe('');
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('names an unknown command once, with exit code 1, and needs no database', async () => {
    const run = await cli(['nonsense'], env);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim()).toBe("error: unknown command 'nonsense'");
    expect(existsSync(env.DATA_DIR)).toBe(false);
  });

  it('suggests the command a typo was meant to be', async () => {
    const run = await cli(['migrat'], env);
    expect(run.status).toBe(1);
    expect(run.stderr.match(/unknown command 'migrat'/g)).toHaveLength(1);
    expect(run.stderr).toContain('Did you mean migrate?');
  });

  it("reports an embedded server's port taken by another program in one line, without a stack trace", async () => {
    // A program on the port that accepts connections and never answers as PostgreSQL would.
    const squatter = createServer((socket) => socket.on('error', () => undefined));
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    const own = await mkdtemp(join(tmpdir(), 'survey-waves-cli-port-'));
    try {
      const run = await cli(['staff:create', '--name', 'Erika', '--role', 'admin'], {
        ...env,
        DATA_DIR: join(own, 'data'),
        EMBEDDED_PG_PORT: String(port),
      });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`EMBEDDED_PG_PORT ${port} is taken by another program`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    } finally {
      squatter.close();
      await rm(own, { recursive: true, force: true });
    }
  });

  describe('definitions:validate of a file: no database at all', () => {
    const file = join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', '2023.json');

    it('succeeds with DATABASE_URL pointing to a closed port (nothing connects)', async () => {
      const closed = await freePort();
      const run = await cli(['definitions:validate', file], {
        ...env,
        DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${closed}/survey_waves`,
      });
      expect(run).toEqual({ status: 0, stdout: `OK ${file}\n`, stderr: '' });
    });

    it('succeeds without DATABASE_URL and starts no embedded PostgreSQL: the data directory is never created', async () => {
      const run = await cli(['definitions:validate', file], env);
      expect(run).toEqual({ status: 0, stdout: `OK ${file}\n`, stderr: '' });
      expect(existsSync(env.DATA_DIR)).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
    });

    it('reports an invalid file with exit code 1, still without a database', async () => {
      const invalid = join(__dirname, '..', 'fixtures', 'definitions', 'invalid-scale-and-codes.json');
      const run = await cli(['definitions:validate', invalid], env);
      expect(run.status).toBe(1);
      expect(run.stdout).toContain(`${invalid}: `);
      expect(existsSync(env.DATA_DIR)).toBe(false);
    });
  });

  describe('with a database', () => {
    let database: TestDatabase;

    beforeAll(async () => {
      database = await createTestDatabase();
    });

    afterAll(() => database.drop());

    it('still runs a real command', async () => {
      const run = await cli(['migrate'], { ...env, DATABASE_URL: database.url });
      expect(run).toMatchObject({ status: 0, stdout: 'Database schema is up to date.\n' });
    });

    it('staff:create without --email prints a bearer token, as before', async () => {
      const run = await cli(['staff:create', '--name', 'Skript', '--role', 'analyst'], { ...env, DATABASE_URL: database.url });
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Created analyst "Skript"\. Token \(shown only now\):\n[A-Za-z0-9_-]{43}\n$/);
    });

    it('staff:create --email prints a one-time link to set the password (72 h); staff:password-link a new one', async () => {
      const created = await cli(['staff:create', '--name', 'Anna Admin', '--email', 'Anna@Example.org', '--role', 'admin'], {
        ...env,
        DATABASE_URL: database.url,
        PUBLIC_URL: 'https://umfrage.example.org/',
      });
      expect(created.status).toBe(0);
      expect(created.stdout).toMatch(
        /^Created admin "Anna Admin" <Anna@Example\.org>\. Link to set the password \(valid once, until \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr \(Europe\/Berlin\)\):\nhttps:\/\/umfrage\.example\.org\/admin\/passwort\/[A-Za-z0-9_-]{43}\n$/,
      );
      const again = await cli(['staff:create', '--name', 'Anna Zwei', '--email', 'anna@example.org', '--role', 'analyst'], {
        ...env,
        DATABASE_URL: database.url,
      });
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('A staff account with the e-mail anna@example.org exists already');

      const reset = await cli(['staff:password-link', '--email', 'ANNA@example.org'], { ...env, DATABASE_URL: database.url });
      expect(reset.status).toBe(0);
      expect(reset.stdout).toMatch(
        /^Link to set the password of ANNA@example\.org \(valid once, until .+\):\nhttp:\/\/127\.0\.0\.1:3000\/admin\/passwort\/[A-Za-z0-9_-]{43}\n$/,
      );
      const unknown = await cli(['staff:password-link', '--email', 'niemand@example.org'], { ...env, DATABASE_URL: database.url });
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toContain('No staff account has the e-mail niemand@example.org');
    });

    it('names a missing required option once, with exit code 1', async () => {
      const run = await cli(['staff:create', '--role', 'admin'], { ...env, DATABASE_URL: database.url });
      expect(run.status).toBe(1);
      expect(run.stderr.match(/required option '-n, --name <name>' not specified/g)).toHaveLength(1);
      expect(run.stdout).toBe('');
    });
  });
});
