import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { GuardedClient } from './guarded-client';

/** Connections of the service's pg pool (the bench's floors open pools of the same size). */
export const POOL_SIZE = 20;

/** The one place that says how TypeORM talks to PostgreSQL: entities, migrations, never synchronize. */
export function typeOrmOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: [join(__dirname, '..', '**', '*.entity.{ts,js}')],
    migrations: [join(__dirname, '..', '..', 'migrations', '*.{ts,js}')],
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    // GuardedClient: a connection the server ends must never end the process (see there).
    extra: { max: POOL_SIZE, application_name: 'survey-waves', Client: GuardedClient },
  };
}
