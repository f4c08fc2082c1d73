import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ChartsModule } from '../exports/charts/charts.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesModule } from '../waves/waves.module';
import { FiguresService } from './figures.service';
import { ProgressController } from './progress.controller';
import { ProgressService } from './progress.service';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';
import { SurveysAnalysisController } from './surveys-analysis.controller';
import { TrendsService } from './trends.service';

/** Results, trends, figures and the progress of a wave (its chart drawn by the shared ChartsModule). */
@Module({
  imports: [WavesModule, ResponseReadsModule, DefinitionsModule, InvitationsModule, ChartsModule],
  controllers: [ResultsController, SurveysAnalysisController, ProgressController],
  providers: [ResultsService, TrendsService, FiguresService, ProgressService, Clock],
  exports: [ResultsService, TrendsService, FiguresService, ProgressService],
})
export class AnalysisModule {}
