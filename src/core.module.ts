import { Module } from '@nestjs/common';
import { AnalysisModule } from './analysis/analysis.module';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DataProtectionModule } from './data-protection/data-protection.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { InvitationsModule } from './invitations/invitations.module';
import { MailModule } from './mail/mail.module';
import { ReconstructionModule } from './reconstruction/reconstruction.module';
import { ResponsesModule } from './responses/responses.module';
import { WavesModule } from './waves/waves.module';
import { WavesApiModule } from './waves/waves-api.module';

/**
 * The service without its web server: configuration, the database (started,
 * connected and migrated when the module is created) and every feature
 * module. The HTTP application (AppModule) and the CLI's database commands
 * both build on it. It does not load the definition files into the database:
 * whoever needs them there calls DefinitionsService.syncDefinitionFiles()
 * once (AppModule when it boots, the CLI before the commands that read them).
 *
 * The order of the imports does not matter, routes included
 * (test/e2e/module-order.e2e-spec.ts shuffles it). It sets the order in which
 * Express tries the routes, though: the respondent's routes come first, since
 * a save is by far the most frequent request (entry 24 of the router's 188
 * instead of 60, behind the middleware and the API docs; the router's own
 * code was ~4 % of the service's samples under 64 saving connections).
 */
@Module({
  imports: [
    AppConfigModule,
    DatabaseModule,
    ResponsesModule,
    AuthModule,
    AuditModule,
    DefinitionsModule,
    WavesModule,
    WavesApiModule,
    InvitationsModule,
    MailModule,
    ImportsModule,
    DataProtectionModule,
    ReconstructionModule,
    AnalysisModule,
    ExportsModule,
  ],
})
export class CoreModule {}
