import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesModule } from '../waves/waves.module';
import { ChartsModule } from './charts/charts.module';
import { CodebookExportsController } from './codebook-exports.controller';
import { DataExportsService } from './raw/data-exports.service';
import { ReportExportsService } from './report-exports.service';
import { SurveyExportsController } from './survey-exports.controller';
import { SURVEY_FIGURE_CONTROLLERS } from './survey-figures.controller';
import { WaveExportsController } from './wave-exports.controller';

/**
 * Downloads: aggregated results, trends and figures (CSV, XLSX, SVG), raw data
 * and codebooks; also the JSON route of one figure, beside its file route
 * (see survey-figures.controller.ts).
 */
@Module({
  imports: [WavesModule, ResponseReadsModule, AnalysisModule, DefinitionsModule, ChartsModule],
  controllers: [WaveExportsController, SurveyExportsController, ...SURVEY_FIGURE_CONTROLLERS, CodebookExportsController],
  providers: [ReportExportsService, DataExportsService],
  exports: [ReportExportsService, DataExportsService],
})
export class ExportsModule {}
