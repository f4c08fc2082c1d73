import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../support/free-port';

const MAIN = resolve(__dirname, '../../../dist/src/main.js');

/** The built service (`node dist/src/main.js`) as a child process on its own embedded data directory. */
export interface ServiceProcess {
  readonly baseUrl: string;
  readonly adminToken: string;
  readonly dataDir: string;
  readonly pgPort: number;
  /** Connection string of the service's database on the embedded PostgreSQL. */
  databaseUrl(): string;
  /** Everything the service wrote to stdout and stderr, over all its starts. */
  output(): string;
  pid(): number;
  /** The pid of the embedded PostgreSQL postmaster (first line of postmaster.pid). */
  postmasterPid(): number;
  start(): Promise<number>;
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Stops the service and the embedded PostgreSQL, and removes the data directory. */
  dispose(): Promise<void>;
}

export interface ServiceOptions {
  env?: Record<string, string>;
  /** An existing data directory to start on (kept on dispose). */
  dataDir?: string;
  /** Flags for node itself, before the script: those NODE_OPTIONS refuses, such as `--cpu-prof`. */
  nodeArgs?: readonly string[];
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function createServiceProcess(options: ServiceOptions = {}): Promise<ServiceProcess> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'survey-waves-slow-')));
  const ownsDataDir = options.dataDir === undefined;
  const port = await freePort();
  const pgPort = await freePort();
  const adminToken = randomBytes(24).toString('base64url');
  const baseUrl = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let output = '';

  const env = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SURVEY_ADMIN_TOKEN: adminToken,
    LOG_LEVEL: 'info',
    RESPONDENT_RATE_LIMIT: '1000000',
    RESPONDENT_ADDRESS_RATE_LIMIT: '1000000',
    ...options.env,
  };

  const postmasterPid = () => Number(readFileSync(join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

  const healthy = async () => {
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      return response.status === 200;
    } catch {
      return false;
    }
  };

  const service: ServiceProcess = {
    baseUrl,
    adminToken,
    dataDir,
    pgPort,
    databaseUrl: () => databaseUrlOf(dataDir, pgPort),
    output: () => output,
    pid: () => child?.pid ?? 0,
    postmasterPid,
    /** Starts the service and resolves with the milliseconds until /api/health answered 200. */
    async start() {
      const started = performance.now();
      const current = spawn(process.execPath, [...(options.nodeArgs ?? []), MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      child = current;
      current.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      current.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const deadline = started + 120_000;
      while (performance.now() < deadline) {
        if (current.exitCode !== null) throw new Error(`the service exited with ${current.exitCode}:\n${output.slice(-2000)}`);
        if (await healthy()) return performance.now() - started;
        await sleep(100);
      }
      throw new Error(`the service did not become healthy within 120 s:\n${output.slice(-2000)}`);
    },
    async kill(signal) {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      let timer: NodeJS.Timeout | undefined;
      const exited = new Promise<void>((done) => current.once('exit', () => done()));
      const waited = new Promise<void>((done) => (timer = setTimeout(done, 30_000)));
      current.kill(signal);
      await Promise.race([exited, waited]);
      clearTimeout(timer);
    },
    async dispose() {
      await service.kill('SIGTERM');
      // A postmaster that outlived a killed service: stop it too (fast shutdown).
      try {
        const pid = postmasterPid();
        process.kill(pid, 'SIGINT');
        for (let attempt = 0; attempt < 100 && isAlive(pid); attempt += 1) await sleep(100);
      } catch {
        // No postmaster.pid: the server stopped cleanly with the service.
      }
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  return service;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A JSON request to the service with an optional staff token. */
export async function call(
  service: ServiceProcess,
  method: string,
  path: string,
  body?: unknown,
  staff = true,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${service.baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(staff ? { authorization: `Bearer ${service.adminToken}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Creates and opens a 2023 wave and returns `count` invitation tokens. */
export async function openWaveWithInvitations(service: ServiceProcess, code: string, count: number): Promise<string[]> {
  const created = await call(service, 'POST', '/api/waves', { code, title: `Welle ${code}`, surveyId: 'ki-mittelstand', version: '2023' });
  if (created.status !== 201) throw new Error(`creating wave ${code}: ${created.status} ${JSON.stringify(created.body)}`);
  const opened = await call(service, 'POST', `/api/waves/${code}/open`);
  if (opened.status !== 200) throw new Error(`opening wave ${code}: ${opened.status} ${JSON.stringify(opened.body)}`);
  const tokens: string[] = [];
  while (tokens.length < count) {
    const batch = await call(service, 'POST', `/api/waves/${code}/invitations`, { count: Math.min(1000, count - tokens.length) });
    if (batch.status !== 201) throw new Error(`inviting to ${code}: ${batch.status} ${JSON.stringify(batch.body)}`);
    tokens.push(...(batch.body as { invitations: Array<{ token: string }> }).invitations.map((invitation) => invitation.token));
  }
  return tokens;
}

/** The database URL of the service's embedded PostgreSQL (credentials from the data directory). */
function databaseUrlOf(dataDir: string, pgPort: number): string {
  const { password } = JSON.parse(readFileSync(join(dataDir, 'credentials.json'), 'utf8')) as { password: string };
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/survey_waves`;
}
