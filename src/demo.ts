/**
 * `npm run demo`: a fresh embedded database with the reconstructed waves of the
 * first survey that has a reconstruction, an open wave on its latest version
 * with five invitation links, and the server running.
 *
 * It never touches the service's data: unless DATA_DIR / EMBEDDED_PG_PORT / PORT
 * are given explicitly, it uses its own folder ./.data-demo, PostgreSQL port
 * 54339 and HTTP port 3001 (see demo-environment.ts). It deletes a folder only
 * when it created that folder itself, and loads into a DATABASE_URL only when
 * that database holds no waves.
 */
import { randomBytes } from 'node:crypto';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SYSTEM_ACTOR } from './auth/actor';
import { StaffAccountsService } from './auth/staff-accounts.service';
import { StaffAuthService } from './auth/staff-auth.service';
import { StaffRole } from './auth/staff-member.entity';
import { EnvironmentVariables } from './config/env.validation';
import { assertDatabaseHoldsNoWaves, demoEnvironment, prepareDemoDataDir } from './demo-environment';
import { InvitationsService } from './invitations/invitations.service';
import { ReconstructionService } from './reconstruction/reconstruction.service';
import { assertPortFree } from './start-up';
import { createServiceApp, startOrExit } from './start-or-exit';
import { WavesService } from './waves/waves.service';

const SURVEY = process.env.DEMO_SURVEY ?? 'ki-mittelstand';
const NEXT_WAVE = process.env.DEMO_WAVE ?? 'ki-2025';
/** The console admin of the demo (.invalid: never a real mailbox). */
const DEMO_ADMIN_EMAIL = 'admin@demo.invalid';

async function demo(env: EnvironmentVariables): Promise<void> {
  await assertPortFree({ host: env.HOST, port: env.PORT });
  if (env.DATABASE_URL) {
    await assertDatabaseHoldsNoWaves(env.DATABASE_URL);
  } else {
    await prepareDemoDataDir(env.DATA_DIR, (line) => process.stdout.write(`${line}\n`));
  }
  await createServiceApp(async (app) => {
    await app.init();
    await load(app, env);
  });
}

async function load(app: NestExpressApplication, env: EnvironmentVariables): Promise<void> {
  const waves = await app.get(ReconstructionService).load(SURVEY);
  const latest = (await app.get(ReconstructionService).spec(SURVEY)).waves.at(-1);
  await app
    .get(WavesService)
    .create(SYSTEM_ACTOR, { code: NEXT_WAVE, title: `Befragung ${NEXT_WAVE}`, surveyId: SURVEY, version: latest?.version ?? '1' });
  await app.get(WavesService).transition(SYSTEM_ACTOR, NEXT_WAVE, 'open');
  const { invitations } = await app.get(InvitationsService).create(SYSTEM_ACTOR, NEXT_WAVE, { count: 5 });
  const { token } = await app.get(StaffAuthService).create('Demo-Admin', StaffRole.Admin);
  // A fresh random password per demo run (20 characters); an account left in a DATABASE_URL by an earlier demo keeps its own.
  const consolePassword = randomBytes(15).toString('base64url');
  const consoleAccountCreated = await app.get(StaffAccountsService).ensureAdminAccount(DEMO_ADMIN_EMAIL, consolePassword);

  await app.listen(env.PORT, env.HOST);
  const base = `http://${env.HOST}:${env.PORT}`;
  const where = env.DATABASE_URL
    ? 'data: the database of DATABASE_URL'
    : `data: ${env.DATA_DIR} (embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT}); the service's data is not touched`;
  const lines = [
    '',
    `survey-waves demo on ${base}`,
    `  ${where}`,
    ...waves.map((wave) => `  ${wave.code}: ${wave.completed} completed responses (closed)`),
    `  ${NEXT_WAVE}: open, five personal links:`,
    ...invitations.map((invitation) => `    ${invitation.url}`),
    '',
    `Staff console: ${(env.PUBLIC_URL ?? base).replace(/\/+$/, '')}/admin`,
    `  e-mail:   ${DEMO_ADMIN_EMAIL}`,
    consoleAccountCreated
      ? `  password: ${consolePassword}`
      : '  password: unchanged (this account existed in the database already; npm run cli -- staff:password-link --email admin@demo.invalid)',
    '',
    `Admin token: ${token}`,
    `  curl -H "Authorization: Bearer ${token}" ${base}/api/surveys/${SURVEY}/figures/abb3`,
    env.DATABASE_URL
      ? `  npm run cli -- figures ${SURVEY}   (in a second terminal, with the same DATABASE_URL)`
      : `  DATA_DIR=${env.DATA_DIR} EMBEDDED_PG_PORT=${env.EMBEDDED_PG_PORT} npm run cli -- figures ${SURVEY}   (in a second terminal)`,
    `  API docs: ${base}/api/docs`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

// The demo's own folder and ports, resolved before anything reads the configuration
// (the application module reads process.env only when it is created).
Object.assign(process.env, demoEnvironment(process.env));
startOrExit('the survey-waves demo', demo);
