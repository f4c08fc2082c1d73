import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Figure } from '../analysis/analysis.types';
import { methodNotes } from '../analysis/method-notes';
import type { EnvironmentVariables } from '../config/env.validation';
import { FiguresService } from '../analysis/figures.service';
import { ResultsService } from '../analysis/results.service';
import { waveLabels } from '../analysis/trend-flags';
import { TrendsService } from '../analysis/trends.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { WavesService } from '../waves/waves.service';
import { figureCsvTable, figureTable, methodsTable, resultsSheets, resultsTable, trendsSheets, trendsTable } from './aggregate-tables';
import { ChartRenderer, SVG_CONTENT_TYPE } from './charts/chart-renderer';
import { FigureChartOptions, figureChartSpec } from './charts/figure-chart';
import { CSV_CONTENT_TYPE, CsvDialect } from './csv-dialect';
import { DownloadFile, ExportFormat, TableFormat } from './download-file';
import { ExportTable } from './export-table';
import { tablesToXlsx, tableToCsv, XLSX_CONTENT_TYPE } from './table-writers';

/**
 * The aggregated exports: results of a wave, trends of a survey, the figures
 * of the report, as CSV, XLSX and (figures) SVG. The numbers are exactly those
 * of the analysis API; this service only lays them out.
 */
@Injectable()
export class ReportExportsService {
  constructor(
    private readonly results: ResultsService,
    private readonly trendsService: TrendsService,
    private readonly figures: FiguresService,
    private readonly definitions: DefinitionsService,
    private readonly charts: ChartRenderer,
    private readonly waves: WavesService,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  /** MIN_BASE: the base below which a share is marked "geringe Fallzahl". */
  private get minBase(): number {
    return this.config.get('MIN_BASE', { infer: true });
  }

  async waveResults(code: string, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const results = await this.results.waveResults(code);
    const filename = `${code}-results.${format}`;
    if (format === 'csv') return csvFile(filename, resultsTable(results), dialect, false);
    const codebook = await this.definitions.codebook(results.surveyId, results.version);
    const notes = methodNotes({ include: results.include, minBase: results.minBase, changes: false });
    return xlsxFile(filename, [...resultsSheets(results, codebook), methodsTable(notes)]);
  }

  async trends(surveyId: string, waveCodes: string[] | undefined, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const trends = await this.trendsService.trends(surveyId, waveCodes);
    const filename = `${surveyId}-trends.${format}`;
    if (format === 'csv') return csvFile(filename, trendsTable(trends), dialect, false);
    const notes = methodNotes({ include: 'completed', minBase: this.minBase, changes: true });
    return xlsxFile(filename, [...trendsSheets(trends), methodsTable(notes)]);
  }

  async figure(
    surveyId: string,
    figureId: string,
    format: ExportFormat,
    dialect: CsvDialect,
    waveCodes?: string[],
    chart: Pick<FigureChartOptions, 'ci'> = {},
  ): Promise<DownloadFile> {
    const figure = await this.figures.figure(surveyId, figureId, waveCodes);
    const filename = `${surveyId}-${figureId}${format === 'svg' && chart.ci === true ? '-ki' : ''}.${format}`;
    if (format === 'csv') return csvFile(filename, figureCsvTable(figure), dialect, false);
    if (format === 'xlsx') {
      const notes = methodNotes({ include: 'completed', minBase: this.minBase, changes: figure.delta || figure.waves.length > 1 });
      return xlsxFile(filename, [figureTable(figure), methodsTable(notes)]);
    }
    return { filename, contentType: SVG_CONTENT_TYPE, content: Buffer.from(await this.figureSvg(figure, chart), 'utf8') };
  }

  /**
   * The figure as an SVG chart, its waves named as in the report's notes (years where every wave has one);
   * with `ci` the intervals as whiskers, changes marked "*" or "n.s." and small bases marked.
   */
  async figureSvg(figure: Figure, chart: Pick<FigureChartOptions, 'ci'> = {}): Promise<string> {
    const waves = figure.waves.length > 0 ? await this.waves.existing(figure.waves) : [];
    const refs = figure.waves.map((code) => ({ code, title: waves.find((wave) => wave.code === code)?.title ?? code }));
    const options = chart.ci === true ? { ci: true, minBase: this.minBase } : {};
    const { svg } = await this.charts.render(figureChartSpec(figure, waveLabels(refs), options));
    return svg;
  }
}

function csvFile(filename: string, table: ExportTable, dialect: CsvDialect, footer: boolean): DownloadFile {
  return { filename, contentType: CSV_CONTENT_TYPE, content: Buffer.from(tableToCsv(table, dialect, { footer }), 'utf8') };
}

async function xlsxFile(filename: string, tables: ExportTable[]): Promise<DownloadFile> {
  return { filename, contentType: XLSX_CONTENT_TYPE, content: await tablesToXlsx(tables) };
}
