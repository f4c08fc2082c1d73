/**
 * `npm run demo`: a fresh embedded database with the reconstructed waves of the
 * first survey that has a reconstruction, an open wave on its latest version
 * with five invitation links, and the server running.
 */
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { rm } from 'node:fs/promises';
import { AppModule } from './app.module';
import { SYSTEM_ACTOR } from './auth/actor';
import { StaffAuthService } from './auth/staff-auth.service';
import { StaffRole } from './auth/staff-member.entity';
import { EnvironmentVariables } from './config/env.validation';
import { configureApp } from './configure-app';
import { InvitationsService } from './invitations/invitations.service';
import { ReconstructionService } from './reconstruction/reconstruction.service';
import { WavesService } from './waves/waves.service';

const SURVEY = process.env.DEMO_SURVEY ?? 'ki-mittelstand';
const NEXT_WAVE = process.env.DEMO_WAVE ?? 'ki-2025';

async function demo(): Promise<void> {
  process.env.DATA_DIR ??= './.data-demo';
  process.env.EMBEDDED_PG_PORT ??= '54339';
  if (!process.env.DATABASE_URL) await rm(process.env.DATA_DIR, { recursive: true, force: true });

  const app = await NestFactory.create<NestExpressApplication>(AppModule, { bufferLogs: true, bodyParser: false });
  configureApp(app);
  await app.init();
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const waves = await app.get(ReconstructionService).load(SURVEY);
  const latest = (await app.get(ReconstructionService).spec(SURVEY)).waves.at(-1);
  await app.get(WavesService).create(SYSTEM_ACTOR, { code: NEXT_WAVE, title: `Befragung ${NEXT_WAVE}`, surveyId: SURVEY, version: latest?.version ?? '1' });
  await app.get(WavesService).transition(SYSTEM_ACTOR, NEXT_WAVE, 'open');
  const { invitations } = await app.get(InvitationsService).create(SYSTEM_ACTOR, NEXT_WAVE, { count: 5 });
  const { token } = await app.get(StaffAuthService).create('Demo-Admin', StaffRole.Admin);

  const port = config.get('PORT', { infer: true });
  const host = config.get('HOST', { infer: true });
  await app.listen(port, host);
  const base = `http://${host}:${port}`;
  const lines = [
    '',
    `survey-waves demo on ${base}`,
    ...waves.map((wave) => `  ${wave.code}: ${wave.completed} completed responses (closed)`),
    `  ${NEXT_WAVE}: open, five personal links:`,
    ...invitations.map((invitation) => `    ${invitation.url}`),
    '',
    `Admin token: ${token}`,
    `  curl -H "Authorization: Bearer ${token}" ${base}/api/surveys/${SURVEY}/figures/abb3`,
    `  npm run cli -- figures ${SURVEY}   (in a second terminal, with DATA_DIR=${process.env.DATA_DIR} EMBEDDED_PG_PORT=${process.env.EMBEDDED_PG_PORT})`,
    `  API docs: ${base}/api/docs`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

demo().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
