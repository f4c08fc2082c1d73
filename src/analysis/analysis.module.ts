import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesModule } from '../waves/waves.module';
import { FiguresService } from './figures.service';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';
import { SurveysAnalysisController } from './surveys-analysis.controller';
import { TrendsService } from './trends.service';

@Module({
  imports: [WavesModule, ResponseReadsModule, DefinitionsModule],
  controllers: [ResultsController, SurveysAnalysisController],
  providers: [ResultsService, TrendsService, FiguresService],
  exports: [ResultsService, TrendsService, FiguresService],
})
export class AnalysisModule {}
