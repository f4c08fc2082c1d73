import { DataSource } from 'typeorm';

/**
 * Key of the session-level advisory lock that serialises the start-up work of
 * every instance on one database (migrations, definition sync). Any constant
 * works as long as nothing else in the database uses it; this one spells
 * "SWST" (survey-waves start-up) in ASCII.
 */
export const START_UP_LOCK_KEY = 0x53575354;

/**
 * Runs `work` while holding the start-up advisory lock on a dedicated
 * connection, so that instances started at once (a rolling deploy, several
 * replicas) wait for each other instead of racing through the same DDL.
 * The lock is released on every outcome; if the connection dies, PostgreSQL
 * releases it with the session.
 */
export async function withStartUpLock<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [START_UP_LOCK_KEY]);
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [START_UP_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
