import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { WavesModule } from '../waves/waves.module';
import { AnswerCountsRepository } from './answer-counts.repository';
import { FiguresService } from './figures.service';
import { ResultsController } from './results.controller';
import { ResultsService } from './results.service';
import { SurveysAnalysisController } from './surveys-analysis.controller';
import { TrendsService } from './trends.service';

@Module({
  imports: [WavesModule, DefinitionsModule],
  controllers: [ResultsController, SurveysAnalysisController],
  providers: [AnswerCountsRepository, ResultsService, TrendsService, FiguresService],
  exports: [ResultsService, TrendsService, FiguresService],
})
export class AnalysisModule {}
