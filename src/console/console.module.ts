import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ExportsModule } from '../exports/exports.module';
import { WavesApiModule } from '../waves/waves-api.module';
import { WavesModule } from '../waves/waves.module';
import { WebModule } from '../web/web.module';
import { ConsoleExceptionFilter } from './console-exception.filter';
import { ConsoleViews } from './console-views.service';
import { ConsoleGuard } from './console.guard';
import { DefinitionPagesController } from './definitions.controller';
import { OverviewController } from './overview.controller';
import { ResultsController } from './results.controller';
import { SignInController } from './sign-in.controller';
import { TrendsController } from './trends.controller';

/**
 * The staff console at /admin: German server-rendered pages over the same services the REST
 * controllers use (no business logic of its own), signed in with a session cookie, CSRF-checked.
 */
@Module({
  imports: [WebModule, WavesApiModule, WavesModule, DefinitionsModule, AnalysisModule, ExportsModule],
  controllers: [SignInController, OverviewController, ResultsController, TrendsController, DefinitionPagesController],
  providers: [ConsoleViews, ConsoleGuard, ConsoleExceptionFilter],
})
export class ConsoleModule {}
