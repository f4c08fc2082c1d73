import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './env.validation';

/**
 * The validated configuration, global. Shared by the HTTP application, the
 * CLI's database commands and its file-only commands.
 */
@Module({
  imports: [
    // Validated when the application is created, not when this file is imported, and never written
    // back to process.env: the defaults (DATA_DIR=./.data, ports) must not leak into the environment
    // of an entry point that resolves its own (the demo wiped ./.data that way).
    ConfigModule.forRoot({
      isGlobal: true,
      cache: true,
      ignoreEnvFile: true,
      skipProcessEnv: true,
      load: [() => ({ ...validateEnvironment(process.env) })],
    }),
  ],
})
export class AppConfigModule {}
