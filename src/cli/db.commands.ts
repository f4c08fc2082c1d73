import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { DatabaseServer } from '../database/database-server';

@Command({ name: 'migrate', description: 'Apply pending database migrations (the service also does this at start-up)' })
export class MigrateCommand extends CommandRunner {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run(): Promise<void> {
    const applied = await this.dataSource.runMigrations({ transaction: 'each' });
    const pending = await this.dataSource.showMigrations();
    process.stdout.write(applied.length === 0 ? 'Database schema is up to date.\n' : applied.map((m) => `applied ${m.name}\n`).join(''));
    if (pending) throw new Error('Migrations are still pending');
  }
}

@Command({ name: 'db:url', description: 'Print the connection string of the running database' })
export class DatabaseUrlCommand extends CommandRunner {
  constructor(private readonly server: DatabaseServer) {
    super();
  }

  async run(): Promise<void> {
    process.stdout.write(`${this.server.url}\n`);
  }
}
