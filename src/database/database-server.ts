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
  /**
   * 'join' (the default: the CLI, short-lived, beside the running service) or 'refuse'
   * (set by the service and the demo before they create the application: a long-running
   * process must not depend on a server that another process stops when it exits).
   */
  private static whenEmbeddedRuns: 'join' | 'refuse' = 'join';

  /** Embedded servers this process started and has not stopped yet. */
  private static readonly started = new Set<EmbeddedServer>();

  /**
   * Stops every embedded server this process started. For an entry point whose
   * application failed half-way through start-up (no application to close):
   * the server must not outlive the process.
   */
  static async stopStarted(): Promise<void> {
    for (const embedded of [...DatabaseServer.started]) {
      DatabaseServer.started.delete(embedded);
      await embedded.stop().catch(() => undefined);
    }
  }

  /** Called by long-running entry points (main.ts, demo.ts) before the application is created. */
  static requireOwnEmbeddedServer(): void {
    DatabaseServer.whenEmbeddedRuns = 'refuse';
  }

  private constructor(
    readonly url: string,
    private readonly embedded?: EmbeddedServer,
  ) {}

  static async connect(this: void, config: ConfigService<EnvironmentVariables, true>): Promise<DatabaseServer> {
    const external = config.get('DATABASE_URL', { infer: true });
    if (external) {
      return DatabaseServer.forUrl(external);
    }
    const dataDir = config.get('DATA_DIR', { infer: true });
    const port = config.get('EMBEDDED_PG_PORT', { infer: true });
    const embedded = await startEmbeddedPostgres({
      dataDir,
      port,
      whenRunning: DatabaseServer.whenEmbeddedRuns,
      log: (message) => DatabaseServer.logger.debug(message),
    });
    if (embedded.owned) DatabaseServer.started.add(embedded);
    DatabaseServer.logger.log(
      embedded.owned
        ? `Started embedded PostgreSQL on 127.0.0.1:${port} with data in ${dataDir}`
        : `Joined the embedded PostgreSQL that another process runs on 127.0.0.1:${port} for ${dataDir}`,
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
    if (this.embedded?.owned && DatabaseServer.started.delete(this.embedded)) {
      await this.embedded.stop();
      DatabaseServer.logger.log('Stopped embedded PostgreSQL');
    }
  }
}
