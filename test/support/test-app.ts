import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { DatabaseServer } from '../../src/database/database-server';
import { OutboxWorker } from '../../src/mail/outbox-worker';
import { WaveAutoCloseService } from '../../src/waves/wave-auto-close.service';
import { ContactRetentionService } from '../../src/data-protection/contact-retention.service';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestExpressApplication;
  dataSource: DataSource;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real application on a fresh database of its own, set up exactly as main.ts does (but without the timer of the automatic close). */
export async function createTestApp(metadata: Pick<ModuleMetadata, 'controllers' | 'providers'> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const moduleRef = await Test.createTestingModule({ imports: [AppModule], ...metadata })
    .overrideProvider(DatabaseServer)
    .useValue(DatabaseServer.forUrl(database.url))
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  // Tests set up waves whose window has just ended to see what respondents get; the service's own
  // 30-second sweep would close them at a random moment in between. A test that wants the
  // automatic close calls WaveAutoCloseService.sweep() itself (test/e2e/console-services).
  await app.get(WaveAutoCloseService).onApplicationShutdown();
  // The same for the contact retention's sweep: a test that wants it calls ContactRetentionService.sweep().
  await app.get(ContactRetentionService).onApplicationShutdown();
  // Likewise the outbox worker's loop: a queued mail stays queued until the test calls OutboxWorker.drain()
  // (test/e2e/mail-delivery) or start() (test/e2e/mail-instances), so no test races the 2-second poll.
  await app.get(OutboxWorker).stop();
  return {
    app,
    dataSource: app.get(DataSource),
    database,
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
