import { join } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { GuardedClient } from './guarded-client';

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
    extra: { max: 20, application_name: 'survey-waves', Client: GuardedClient },
  };
}
