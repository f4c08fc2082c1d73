import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { WaveCodeParamsDto } from '../analysis/dto/analysis-params.dto';
import { ResultsQueryDto } from '../analysis/dto/results-query.dto';
import type { ResponseInclusion } from '../analysis/analysis.types';
import { ResultsService } from '../analysis/results.service';
import { StaffRole } from '../auth/staff-member.entity';
import { asDownload } from '../exports/download-file';
import { ResultsExportQueryDto } from '../exports/dto/results-export-query.dto';
import { RawExportQueryDto } from '../exports/dto/raw-export-query.dto';
import { WaveExportParamsDto } from '../exports/dto/wave-export-params.dto';
import { DataExportsService } from '../exports/raw/data-exports.service';
import { ReportExportsService } from '../exports/report-exports.service';
import { WavesService } from '../waves/waves.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { questionChartSvg } from './results-chart';
import { breakdownChoices, breakdownView, resultsView } from './results-view';

/**
 * Page 5a, "Ergebnisse" of a wave: per question the counts, shares and N with a chart, and the downloads
 * of the API (results for every staff member, raw data for admins), streamed from the same services.
 */
@Controller('admin/wellen')
@ConsoleController()
export class ResultsController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesService,
    private readonly results: ResultsService,
    private readonly reports: ReportExportsService,
    private readonly data: DataExportsService,
  ) {}

  @Get(':code/ergebnisse')
  async page(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: WaveCodeParamsDto,
    @Query() query: ResultsQueryDto,
  ): Promise<string> {
    const wave = await this.waves.findByCode(params.code);
    // With `by`, the results and the breakdown from one analysis of the wave.
    const { codebook, results } = query.by
      ? await this.results.analyseBy(wave, query.by, { include: query.include })
      : await this.results.analyse(wave, { include: query.include });
    const questions = resultsView(codebook, results).map((question) => ({ ...question, chart: questionChartSvg(question) }));
    return this.views.page(request, response, 'results', {
      title: `Ergebnisse: ${wave.title}`,
      section: 'uebersicht',
      wave,
      completed: results.completed,
      questions,
      methodNotes: results.methods,
      include: results.include,
      counted: results.counted,
      by: query.by ?? '',
      byChoices: breakdownChoices(codebook),
      breakdown: breakdownView(codebook, results),
      downloadQuery: downloadQuery(results.include, query.by),
    });
  }

  @Get(':code/ergebnisse.:ext')
  async resultsFile(@Param() params: WaveExportParamsDto, @Query() query: ResultsExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.reports.waveResults(params.code, params.ext, query.format, { include: query.include, by: query.by }));
  }

  @Get(':code/rohdaten.:ext')
  @ConsoleRoles(StaffRole.Admin)
  async rawFile(
    @Req() request: ConsoleRequest,
    @Param() params: WaveExportParamsDto,
    @Query() query: RawExportQueryDto,
  ): Promise<StreamableFile> {
    const options = { includePartial: query.include === 'partial', labels: query.labels };
    const raw = await this.data.waveResponses(actorOf(request), params.code, options);
    return asDownload(this.data.rawFile(raw, params.ext, query.format));
  }
}

/** The query of the results downloads that keeps the page's choices: `include=partial&by=rolle`, empty for the default. */
export function downloadQuery(include: ResponseInclusion, by: string | undefined): string {
  return [include === 'partial' ? 'include=partial' : '', by ? `by=${encodeURIComponent(by)}` : ''].filter(Boolean).join('&');
}
