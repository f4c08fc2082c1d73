import { getRepositoryToken } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { StaffMember, StaffRole } from './auth/staff-member.entity';
import { EnvironmentVariables } from './config/env.validation';
import { assertPortFree, welcomeLines } from './start-up';
import { createServiceApp, startOrExit } from './start-or-exit';

async function bootstrap(env: EnvironmentVariables): Promise<void> {
  await assertPortFree({ host: env.HOST, port: env.PORT });
  const app = await createServiceApp((created) => created.listen(env.PORT, env.HOST));
  const admins = await app
    .get<Repository<StaffMember>>(getRepositoryToken(StaffMember))
    .countBy({ role: StaffRole.Admin, revokedAt: IsNull() });
  const base = `http://${env.HOST}:${env.PORT}`;
  process.stdout.write(
    `${welcomeLines(base, { tokenFromEnvironment: Boolean(env.SURVEY_ADMIN_TOKEN), admins, consoleAdminEmail: env.SURVEY_ADMIN_EMAIL }).join('\n')}\n`,
  );
}

startOrExit('survey-waves', bootstrap);
