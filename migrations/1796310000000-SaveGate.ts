import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gate between saves and a wave's close, without a share lock on the wave's row (issue 18; a first save's
 * insert still key-shares the row through the foreign key responses.wave_id, which a close does not wait for).
 *
 * Every save used to lock the wave row FOR SHARE; with many saves at once PostgreSQL records the share lockers of one
 * row as a MultiXact. Now a save takes a shared transaction-level advisory lock keyed by the wave
 * (`wave_accepts_answers`), and whatever stops a wave from accepting answers (a close, a window moved into the past)
 * takes it exclusively first (`wave_await_saves`): it waits for the saves in flight, which are then committed before the
 * change and counted, and every later save waits for the change to commit and is refused.
 *
 * The check runs in a VOLATILE function on purpose: each query of it reads a fresh snapshot, taken after the lock was
 * granted, so a save that waited for a close sees the closed wave even inside a single statement whose own snapshot
 * is older. The lock's key (class 0x53415645, 'SAVE', and the hash of the wave id) lives only here.
 */
export class SaveGate1796310000000 implements MigrationInterface {
  name = 'SaveGate1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION wave_accepts_answers(wave uuid, at timestamptz) RETURNS boolean LANGUAGE sql VOLATILE AS $$
        SELECT pg_advisory_xact_lock_shared(1396790853, hashtext(wave::text));
        SELECT EXISTS (
          SELECT 1 FROM waves
           WHERE id = wave AND status = 'open'
             AND (opens_at IS NULL OR opens_at <= at) AND (closes_at IS NULL OR closes_at > at));
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION wave_await_saves(wave uuid) RETURNS void LANGUAGE sql VOLATILE AS $$
        SELECT pg_advisory_xact_lock(1396790853, hashtext(wave::text));
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION wave_await_saves(uuid)');
    await queryRunner.query('DROP FUNCTION wave_accepts_answers(uuid, timestamptz)');
  }
}
