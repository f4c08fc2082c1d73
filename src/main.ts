import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AppModule } from './app.module';
import { StaffMember, StaffRole } from './auth/staff-member.entity';
import { configureApp } from './configure-app';
import { startupLogger } from './common/logging';
import { EnvironmentVariables } from './config/env.validation';
import { DatabaseServer } from './database/database-server';
import { assertPortFree, welcomeLines } from './start-up';
import { startOrExit } from './start-or-exit';

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

startOrExit('survey-waves', bootstrap);
