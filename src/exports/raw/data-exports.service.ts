import { Injectable } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { ErrorCode } from '../../common/error-code';
import { DefinitionsService } from '../../definitions/definitions.service';
import { ResponseStatus } from '../../responses/response.entity';
import { ResponseRowsReader } from '../../responses/response-rows.reader';
import { Wave } from '../../waves/wave.entity';
import { WavesService } from '../../waves/waves.service';
import type { CellValue } from '../cell-safety';
import { CSV_CONTENT_TYPE, CsvDialect } from '../csv-dialect';
import { DownloadFile, TableFormat } from '../download-file';
import type { ExportTable } from '../export-table';
import { ExportException } from '../exports.exception';
import { csvStream, xlsxStream } from '../stream-writers';
import { tablesToXlsx, tableToCsv, XLSX_CONTENT_TYPE } from '../table-writers';
import { codebookTable, surveyCodebookTable } from './codebook-table';
import { rawColumns, rawHeader, RawResponse, rawRowMapper, VersionedCodebook } from './raw-columns';

export interface RawExportOptions {
  includePartial: boolean;
  labels: boolean;
}

/** A raw export ready to run: its columns are known, its rows come from a database cursor when iterated. */
export interface RawExport {
  /** File name without extension, e.g. `ki-2023-responses`. */
  name: string;
  sheetName: string;
  header: string[];
  /** How many rows `rows()` will give (for progress bars); responses saved meanwhile may add some. */
  count(): Promise<number>;
  rows(): AsyncGenerator<CellValue[]>;
}

/**
 * The raw data exports (one row per response, one column per item) and the
 * codebook export. The rows come from the responses module's
 * `ResponseRowsReader` (a database cursor, streamed; only id, wave, status,
 * completed_at, import and answers, never the invitation, its token or contact data).
 */
@Injectable()
export class DataExportsService {
  constructor(
    private readonly responses: ResponseRowsReader,
    private readonly waves: WavesService,
    private readonly definitions: DefinitionsService,
    private readonly audit: AuditService,
  ) {}

  async waveResponses(actor: Actor, code: string, options: RawExportOptions): Promise<RawExport> {
    const wave = await this.waves.findByCode(code);
    await this.audit.record(actor, { action: 'responses.exported', waveCode: code, surveyId: wave.surveyId, details: { ...options } });
    return this.rawExport(`${code}-responses`, code, wave.surveyId, [wave], options);
  }

  /** Every wave of a survey in one table (fielding order), with the union of the item columns. */
  async surveyResponses(actor: Actor, surveyId: string, options: RawExportOptions): Promise<RawExport> {
    const waves = await this.surveyWaves(surveyId);
    await this.audit.record(actor, {
      action: 'responses.exported',
      surveyId,
      details: { ...options, waves: waves.map((wave) => wave.code) },
    });
    return this.rawExport(`${surveyId}-responses`, surveyId, surveyId, waves, options);
  }

  /** The file of a raw export: streamed CSV or XLSX. `rows` lets the CLI count what passes. */
  rawFile(raw: RawExport, format: TableFormat, dialect: CsvDialect, rows: AsyncIterable<CellValue[]> = raw.rows()): DownloadFile {
    const filename = `${raw.name}.${format}`;
    return format === 'csv'
      ? { filename, contentType: CSV_CONTENT_TYPE, content: csvStream(raw.header, rows, dialect) }
      : { filename, contentType: XLSX_CONTENT_TYPE, content: xlsxStream(raw.sheetName, raw.header, rows) };
  }

  async codebook(surveyId: string, version: string, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const table = codebookTable(await this.definitions.codebook(surveyId, version), surveyId, version);
    return codebookFile(`${surveyId}-${version}-codebook.${format}`, table, format, dialect);
  }

  /** The codebook of the survey-wide raw export: its columns (one scale each) with the versions each holds. */
  async surveyCodebook(surveyId: string, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
    const versions = await this.codebooksLatestFirst(surveyId, await this.surveyWaves(surveyId));
    const table = surveyCodebookTable(rawColumns(versions), versions, surveyId);
    return codebookFile(`${surveyId}-codebook.${format}`, table, format, dialect);
  }

  /** The waves of a survey in fielding order; SURVEY_NOT_FOUND without a definition. */
  private async surveyWaves(surveyId: string): Promise<Wave[]> {
    if ((await this.definitions.versions(surveyId)).length === 0) {
      throw new ExportException(ErrorCode.SURVEY_NOT_FOUND, `There is no survey ${surveyId}`);
    }
    return this.waves.inFieldingOrder(surveyId);
  }

  private async rawExport(name: string, sheetName: string, surveyId: string, waves: Wave[], options: RawExportOptions): Promise<RawExport> {
    const codebooks = await this.codebooksLatestFirst(surveyId, waves);
    const columns = rawColumns(codebooks);
    const mappers = new Map(codebooks.map((entry) => [entry.version, rawRowMapper(columns, entry, options)]));
    const wavesById = new Map(waves.map((wave) => [wave.id, wave]));
    const query = {
      waveIds: waves.map((wave) => wave.id),
      statuses: options.includePartial ? [ResponseStatus.Completed, ResponseStatus.Partial] : [ResponseStatus.Completed],
    };
    return {
      name,
      sheetName,
      header: rawHeader(columns),
      count: () => this.responses.count(query),
      rows: () =>
        mapRows(this.responses.rows(query), (row) => {
          const wave = wavesById.get(row.wave_id) as Wave;
          return (mappers.get(wave.version) as (row: RawResponse) => CellValue[])({
            id: row.id,
            wave: wave.code,
            status: row.status,
            completed_at: row.completed_at,
            import_id: row.import_id,
            answers: JSON.parse(row.answers_json) as Record<string, unknown>,
          });
        }),
    };
  }

  /** The codebooks of the waves' versions, latest version first; a survey without waves gets its latest version's. */
  private async codebooksLatestFirst(surveyId: string, waves: Wave[]): Promise<VersionedCodebook[]> {
    const all = await this.definitions.versions(surveyId);
    const used = waves.length > 0 ? all.filter((version) => waves.some((wave) => wave.version === version)) : all.slice(-1);
    const latestFirst = [...used].reverse();
    const codebooks = await Promise.all(latestFirst.map((version) => this.definitions.codebook(surveyId, version)));
    return latestFirst.map((version, index) => ({ version, codebook: codebooks[index] }));
  }
}

/** The rows mapped one by one; ending early ends the source too (`for await` returns it), which releases its cursor. */
async function* mapRows<Row, Out>(rows: AsyncIterable<Row>, map: (row: Row) => Out): AsyncGenerator<Out> {
  for await (const row of rows) yield map(row);
}

async function codebookFile(filename: string, table: ExportTable, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
  return format === 'csv'
    ? { filename, contentType: CSV_CONTENT_TYPE, content: Buffer.from(tableToCsv(table, dialect, { footer: false }), 'utf8') }
    : { filename, contentType: XLSX_CONTENT_TYPE, content: await tablesToXlsx([table]) };
}
