import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesModule } from '../waves/waves.module';
import { ChartRenderer } from './charts/chart-renderer';
import { CodebookExportsController } from './codebook-exports.controller';
import { DataExportsService } from './raw/data-exports.service';
import { ReportExportsService } from './report-exports.service';
import { SurveyExportsController } from './survey-exports.controller';
import { WaveExportsController } from './wave-exports.controller';

/**
 * Downloads: aggregated results, trends and figures (CSV, XLSX, SVG), raw data
 * and codebooks. Import it before AnalysisModule in AppModule: Express matches
 * routes in registration order, and the analysis route `figures/:figureId`
 * would otherwise take `figures/abb3.svg`.
 */
@Module({
  imports: [WavesModule, ResponseReadsModule, AnalysisModule, DefinitionsModule],
  controllers: [WaveExportsController, SurveyExportsController, CodebookExportsController],
  providers: [ReportExportsService, DataExportsService, ChartRenderer],
  exports: [ReportExportsService, DataExportsService],
})
export class ExportsModule {}
