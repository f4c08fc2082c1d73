import { DataProtectionModule } from '../data-protection/data-protection.module';
import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { Clock } from '../common/clock';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ExportsModule } from '../exports/exports.module';
import { ImportsModule } from '../imports/imports.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { MailModule } from '../mail/mail.module';
import { WavesApiModule } from '../waves/waves-api.module';
import { WavesModule } from '../waves/waves.module';
import { WebModule } from '../web/web.module';
import { AccessController } from './access.controller';
import { AuditPageController } from './audit-page.controller';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleSessionCookies } from './console-session-cookies';
import { ConsoleViews } from './console-views.service';
import { ConsoleGuard } from './console.guard';
import { ImportPagesController } from './imports.controller';
import { ConsoleImportUploads } from './import-uploads';
import { DefinitionPagesController } from './definitions.controller';
import { InvitationsPagesController } from './invitations.controller';
import { MailTemplatesPagesController } from './mail-templates.controller';
import { MailOutboxPagesController } from './mail-outbox.controller';
import { MailPagesController } from './mail.controller';
import { OverviewController } from './overview.controller';
import { PasswordLinkController } from './password-link.controller';
import { PersonSearchPagesController } from './person-search.controller';
import { ProgressPageController } from './progress-page.controller';
import { ResultsController } from './results.controller';
import { SignInController } from './sign-in.controller';
import { TeamController } from './team.controller';
import { TrendsController } from './trends.controller';
import { WavesPagesController } from './waves.controller';

/**
 * The staff console at /admin: German server-rendered pages over the same services the REST
 * controllers use (no business logic of its own), signed in with a session cookie, CSRF-checked.
 */
@Module({
  imports: [
    WebModule,
    WavesApiModule,
    WavesModule,
    InvitationsModule,
    DefinitionsModule,
    AnalysisModule,
    ExportsModule,
    MailModule,
    ImportsModule,
    DataProtectionModule,
  ],
  controllers: [
    SignInController,
    OverviewController,
    WavesPagesController,
    InvitationsPagesController,
    ResultsController,
    TrendsController,
    DefinitionPagesController,
    TeamController,
    AccessController,
    PasswordLinkController,
    ProgressPageController,
    AuditPageController,
    MailTemplatesPagesController,
    MailPagesController,
    MailOutboxPagesController,
    ImportPagesController,
    PersonSearchPagesController,
  ],
  providers: [ConsoleViews, ConsoleGuard, ConsoleExceptionFilter, ConsoleSessionCookies, Clock, ConsoleImportUploads],
})
export class ConsoleModule {}
