import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { quoteIdentifier } from '../../src/database/embedded-postgres';

/** Set by the global setup: the server every test file gets a database on, and the migrated template. */
export const TEST_ADMIN_URL_ENV = 'SURVEY_WAVES_TEST_ADMIN_URL';
export const TEST_TEMPLATE_ENV = 'SURVEY_WAVES_TEST_TEMPLATE';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const adminUrl = process.env[TEST_ADMIN_URL_ENV];
  if (!adminUrl) throw new Error(`${TEST_ADMIN_URL_ENV} is not set: run the e2e tests through jest (npm test)`);
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database for one test file, cloned from the migrated template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEST_TEMPLATE_ENV];
  if (!template) throw new Error(`${TEST_TEMPLATE_ENV} is not set: run the e2e tests through jest (npm test)`);
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${quoteIdentifier(name)} TEMPLATE ${quoteIdentifier(template)}`));
  return {
    url: databaseUrl(process.env[TEST_ADMIN_URL_ENV] as string, name),
    drop: () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`)).then(() => undefined),
  };
}
