import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { Actor } from '../../auth/actor';
import { AuditService } from '../../audit/audit.service';
import { ErrorCode } from '../../common/error-code';
import { DefinitionsService } from '../../definitions/definitions.service';
import { ResponseStatus } from '../../responses/response.entity';
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

/** Rows fetched per round trip of the cursor. */
const CURSOR_BATCH = 500;

/**
 * Leads the statement of the raw-export cursor, so operators (and the tests) find it in
 * pg_stat_activity by this tag rather than by its SQL text.
 */
export const RAW_EXPORT_QUERY_TAG = '/* survey-waves:raw-export */';

/**
 * The raw data exports (one row per response, one column per item) and the
 * codebook export. Rows are streamed from PostgreSQL with a cursor
 * (pg-query-stream) on a connection of TypeORM's pool, so memory does not
 * grow with the number of responses; the connection is released when the
 * rows end, fail, or the reader goes away (then it is discarded, not reused).
 * Only these columns of `responses` are read: id, status, completed_at,
 * answers; never the invitation, its token or contact data.
 */
@Injectable()
export class DataExportsService {
  private readonly logger = new Logger(DataExportsService.name);

  constructor(
    private readonly dataSource: DataSource,
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
    await this.audit.record(actor, { action: 'responses.exported', surveyId, details: { ...options, waves: waves.map((wave) => wave.code) } });
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
    const waveIds = waves.map((wave) => wave.id);
    const wavesById = new Map(waves.map((wave) => [wave.id, wave]));
    const statuses = options.includePartial ? [ResponseStatus.Completed, ResponseStatus.Partial] : [ResponseStatus.Completed];
    const where = `r.wave_id = ANY($1::uuid[]) AND r.status = ANY($2::text[])`;
    const sql =
      `${RAW_EXPORT_QUERY_TAG} SELECT r.id, r.wave_id, r.status, r.completed_at, r.answers FROM responses r ` +
      `WHERE ${where} ORDER BY array_position($1::uuid[], r.wave_id), r.completed_at NULLS LAST, r.created_at, r.id`;
    const params = [waveIds, statuses];
    return {
      name,
      sheetName,
      header: rawHeader(columns),
      count: async () => {
        const [row] = await this.dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM responses r WHERE ${where}`, params);
        return row.count;
      },
      rows: () =>
        this.cursor<Omit<RawResponse, 'wave'> & { wave_id: string }, CellValue[]>(sql, params, ({ wave_id, ...row }) => {
          const wave = wavesById.get(wave_id) as Wave;
          return (mappers.get(wave.version) as (row: RawResponse) => CellValue[])({ ...row, wave: wave.code });
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

  /**
   * Rows of a query through a server-side cursor, one at a time; the connection is held only while iterating.
   * A lost connection (server restart, terminated backend) ends the rows with its error: pg-query-stream
   * alone would wait forever for the dead connection (brianc/node-postgres#2870), so the client's
   * 'error' event is raced against every row.
   */
  private async *cursor<Row, Out>(sql: string, params: unknown[], map: (row: Row) => Out): AsyncGenerator<Out> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [PoolClient, (error?: Error) => void];
    let lost: Error | undefined;
    let rejectLost: (error: Error) => void = () => undefined;
    const connectionLost = new Promise<never>((_, reject) => {
      rejectLost = reject;
    });
    connectionLost.catch(() => undefined);
    const onError = (error: Error) => {
      lost ??= error;
      rejectLost(error);
    };
    client.on('error', onError);
    const stream = client.query(new QueryStream(sql, params, { batchSize: CURSOR_BATCH }));
    const rows = stream[Symbol.asyncIterator]();
    let finished = false;
    try {
      for (;;) {
        const next = await Promise.race([rows.next(), connectionLost]);
        if (next.done) break;
        yield map(next.value as Row);
      }
      finished = true;
    } finally {
      client.off('error', onError);
      if (!finished) {
        this.logger.warn(`Raw export ended before its last row (${lost ? `connection lost: ${lost.message}` : 'client gone or error'}); its connection is discarded`);
        stream.destroy();
      }
      // An unfinished cursor's connection is closed, not reused.
      release(finished ? undefined : (lost ?? new Error('raw export ended early')));
    }
  }
}

async function codebookFile(filename: string, table: ExportTable, format: TableFormat, dialect: CsvDialect): Promise<DownloadFile> {
  return format === 'csv'
    ? { filename, contentType: CSV_CONTENT_TYPE, content: Buffer.from(tableToCsv(table, dialect, { footer: false }), 'utf8') }
    : { filename, contentType: XLSX_CONTENT_TYPE, content: await tablesToXlsx([table]) };
}
