/**
 * Data source for the TypeORM CLI (migration:generate, migration:run, migration:revert).
 * Uses DATABASE_URL, or joins/starts the embedded server in DATA_DIR.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { validateEnvironment } from '../config/env.validation';
import { startEmbeddedPostgres } from './embedded-postgres';
import { typeOrmOptions } from './typeorm-options';

async function createDataSource(): Promise<DataSource> {
  const env = validateEnvironment(process.env);
  const url = env.DATABASE_URL ?? (await startEmbeddedPostgres({ dataDir: env.DATA_DIR, port: env.EMBEDDED_PG_PORT })).url;
  return new DataSource(typeOrmOptions(url));
}

export default createDataSource();
