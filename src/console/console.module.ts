import { Module } from '@nestjs/common';
import { WavesApiModule } from '../waves/waves-api.module';
import { WebModule } from '../web/web.module';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';
import { ConsoleGuard } from './console.guard';
import { AccessController } from './access.controller';
import { OverviewController } from './overview.controller';
import { PasswordLinkController } from './password-link.controller';
import { SignInController } from './sign-in.controller';
import { TeamController } from './team.controller';

/**
 * The staff console at /admin: German server-rendered pages over the same services the REST
 * controllers use (no business logic of its own), signed in with a session cookie, CSRF-checked.
 */
@Module({
  imports: [WebModule, WavesApiModule],
  controllers: [SignInController, OverviewController, TeamController, AccessController, PasswordLinkController],
  providers: [ConsoleViews, ConsoleGuard, ConsoleExceptionFilter],
})
export class ConsoleModule {}
