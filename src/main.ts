import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppModule } from './app.module';
import { StaffMember, StaffRole } from './auth/staff-member.entity';
import { configureApp } from './configure-app';
import { startupLogger } from './common/logging';
import { EnvironmentVariables, validateEnvironment } from './config/env.validation';
import { DatabaseServer } from './database/database-server';
import { assertPortFree, ListenTarget, startUpFailureMessage, welcomeLines } from './start-up';

async function bootstrap(env: EnvironmentVariables): Promise<void> {
  await assertPortFree({ host: env.HOST, port: env.PORT });
  DatabaseServer.requireOwnEmbeddedServer();
  // The pino logger from the first line, so every start-up line carries its own time (no buffering);
  // abortOnError false: a failure reaches the catch below (one line on stderr) instead of Nest's exit.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: startupLogger(),
    abortOnError: false,
    bodyParser: false,
  });
  try {
    configureApp(app);
    await app.listen(env.PORT, env.HOST);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  const admins = await app.get<Repository<StaffMember>>(getRepositoryToken(StaffMember)).countBy({ role: StaffRole.Admin });
  const base = `http://${env.HOST}:${env.PORT}`;
  process.stdout.write(`${welcomeLines(base, { tokenFromEnvironment: Boolean(env.SURVEY_ADMIN_TOKEN), admins }).join('\n')}\n`);
}

let listen: ListenTarget | undefined;
// Read raw: an invalid configuration (LOG_LEVEL among it) must still be reported.
const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
try {
  const env = validateEnvironment(process.env);
  listen = { host: env.HOST, port: env.PORT };
  bootstrap(env).catch(fail);
} catch (error) {
  fail(error);
}

function fail(error: unknown): void {
  if (debug) Logger.flush();
  process.stderr.write(startUpFailureMessage(error, listen, debug));
  void DatabaseServer.stopStarted().finally(() => process.exit(1));
}
