import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18, closed waves from frozen aggregates (owned by the responses module).
 *
 * - `frozen_wave_counts`: one row per closed wave, written in the transaction that closes it and removed in the one
 *   that reopens it: its completed responses, its partial responses with at least one answer, whether it has any
 *   answer row, and when the set was (last) built.
 * - `frozen_answer_counts`: the wave's answer counts per (question, item, value) as the analysis reads them, both
 *   inclusions in one row: `completed_n`/`completed_first` (answers of completed responses, and of those the
 *   question-first rows) and `all_n`/`all_first` (partial responses' answers too).
 *
 * Waves already closed when this migration runs are frozen here, with the same aggregation the service uses
 * (src/responses/frozen-counts.ts), so every closed wave has its set; the read path falls back to the live
 * counts for a wave without one anyway.
 */
export class FrozenCounts1796300000000 implements MigrationInterface {
  name = 'FrozenCounts1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "frozen_wave_counts" (
        "wave_id" uuid NOT NULL,
        "completed" integer NOT NULL,
        "partial_with_answers" integer NOT NULL,
        "has_answers" boolean NOT NULL,
        "frozen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "frozen_wave_counts_pkey" PRIMARY KEY ("wave_id"),
        CONSTRAINT "frozen_wave_counts_wave_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "frozen_answer_counts" (
        "wave_id" uuid NOT NULL,
        "question_code" character varying(100) NOT NULL,
        "item_code" character varying(100) NOT NULL,
        "value" character varying(100),
        "completed_n" integer NOT NULL,
        "completed_first" integer NOT NULL,
        "all_n" integer NOT NULL,
        "all_first" integer NOT NULL,
        CONSTRAINT "frozen_answer_counts_wave_fkey" FOREIGN KEY ("wave_id") REFERENCES "frozen_wave_counts"("wave_id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "frozen_answer_counts_wave_idx" ON "frozen_answer_counts" ("wave_id")`);
    const closed = (await queryRunner.query(`SELECT id FROM "waves" WHERE status = 'closed'`)) as Array<{ id: string }>;
    for (const { id } of closed) {
      await queryRunner.query(FREEZE_WAVE_SQL, [id]);
      await queryRunner.query(FREEZE_ANSWERS_SQL, [id]);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "frozen_answer_counts"`);
    await queryRunner.query(`DROP TABLE "frozen_wave_counts"`);
  }
}

// Copies of the statements in src/responses/frozen-counts.ts as they are at this migration (a migration does not follow later code).
const FREEZE_WAVE_SQL = `
INSERT INTO frozen_wave_counts (wave_id, completed, partial_with_answers, has_answers, frozen_at)
SELECT $1::uuid,
       (SELECT count(*)::int FROM responses WHERE wave_id = $1 AND status = 'completed'),
       (SELECT count(*)::int FROM responses r
         WHERE r.wave_id = $1 AND r.status = 'partial' AND EXISTS (SELECT 1 FROM answers a WHERE a.response_id = r.id)),
       EXISTS (SELECT 1 FROM responses r JOIN answers a ON a.response_id = r.id WHERE r.wave_id = $1),
       now()`;

const FREEZE_ANSWERS_SQL = `
INSERT INTO frozen_answer_counts (wave_id, question_code, item_code, value, completed_n, completed_first, all_n, all_first)
SELECT $1::uuid, question_code, item_code, value, sum(completed_n)::int, sum(completed_first)::int, sum(all_n)::int, sum(all_first)::int
  FROM (SELECT question_code, item_code, value,
               count(*) AS completed_n, count(*) FILTER (WHERE question_first) AS completed_first,
               count(*) AS all_n, count(*) FILTER (WHERE question_first) AS all_first
          FROM answers
         WHERE wave_id = $1 AND completed
         GROUP BY question_code, item_code, value
        UNION ALL
        SELECT a.question_code, a.item_code, a.value,
               0, 0,
               count(*), count(*) FILTER (WHERE a.question_first)
          FROM responses r JOIN answers a ON a.response_id = r.id
         WHERE r.wave_id = $1 AND r.status = 'partial' AND a.wave_id = $1 AND NOT a.completed
         GROUP BY a.question_code, a.item_code, a.value) AS g
 GROUP BY question_code, item_code, value`;
