import { Controller, Get, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { SurveyIdParamsDto } from '../analysis/dto/analysis-params.dto';
import { FiguresService } from '../analysis/figures.service';
import { waveLabels } from '../analysis/trend-flags';
import { methodNotes } from '../analysis/method-notes';
import { TrendsService } from '../analysis/trends.service';
import type { EnvironmentVariables } from '../config/env.validation';
import { SIGNIFICANCE_LEGEND } from '../exports/statistics-format';
import { StaffRole } from '../auth/staff-member.entity';
import { asDownload } from '../exports/download-file';
import { CsvExportQueryDto } from '../exports/dto/csv-export-query.dto';
import { RawExportQueryDto } from '../exports/dto/raw-export-query.dto';
import { FigureExportParamsDto } from '../exports/dto/figure-export-params.dto';
import { SurveyExportParamsDto } from '../exports/dto/survey-export-params.dto';
import { DataExportsService } from '../exports/raw/data-exports.service';
import { ReportExportsService } from '../exports/report-exports.service';
import { WavesService } from '../waves/waves.service';
import { BoundedCache } from './bounded-cache';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { WavePickerExportQueryDto, WavePickerQueryDto } from './dto/wave-picker-query.dto';
import { inlineSvg } from './inline-svg';
import { figureView, wavesQuery } from './trends-view';

/**
 * Page 5b, "Trends und Abbildungen" of a survey: the report's figures over the waves picked (default:
 * as the API), each with its chart, values, change in pp and flags, and the downloads of the API.
 */
@Controller('admin/umfragen')
@ConsoleController()
export class TrendsController {
  /** Rendered charts by their figure's numbers and wave titles: an unchanged figure is not rendered again. */
  private readonly charts = new BoundedCache<string>(200);

  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesService,
    private readonly figures: FiguresService,
    private readonly trends: TrendsService,
    private readonly reports: ReportExportsService,
    private readonly data: DataExportsService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  @Get(':surveyId/trends')
  async page(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param() params: SurveyIdParamsDto,
    @Query() query: WavePickerQueryDto,
  ): Promise<string> {
    const picked = query.wellen && query.wellen.length > 0 ? query.wellen : undefined;
    const { title, figures } = await this.figures.list(params.surveyId, picked);
    const surveyWaves = await this.waves.inFieldingOrder(params.surveyId);
    const titleOf = new Map(surveyWaves.map((wave) => [wave.code, wave.title]));
    // The trend of each figure's question over the figure's waves, for its flags: one per distinct wave list.
    const trendsByWaves = new Map<string, ReturnType<TrendsService['trends']>>();
    const trendsOf = (codes: string[]) => {
      const key = codes.join(',');
      if (!trendsByWaves.has(key)) trendsByWaves.set(key, this.trends.trends(params.surveyId, codes));
      return trendsByWaves.get(key) as ReturnType<TrendsService['trends']>;
    };
    const shown = await Promise.all(
      figures.map(async (figure) => {
        const trend =
          figure.waves.length > 0 ? (await trendsOf(figure.waves)).questions.find((q) => q.code === figure.question) : undefined;
        const key = JSON.stringify([figure, figure.waves.map((code) => titleOf.get(code))]);
        const svg = await this.charts.getOrCreate(key, () => this.reports.figureSvg(figure, { ci: true }));
        return {
          view: figureView(figure, trend, waveLabels(figure.waves.map((code) => ({ code, title: titleOf.get(code) ?? code })))),
          svg: inlineSvg(svg, `Abbildung ${figure.number}: ${figure.title}. Die Werte stehen in der Tabelle.`, `fig-${figure.id}`),
        };
      }),
    );
    const checked = new Set(picked ?? figures.flatMap((figure) => figure.waves));
    return this.views.page(request, response, 'trends', {
      title: `Trends und Abbildungen: ${title ?? params.surveyId}`,
      section: 'uebersicht',
      surveyId: params.surveyId,
      picker: surveyWaves.map((wave) => ({ code: wave.code, title: wave.title, checked: checked.has(wave.code) })),
      query: wavesQuery(picked),
      figures: shown,
      significanceLegend: SIGNIFICANCE_LEGEND,
      methodNotes: methodNotes({ include: 'completed', minBase: this.config.get('MIN_BASE', { infer: true }), changes: true }),
    });
  }

  @Get(':surveyId/trends.:ext')
  async trendsFile(@Param() params: SurveyExportParamsDto, @Query() query: WavePickerExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.reports.trends(params.surveyId, nonEmpty(query.wellen), params.ext, query.format));
  }

  @Get(':surveyId/abbildungen/:figureId.:ext')
  async figureFile(@Param() params: FigureExportParamsDto, @Query() query: WavePickerExportQueryDto): Promise<StreamableFile> {
    const file = await this.reports.figure(params.surveyId, params.figureId, params.ext, query.format, nonEmpty(query.wellen), {
      ci: query.ci,
    });
    return asDownload(file);
  }

  @Get(':surveyId/codebook.:ext')
  async codebookFile(@Param() params: SurveyExportParamsDto, @Query() query: CsvExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.data.surveyCodebook(params.surveyId, params.ext, query.format));
  }

  @Get(':surveyId/rohdaten.:ext')
  @ConsoleRoles(StaffRole.Admin)
  async rawFile(
    @Req() request: ConsoleRequest,
    @Param() params: SurveyExportParamsDto,
    @Query() query: RawExportQueryDto,
  ): Promise<StreamableFile> {
    const options = { includePartial: query.include === 'partial', labels: query.labels };
    const raw = await this.data.surveyResponses(actorOf(request), params.surveyId, options);
    return asDownload(this.data.rawFile(raw, params.ext, query.format));
  }
}

function nonEmpty(waves: string[] | undefined): string[] | undefined {
  return waves && waves.length > 0 ? waves : undefined;
}
