import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigService } from '@nestjs/config';
import { AppModule } from './app.module';
import { configureApp } from './configure-app';
import { startupLogger } from './common/logging';
import { EnvironmentVariables } from './config/env.validation';

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, { logger: startupLogger(), bodyParser: false, abortOnError: false });
  configureApp(app);
  const config = app.get<ConfigService<EnvironmentVariables, true>>(ConfigService);
  const port = config.get('PORT', { infer: true });
  const host = config.get('HOST', { infer: true });
  await app.listen(port, host);
  process.stdout.write(`survey-waves listening on http://${host}:${port} (API docs at /api/docs)\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`survey-waves could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
