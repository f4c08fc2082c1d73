import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { FigureParamsDto } from '../analysis/dto/analysis-params.dto';
import { FigureDto } from '../analysis/dto/figure.dto';
import { FiguresQueryDto } from '../analysis/dto/figures-query.dto';
import { FiguresService } from '../analysis/figures.service';
import { Staff } from '../auth/staff.decorator';
import { asDownload } from './download-file';
import { FigureExportParamsDto } from './dto/figure-export-params.dto';
import { FigureExportQueryDto } from './dto/figure-export-query.dto';
import { ApiFileResponse } from './export-docs';
import { ReportExportsService } from './report-exports.service';

/**
 * One figure, as a file (`figures/abb3.svg`, this controller) or as JSON
 * (`figures/abb3`, SurveyFigureController below). A route parameter matches
 * dots too (path-to-regexp 8 has no patterns), so `figures/:figureId` would
 * also take `abb3.svg`, and Express answers with the first route that matches.
 * Both controllers are therefore registered together, the file route first
 * (SURVEY_FIGURE_CONTROLLERS), in one module: the match does not depend on the
 * order in which modules are imported (test/e2e/module-order.e2e-spec.ts).
 * Two classes only for their OpenAPI tags. The list of figures and the trends
 * stay with the analysis (SurveysAnalysisController).
 */
@ApiTags('exports')
@Controller('surveys')
export class SurveyFigureFilesController {
  constructor(private readonly reports: ReportExportsService) {}

  @Get(':surveyId/figures/:figureId.:ext')
  @Staff()
  @ApiOperation({
    // The operation id from before the route moved here: the OpenAPI document keeps it.
    operationId: 'SurveyExportsController_figure',
    summary: 'A figure of the report as SVG chart, CSV or XLSX table (items × waves, N and notes below)',
    description:
      'SVG: horizontal bars per item, one per wave in the report\'s order, the share at each bar, "nicht abgefragt" where a wave did not ask, ' +
      'N, notes and source below; a figure with a delta shows the latest wave and the change in pp. Rendered on the server with Vega-Lite. ' +
      'With ?ci=true the intervals are drawn as whiskers and each change is marked "*" (significant) or "n.s.". CSV and XLSX carry the interval, p-value and test columns.',
  })
  @ApiFileResponse('The figure file', true)
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND, FIGURE_NOT_FOUND, or WAVE_NOT_FOUND for a code in ?waves' })
  @ApiUnprocessableEntityResponse({ description: 'ANALYSIS_WAVE_NOT_IN_SURVEY, or VALIDATION_FAILED for a malformed ?waves' })
  async file(@Param() params: FigureExportParamsDto, @Query() query: FigureExportQueryDto): Promise<StreamableFile> {
    return asDownload(
      await this.reports.figure(params.surveyId, params.figureId, params.ext, query.format, query.waves, {
        ci: query.ci,
        include: query.include,
      }),
    );
  }
}

@ApiTags('analysis')
@Controller('surveys')
export class SurveyFigureController {
  constructor(private readonly figures: FiguresService) {}

  @Get(':surveyId/figures/:figureId')
  @Staff()
  @ApiOperation({
    // The operation id from before the route moved here: the OpenAPI document keeps it.
    operationId: 'SurveysAnalysisController_figure',
    summary: 'One figure: shares per item and wave, N per wave, notes ("nicht abgefragt", scale changes)',
  })
  @ApiOkResponse({ type: FigureDto })
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND, FIGURE_NOT_FOUND, or WAVE_NOT_FOUND for a code in ?waves' })
  @ApiUnprocessableEntityResponse({ description: 'ANALYSIS_WAVE_NOT_IN_SURVEY, or VALIDATION_FAILED for a malformed ?waves' })
  figure(@Param() params: FigureParamsDto, @Query() query: FiguresQueryDto): Promise<FigureDto> {
    return this.figures.figure(params.surveyId, params.figureId, query.waves);
  }
}

/** In this order: Nest registers the controllers of a module, and their routes, in the order they are listed. */
export const SURVEY_FIGURE_CONTROLLERS = [SurveyFigureFilesController, SurveyFigureController];
