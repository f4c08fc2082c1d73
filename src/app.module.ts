import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import { EnvironmentVariables, validateEnvironment } from './config/env.validation';
import { AnalysisModule } from './analysis/analysis.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { DatabaseModule } from './database/database.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { ExportsModule } from './exports/exports.module';
import { HealthModule } from './health/health.module';
import { WebModule } from './web/web.module';
import { InvitationsModule } from './invitations/invitations.module';
import { ReconstructionModule } from './reconstruction/reconstruction.module';
import { ResponsesModule } from './responses/responses.module';
import { WavesModule } from './waves/waves.module';
import { WavesApiModule } from './waves/waves-api.module';
import { loggerParams } from './common/logging';

@Module({
  imports: [
    // Validated when the application is created, not when this file is imported, and never written
    // back to process.env: the defaults (DATA_DIR=./.data, ports) must not leak into the environment
    // of an entry point that resolves its own (the demo wiped ./.data that way).
    ConfigModule.forRoot({ isGlobal: true, cache: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...validateEnvironment(process.env) })] }),
    LoggerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) =>
        loggerParams(config.get('LOG_LEVEL', { infer: true }), Boolean(process.stdout.isTTY)),
    }),
    DatabaseModule,
    HealthModule,
    AuthModule,
    AuditModule,
    DefinitionsModule,
    WavesModule,
    WavesApiModule,
    InvitationsModule,
    ResponsesModule,
    ReconstructionModule,
    WebModule,
    // before AnalysisModule: its route figures/:figureId would otherwise answer figures/abb3.svg
    ExportsModule,
    AnalysisModule,
  ],
})
export class AppModule {}
