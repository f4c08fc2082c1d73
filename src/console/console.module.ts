import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { WavesApiModule } from '../waves/waves-api.module';
import { WebModule } from '../web/web.module';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';
import { ConsoleGuard } from './console.guard';
import { InvitationsPagesController } from './invitations.controller';
import { OverviewController } from './overview.controller';
import { SignInController } from './sign-in.controller';
import { WavesPagesController } from './waves.controller';

/**
 * The staff console at /admin: German server-rendered pages over the same services the REST
 * controllers use (no business logic of its own), signed in with a session cookie, CSRF-checked.
 */
@Module({
  imports: [WebModule, WavesApiModule, InvitationsModule, DefinitionsModule],
  controllers: [SignInController, OverviewController, WavesPagesController, InvitationsPagesController],
  providers: [ConsoleViews, ConsoleGuard, ConsoleExceptionFilter, Clock],
})
export class ConsoleModule {}
