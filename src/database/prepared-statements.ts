import type { Pool, QueryResultRow } from 'pg';
import { DataSource, QueryFailedError } from 'typeorm';

/**
 * A statement of the hot path that PostgreSQL parses and plans once per connection: a named prepared statement of
 * the extended protocol, which pg prepares on a connection's first use of the name and then only binds and executes.
 * TypeORM's `query()` sends every statement unnamed, planned anew each time; for the token's context (three tables
 * joined) planning cost more than running it: the same lookup through plain pg at 64 concurrent callers went from
 * about 2,300 to 7,500 per second on the 2-core machine (2026-12-02), and the PostgreSQL CPU it frees is CPU the
 * service's own process gets back on a shared machine.
 *
 * A server reached through a pooler should pass named statements on (PgBouncer ≥ 1.21 with `max_prepared_statements`,
 * or session pooling); the embedded server and a direct `DATABASE_URL` need nothing. Where a named statement fails as
 * stale or unknown on its connection (STALE_STATEMENT_CODES), the statement is sent once more unnamed: it failed
 * before it ran, so nothing was written twice.
 */
export interface PreparedStatement {
  readonly name: string;
  readonly text: string;
}

const declared = new Map<string, string>();

/**
 * Declares a prepared statement. A name is one statement for the whole process: pg refuses a name a connection has
 * prepared with another text, so a second declaration of the name with another text throws at once (module load).
 */
export function preparedStatement(name: string, text: string): PreparedStatement {
  const known = declared.get(name);
  if (known !== undefined && known !== text) throw new Error(`The prepared statement ${name} is declared twice with different texts`);
  declared.set(name, text);
  return { name, text };
}

/**
 * SQLSTATEs of a named statement that failed before it ran: 0A000 "cached plan must not change result type" (a
 * migration by another instance changed a column it returns; pg-pool drops the connection with the error), 26000
 * "prepared statement does not exist" and 42P05 "already exists" (a pooler in transaction mode without
 * `max_prepared_statements` moves statements between server connections).
 */
const STALE_STATEMENT_CODES = new Set(['0A000', '26000', '42P05']);

/**
 * Runs a prepared statement on a connection of the data source's pool, as a statement of its own (no transaction).
 * A failure is thrown as TypeORM's QueryFailedError, as `dataSource.query()` throws it, so that the error filter
 * logs it without its parameters.
 */
export async function queryPrepared<R extends QueryResultRow>(
  dataSource: DataSource,
  statement: PreparedStatement,
  values: unknown[],
): Promise<R[]> {
  // TypeORM's PostgresDriver keeps its pg Pool as `master` (no replication configured).
  const pool = (dataSource.driver as unknown as { master: Pool }).master;
  try {
    return (await pool.query<R>({ name: statement.name, text: statement.text, values })).rows;
  } catch (error) {
    if (!STALE_STATEMENT_CODES.has(sqlState(error))) throw new QueryFailedError(statement.text, values, error as Error);
  }
  try {
    return (await pool.query<R>({ text: statement.text, values })).rows;
  } catch (error) {
    throw new QueryFailedError(statement.text, values, error as Error);
  }
}

function sqlState(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : '';
}
