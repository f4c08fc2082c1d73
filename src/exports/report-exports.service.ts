import { Injectable } from '@nestjs/common';
import type { Figure } from '../analysis/analysis.types';
import { FiguresService } from '../analysis/figures.service';
import { ResultsService } from '../analysis/results.service';
import { waveLabels } from '../analysis/trend-flags';
import { TrendsService } from '../analysis/trends.service';
import { DefinitionsService } from '../definitions/definitions.service';
import { WavesService } from '../waves/waves.service';
import { figureCsvTable, figureTable, resultsSheets, resultsTable, trendsSheets, trendsTable } from './aggregate-tables';
import { ChartRenderer, SVG_CONTENT_TYPE } from './charts/chart-renderer';
import { figureChartSpec } from './charts/figure-chart';
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
  ) {}

  async waveResults(code: string, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const results = await this.results.waveResults(code);
    const filename = `${code}-results.${format}`;
    if (format === 'csv') return csvFile(filename, resultsTable(results), dialect, false);
    const codebook = await this.definitions.codebook(results.surveyId, results.version);
    return xlsxFile(filename, resultsSheets(results, codebook));
  }

  async trends(surveyId: string, waveCodes: string[] | undefined, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const trends = await this.trendsService.trends(surveyId, waveCodes);
    const filename = `${surveyId}-trends.${format}`;
    return format === 'csv' ? csvFile(filename, trendsTable(trends), dialect, false) : xlsxFile(filename, trendsSheets(trends));
  }

  async figure(surveyId: string, figureId: string, format: ExportFormat, dialect: CsvDialect, waveCodes?: string[]): Promise<DownloadFile> {
    const figure = await this.figures.figure(surveyId, figureId, waveCodes);
    const filename = `${surveyId}-${figureId}.${format}`;
    if (format === 'csv') return csvFile(filename, figureCsvTable(figure), dialect, false);
    if (format === 'xlsx') return xlsxFile(filename, [figureTable(figure)]);
    return { filename, contentType: SVG_CONTENT_TYPE, content: Buffer.from(await this.figureSvg(figure), 'utf8') };
  }

  /** The figure as an SVG chart, its waves named as in the report's notes (years where every wave has one). */
  async figureSvg(figure: Figure): Promise<string> {
    const waves = figure.waves.length > 0 ? await this.waves.existing(figure.waves) : [];
    const refs = figure.waves.map((code) => ({ code, title: waves.find((wave) => wave.code === code)?.title ?? code }));
    const { svg } = await this.charts.render(figureChartSpec(figure, waveLabels(refs)));
    return svg;
  }
}

function csvFile(filename: string, table: ExportTable, dialect: CsvDialect, footer: boolean): DownloadFile {
  return { filename, contentType: CSV_CONTENT_TYPE, content: Buffer.from(tableToCsv(table, dialect, { footer }), 'utf8') };
}

async function xlsxFile(filename: string, tables: ExportTable[]): Promise<DownloadFile> {
  return { filename, contentType: XLSX_CONTENT_TYPE, content: await tablesToXlsx(tables) };
}
