import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { WaveCodeParamsDto } from '../analysis/dto/analysis-params.dto';
import { methodNotes } from '../analysis/method-notes';
import { ResultsService } from '../analysis/results.service';
import { StaffRole } from '../auth/staff-member.entity';
import { asDownload } from '../exports/download-file';
import { CsvExportQueryDto } from '../exports/dto/csv-export-query.dto';
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
import { resultsView } from './results-view';

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
  ): Promise<string> {
    const { wave, codebook, results } = await this.results.analyse(await this.waves.findByCode(params.code));
    const questions = resultsView(codebook, results).map((question) => ({ ...question, chart: questionChartSvg(question) }));
    return this.views.page(request, response, 'results', {
      title: `Ergebnisse: ${wave.title}`,
      section: 'uebersicht',
      wave,
      completed: results.completed,
      questions,
      methodNotes: methodNotes({ include: results.include, minBase: results.minBase, changes: false }),
    });
  }

  @Get(':code/ergebnisse.:ext')
  async resultsFile(@Param() params: WaveExportParamsDto, @Query() query: CsvExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.reports.waveResults(params.code, params.ext, query.format));
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
