import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The answer rows' parent check (migration AnswerIntegrity) without a plan that goes stale (issues 15 and 18).
 *
 * PL/pgSQL plans a trigger's statements once per connection and keeps the plan. The set-based parent check was
 * planned against the sizes `responses` had at a connection's first save: on a small table that is a sequential scan,
 * kept while the table grew, until an ANALYZE invalidated it. In the benchmark the first ~40 s after a start ran at a
 * third of the rate, the backends busy scanning `responses` for every save; a long import, one transaction that
 * grows the table itself, scanned it for every chunk.
 *
 * `answers_parent_check` now locks and checks each distinct parent by its primary key: one index probe per response.
 * The probe has a parameter, so after five executions PL/pgSQL may keep a generic plan; on a table of a few pages with
 * statistics that plan would be a sequential scan too, kept through an import (whose rows autovacuum cannot see). So
 * the function runs with `enable_seqscan = off`: the probe takes the primary key whatever the statistics were when it
 * was planned (the loop reads the transition table, which is no sequential scan of a table). Same rule, same lock
 * (FOR KEY SHARE), same error (23503 naming `answers_response_fkey`); the parents are locked in key order.
 *
 * The deletion trigger (`answers_of_deleted_responses`) stays set-based: its plan depends on the statistics of
 * `answers.response_id`, which no form of the statement avoids; deletions are rare (erasure, an import's conflicts or
 * undo) and autovacuum's statistics catch up with a growing table.
 *
 * Measured in a scratch database, old and new alternating (2026-12-02): a single save on a plan made while the table
 * was small, once it held 20,000 responses: 1.7–2.2 ms instead of 3.9–7.6 ms (the old one growing with the table; both
 * 1.6–2.4 ms after an ANALYZE). 1,000 responses × 53 answer rows per statement into a table of 320,000 responses:
 * 265–477 ms a statement instead of 358–591 ms (noisy).
 */
export class AnswerParentCheckByKey1796330000000 implements MigrationInterface {
  name = 'AnswerParentCheckByKey1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION answers_parent_check() RETURNS trigger LANGUAGE plpgsql SET enable_seqscan = off AS $$
      DECLARE
        parent record;
      BEGIN
        FOR parent IN SELECT DISTINCT response_id, wave_id FROM added ORDER BY response_id, wave_id LOOP
          PERFORM 1 FROM responses r WHERE r.id = parent.response_id AND r.wave_id = parent.wave_id FOR KEY SHARE OF r;
          IF NOT FOUND THEN
            RAISE EXCEPTION 'answer rows without their response in the same wave'
              USING ERRCODE = 'foreign_key_violation', TABLE = 'answers', CONSTRAINT = 'answers_response_fkey';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION answers_parent_check() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM responses r WHERE r.id IN (SELECT response_id FROM added) FOR KEY SHARE OF r;
        IF EXISTS (SELECT 1 FROM added a
                    WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = a.response_id AND r.wave_id = a.wave_id)) THEN
          RAISE EXCEPTION 'answer rows without their response in the same wave'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'answers', CONSTRAINT = 'answers_response_fkey';
        END IF;
        RETURN NULL;
      END $$`);
  }
}
