import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EnvironmentVariables } from '../config/env.validation';
import { startEmbeddedPostgres } from './embedded-postgres';
import type { EmbeddedServer } from './embedded-postgres';

/**
 * The PostgreSQL server the application talks to: the one named by
 * DATABASE_URL, or the embedded one in DATA_DIR, started on first use and
 * stopped with the application when this process started it.
 */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private static readonly logger = new Logger(DatabaseServer.name);

  private constructor(
    readonly url: string,
    private readonly embedded?: EmbeddedServer,
  ) {}

  static async connect(config: ConfigService<EnvironmentVariables, true>): Promise<DatabaseServer> {
    const external = config.get('DATABASE_URL', { infer: true });
    if (external) {
      return DatabaseServer.forUrl(external);
    }
    const dataDir = config.get('DATA_DIR', { infer: true });
    const port = config.get('EMBEDDED_PG_PORT', { infer: true });
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port,
      log: (message) => DatabaseServer.logger.debug(message),
    });
    DatabaseServer.logger.log(
      embedded.owned
        ? `Started embedded PostgreSQL on 127.0.0.1:${port} with data in ${dataDir}`
        : `Reusing the embedded PostgreSQL already running on 127.0.0.1:${port} for ${dataDir}`,
    );
    return new DatabaseServer(embedded.url, embedded);
  }

  /** A server reached through a connection string that this process does not own. */
  static forUrl(url: string): DatabaseServer {
    return new DatabaseServer(url);
  }

  get isEmbedded(): boolean {
    return this.embedded !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.embedded?.owned) {
      await this.embedded.stop();
      DatabaseServer.logger.log('Stopped embedded PostgreSQL');
    }
  }
}
