import { Injectable, Logger } from '@nestjs/common';
import type { PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ResponseStatus } from './response.entity';

/** One stored response as the raw export reads it: never the invitation, its token or contact data. */
export interface ResponseRow {
  id: string;
  wave_id: string;
  status: ResponseStatus;
  completed_at: Date | null;
  /** The import it came with (issue 15); null for an online response. */
  import_id: string | null;
  /**
   * The answers as JSON text (`answers::text`), parsed by the reader of the row when it needs them: a batch of the
   * cursor waits as text, not as objects, so the parsed answers live only while their row is written (memory of an
   * export: fewer objects that outlive a young-generation collection and are promoted).
   */
  answers_json: string;
}

/** Which responses: of these waves (rows in this wave order), with these statuses. */
export interface ResponseRowsQuery {
  waveIds: string[];
  statuses: ResponseStatus[];
}

/** Rows fetched per round trip of the cursor. */
const CURSOR_BATCH = 100;

const WHERE = `r.wave_id = ANY($1::uuid[]) AND r.status = ANY($2::text[])`;

/**
 * The stored responses, row by row, for the raw exports (which own no table:
 * they ask here). Rows are streamed from PostgreSQL with a cursor
 * (pg-query-stream) on a connection of TypeORM's pool, so memory does not
 * grow with the number of responses; the connection is released when the
 * rows end, fail, or the reader goes away (then it is discarded, not reused).
 * Only these columns of `responses` are read: id, wave_id, status,
 * completed_at, import_id, answers (as JSON text).
 */
/**
 * Leads the statement of the raw-export cursor, so operators (and the tests) find it in
 * pg_stat_activity by this tag rather than by its SQL text.
 */
export const RAW_EXPORT_QUERY_TAG = '/* survey-waves:raw-export */';

@Injectable()
export class ResponseRowsReader {
  private readonly logger = new Logger(ResponseRowsReader.name);

  constructor(private readonly dataSource: DataSource) {}

  /** How many rows `rows()` will give now; responses saved meanwhile may add some. */
  async count(query: ResponseRowsQuery): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM responses r WHERE ${WHERE}`, [
      query.waveIds,
      query.statuses,
    ]);
    return row.count;
  }

  /** The responses in the order of `waveIds`, then completion (unfinished last), creation and id. */
  rows(query: ResponseRowsQuery): AsyncGenerator<ResponseRow> {
    const sql =
      `${RAW_EXPORT_QUERY_TAG} SELECT r.id, r.wave_id, r.status, r.completed_at, r.import_id, r.answers::text AS answers_json FROM responses r ` +
      `WHERE ${WHERE} ORDER BY array_position($1::uuid[], r.wave_id), r.completed_at NULLS LAST, r.created_at, r.id`;
    return this.cursor<ResponseRow>(sql, [query.waveIds, query.statuses]);
  }

  /**
   * Rows of a query through a server-side cursor, one at a time; the connection is held only while iterating.
   * A lost connection (server restart, terminated backend) ends the rows with its error: pg-query-stream
   * alone would wait forever for the dead connection (brianc/node-postgres#2870; destroying the stream waits for
   * the cursor's close, which never comes), so the client's 'error' rejects the read that waits. Each read has
   * its own promise: racing every row against one long-pending "connection lost" promise would leave a reaction
   * per row on it, holding each row until the export ends (memory grew with the rows, about 1.7 kB a row).
   */
  private async *cursor<Row>(sql: string, params: unknown[]): AsyncGenerator<Row> {
    const [client, release] = (await (this.dataSource.driver as PostgresDriver).obtainMasterConnection()) as [
      PoolClient,
      (error?: Error) => void,
    ];
    let lost: Error | undefined;
    let rejectRead: (error: Error) => void = () => undefined;
    const onError = (error: Error) => {
      lost ??= error;
      rejectRead(error);
    };
    client.on('error', onError);
    const stream = client.query(new QueryStream(sql, params, { batchSize: CURSOR_BATCH }));
    const rows = stream[Symbol.asyncIterator]();
    const read = () =>
      new Promise<IteratorResult<unknown>>((resolve, reject) => {
        if (lost) return reject(lost);
        rejectRead = reject;
        rows.next().then(resolve, reject);
      });
    let finished = false;
    try {
      for (;;) {
        const next = await read();
        if (next.done === true) break;
        yield next.value as Row;
      }
      finished = true;
    } finally {
      client.off('error', onError);
      if (!finished) {
        this.logger.warn(
          `Raw export ended before its last row (${lost ? `connection lost: ${lost.message}` : 'client gone or error'}); its connection is discarded`,
        );
        stream.destroy();
      }
      // An unfinished cursor's connection is closed, not reused.
      release(finished ? undefined : (lost ?? new Error('raw export ended early')));
    }
  }
}
