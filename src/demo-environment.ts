import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { livePostmaster, liveOwner, stopPostmaster } from './database/embedded-postgres';

/** The demo's own folder and ports: never the service's (./.data, 54329, 3000). */
export const DEMO_DEFAULTS = { DATA_DIR: './.data-demo', EMBEDDED_PG_PORT: '54339', PORT: '3001' } as const;

/** Written by the demo into the folder it creates; the demo deletes a folder only when it carries this file. */
export const DEMO_MARKER = '.survey-waves-demo';

/** The demo refuses to run; the message says why and what to do. */
export class DemoRefusal extends Error {}

/**
 * The environment of the demo: the variables given explicitly (non-empty) are
 * kept, DATA_DIR, EMBEDDED_PG_PORT and PORT otherwise get the demo's own.
 * Resolved before any configuration is read.
 */
export function demoEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved: NodeJS.ProcessEnv = { ...env };
  for (const [name, value] of Object.entries(DEMO_DEFAULTS)) {
    if (!resolved[name]) resolved[name] = value;
  }
  return resolved;
}

/**
 * Makes `dataDir` a fresh, empty demo folder. It deletes the folder only when
 * the demo created it (DEMO_MARKER inside) and no live process serves it;
 * any other existing folder is refused and left untouched.
 */
export async function prepareDemoDataDir(dataDir: string, log: (line: string) => void = () => undefined): Promise<void> {
  const path = resolve(dataDir);
  if (existsSync(path)) {
    if (!existsSync(join(path, DEMO_MARKER))) {
      throw new DemoRefusal(
        `DATA_DIR ${dataDir} exists and was not created by the demo (no ${DEMO_MARKER} file in it); the demo never deletes a folder it did not create. ` +
          `Unset DATA_DIR to use the demo's own ${DEMO_DEFAULTS.DATA_DIR}, or choose a folder that does not exist yet`,
      );
    }
    const lock = await livePostmaster(join(path, 'pg'));
    if (lock) {
      const owner = await liveOwner(path);
      if (owner !== undefined) {
        throw new DemoRefusal(`another demo (pid ${owner}) runs on ${dataDir}; stop it first (Ctrl+C in its terminal, or kill ${owner})`);
      }
      log(`Stopping the PostgreSQL (pid ${lock.pid}) of an earlier demo that ended without stopping it`);
      await stopPostmaster(lock.pid);
    }
    await rm(path, { recursive: true, force: true });
  }
  await mkdir(path, { recursive: true });
  await writeFile(
    join(path, DEMO_MARKER),
    'Created by `npm run demo` (survey-waves). The next demo run deletes and re-creates this folder; the service never uses it.\n',
  );
}

/** Refuses a DATABASE_URL whose database already holds waves: the demo loads only into an empty database. */
export async function assertDatabaseHoldsNoWaves(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    // A new database has no tables yet: the count runs only once the table exists (a query naming a missing table fails when parsed).
    const { rows: tables } = await client.query<{ waves: string | null }>(`SELECT to_regclass('public.waves')::text AS waves`);
    const waves =
      tables[0]?.waves == null ? 0 : Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM public.waves')).rows[0].n);
    if (waves > 0) {
      throw new DemoRefusal(
        `the database of DATABASE_URL holds ${waves} wave${waves === 1 ? '' : 's'}; the demo loads its generated waves only into a database without waves. ` +
          `Unset DATABASE_URL to use the demo's own embedded database in ${DEMO_DEFAULTS.DATA_DIR}, or point it at an empty database`,
      );
    }
  } finally {
    await client.end();
  }
}
