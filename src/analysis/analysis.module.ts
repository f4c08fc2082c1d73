import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ChartRenderer } from '../exports/charts/chart-renderer';
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

/**
 * Results, trends, figures and the progress of a wave. The progress chart uses
 * its own ChartRenderer (one more worker thread, started on first use):
 * ExportsModule, which has the other one, imports this module.
 */
@Module({
  imports: [WavesModule, ResponseReadsModule, DefinitionsModule, InvitationsModule],
  controllers: [ResultsController, SurveysAnalysisController, ProgressController],
  providers: [ResultsService, TrendsService, FiguresService, ProgressService, ChartRenderer, Clock],
  exports: [ResultsService, TrendsService, FiguresService, ProgressService],
})
export class AnalysisModule {}
