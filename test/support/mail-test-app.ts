import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { configureApp } from '../../src/configure-app';
import { DatabaseServer } from '../../src/database/database-server';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { WaveAutoCloseService } from '../../src/waves/wave-auto-close.service';

/** The real clock, moved by `offsetMs` (the worker's due times, the reminder rules and the wave's window follow it). */
export class MovableClock extends Clock {
  offsetMs = 0;
  override now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}

export interface MailTestApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  worker: OutboxWorker;
  /** Closes the application (its worker puts back what it claimed); the database stays. */
  close(): Promise<void>;
}

/**
 * The real application like createTestApp, but on a given database (a second instance on the first one's
 * database) and with an optional clock. SMTP_URL and MAIL_FROM are read from process.env now. The worker's loop
 * is stopped unless `worker: 'running'`: tests call `worker.drain()`. `leaseMs` shortens the worker's lease.
 */
export async function createMailTestApp(
  databaseUrl: string,
  options: { clock?: Clock; worker?: 'running' | 'stopped'; leaseMs?: number } = {},
): Promise<MailTestApp> {
  let builder = Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(DatabaseServer)
    .useValue(DatabaseServer.forUrl(databaseUrl));
  if (options.clock) builder = builder.overrideProvider(Clock).useValue(options.clock);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  await app.get(WaveAutoCloseService).onApplicationShutdown();
  const worker = app.get(OutboxWorker);
  if (options.leaseMs !== undefined) worker.useLease(options.leaseMs);
  if (options.worker !== 'running') await worker.stop();
  return { app, dataSource: app.get(DataSource), worker, close: () => app.close() };
}
