import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { quoteIdentifier, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { typeOrmOptions } from '../src/database/typeorm-options';
import { databaseUrl, TEST_ADMIN_URL_ENV, TEST_TEMPLATE_ENV } from './support/test-database';
import { freePort } from './support/free-port';

const TEMPLATE = 'survey_waves_test_template';

/**
 * One PostgreSQL for the whole run: the server of DATABASE_URL when set, else an
 * embedded server in a temporary directory. Migrations run once into a template
 * database; every test file clones it (see test/support/test-database.ts).
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = await mkdtemp(join(tmpdir(), 'survey-waves-test-'));
    const server = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres', throwaway: true });
    adminUrl = server.url;
    (globalThis as { __surveyWavesStop?: () => Promise<void> }).__surveyWavesStop = () => server.stop();
  }
  process.env[TEST_ADMIN_URL_ENV] = adminUrl;
  process.env[TEST_TEMPLATE_ENV] = TEMPLATE;

  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(TEMPLATE)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${quoteIdentifier(TEMPLATE)}`);
  } finally {
    await admin.end();
  }
  const dataSource = new DataSource(typeOrmOptions(databaseUrl(adminUrl, TEMPLATE)));
  await dataSource.initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
}
