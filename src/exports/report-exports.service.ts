import { Injectable } from '@nestjs/common';
import type { Figure, ResponseInclusion } from '../analysis/analysis.types';
import { FiguresService } from '../analysis/figures.service';
import { ResultsService } from '../analysis/results.service';
import { waveLabels } from '../analysis/trend-flags';
import { TrendsService } from '../analysis/trends.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { WavesService } from '../waves/waves.service';
import {
  breakdownSheets,
  breakdownTable,
  figureCsvTable,
  figureTable,
  methodsTable,
  resultsSheets,
  resultsTable,
  trendsSheets,
  trendsTable,
} from './aggregate-tables';
import { ChartRenderer, SVG_CONTENT_TYPE } from './charts/chart-renderer';
import { FigureChartOptions, figureChartSpec } from './charts/figure-chart';
import { CSV_CONTENT_TYPE, CsvDialect } from './csv-dialect';
import { DownloadFile, ExportFormat, TableFormat } from './download-file';
import { ExportTable } from './export-table';
import { withInclusion } from './statistics-format';
import { tablesToXlsx, tableToCsv, XLSX_CONTENT_TYPE } from './table-writers';

/** Which responses to count and, for the results of a wave, the question to break them down by. */
export interface ReportOptions {
  include?: ResponseInclusion;
  by?: string;
}

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
  ) {}

  async waveResults(code: string, format: TableFormat, dialect: CsvDialect, options: ReportOptions = {}): Promise<DownloadFile> {
    const results = await this.results.waveResultsBy(code, options.by, { include: options.include });
    const breakdown = results.breakdown ?? null;
    const filename = withInclusion(`${code}-results${breakdown ? `-nach-${breakdown.by}` : ''}.${format}`, results.include);
    if (format === 'csv') return csvFile(filename, breakdown ? breakdownTable(results, breakdown) : resultsTable(results), dialect, false);
    if (breakdown) return xlsxFile(filename, [...breakdownSheets(results, breakdown), methodsTable(results.methods)]);
    const codebook = await this.definitions.codebook(results.surveyId, results.version);
    return xlsxFile(filename, [...resultsSheets(results, codebook), methodsTable(results.methods)]);
  }

  async trends(
    surveyId: string,
    waveCodes: string[] | undefined,
    format: TableFormat,
    dialect: CsvDialect,
    options: ReportOptions = {},
  ): Promise<DownloadFile> {
    const trends = await this.trendsService.trends(surveyId, waveCodes, { include: options.include });
    const filename = withInclusion(`${surveyId}-trends.${format}`, trends.include);
    if (format === 'csv') return csvFile(filename, trendsTable(trends, trends.include), dialect, false);
    return xlsxFile(filename, [...trendsSheets(trends, trends.include), methodsTable(trends.methods)]);
  }

  async figure(
    surveyId: string,
    figureId: string,
    format: ExportFormat,
    dialect: CsvDialect,
    waveCodes?: string[],
    options: ReportOptions & Pick<FigureChartOptions, 'ci'> = {},
  ): Promise<DownloadFile> {
    const figure = await this.figures.figure(surveyId, figureId, waveCodes, { include: options.include });
    const filename = withInclusion(
      `${surveyId}-${figureId}${format === 'svg' && options.ci === true ? '-ki' : ''}.${format}`,
      figure.include,
    );
    const chart = { ci: options.ci };
    if (format === 'csv') return csvFile(filename, figureCsvTable(figure), dialect, false);
    if (format === 'xlsx') return xlsxFile(filename, [figureTable(figure, figure.include), methodsTable(figure.methods)]);
    return { filename, contentType: SVG_CONTENT_TYPE, content: Buffer.from(await this.figureSvg(figure, chart), 'utf8') };
  }

  /**
   * The figure as an SVG chart, its waves named as in the report's notes (years where every wave has one);
   * with `ci` the intervals as whiskers, changes marked "*" or "n.s." and small bases marked.
   */
  async figureSvg(figure: Figure, chart: Pick<FigureChartOptions, 'ci'> = {}): Promise<string> {
    const waves = figure.waves.length > 0 ? await this.waves.existing(figure.waves) : [];
    const refs = figure.waves.map((code) => ({ code, title: waves.find((wave) => wave.code === code)?.title ?? code }));
    const options = chart.ci === true ? { ci: true, minBase: figure.minBase } : {};
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
