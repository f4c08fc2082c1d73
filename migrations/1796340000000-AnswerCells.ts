import { MigrationInterface, QueryRunner } from 'typeorm';
import { AnswerIntegrity1796320000000 } from './1796320000000-AnswerIntegrity';
import { AnswerParentCheckByKey1796330000000 } from './1796330000000-AnswerParentCheckByKey';

/**
 * A response's answers for counting live in its own row (`responses.cells`), not in ~53 rows of `answers` (issues 15
 * and 18).
 *
 * Each answered item is one cell `<first><question>:<item>[:<value>]` (src/responses/answer-cells.ts): `first` is 1 on
 * the first answered item of its question, the value a scale level, `na` or a choice code, absent for free text (whose
 * text stays in the JSONB only). The analysis counts with one GROUP BY over `unnest(cells)` of the wave's responses;
 * a closed wave's counts are frozen as before.
 *
 * Why: a first save wrote one response row and ~53 answer rows with two index entries each, and their WAL bounded
 * every save and every import. The benchmark's floor of the first-save statement went from 331–355 to 490–523 saves
 * per second with the cells instead of the rows (2026-12-02, 64 connections). The cells are written in the same row,
 * by the same statement, as the JSONB they are made from, so the integrity triggers of the answer rows (migrations
 * AnswerIntegrity, AnswerParentCheckByKey) have nothing left to guard and go with the table. `responses_identity_fixed`
 * stays: a response keeps its id and its wave, which the frozen counts of a wave rely on.
 */
export class AnswerCells1796340000000 implements MigrationInterface {
  name = 'AnswerCells1796340000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "responses" ADD "cells" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`
      UPDATE responses r SET cells = c.cells
        FROM (SELECT response_id,
                     array_agg(CASE WHEN question_first THEN '1' ELSE '0' END || question_code || ':' || item_code || COALESCE(':' || value, '')
                               ORDER BY question_code, NOT question_first, item_code) AS cells
                FROM answers GROUP BY response_id) c
       WHERE c.response_id = r.id`);
    await queryRunner.query('DROP TRIGGER answers_of_truncated_responses ON responses');
    await queryRunner.query('DROP FUNCTION answers_of_truncated_responses()');
    await queryRunner.query('DROP TRIGGER answers_of_deleted_responses ON responses');
    await queryRunner.query('DROP FUNCTION answers_of_deleted_responses()');
    await queryRunner.query('DROP TABLE "answers"');
    await queryRunner.query('DROP FUNCTION answers_parent_check()');
  }

  /** Back to the answer rows, rebuilt from the cells (free text from the JSONB), with the triggers of their migrations. */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "answers" ("response_id" uuid NOT NULL, "question_code" character varying(100) NOT NULL, "item_code" character varying(100) NOT NULL, "wave_id" uuid NOT NULL, "value" character varying(100), "text" text, "completed" boolean NOT NULL, "question_first" boolean NOT NULL, CONSTRAINT "answers_value_or_text_check" CHECK ((value IS NULL) <> (text IS NULL)), CONSTRAINT "answers_pkey" PRIMARY KEY ("response_id", "question_code", "item_code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "answers_analysis_idx" ON "answers" ("wave_id", "question_code", "item_code", "value", "question_first") WHERE completed`,
    );
    await queryRunner.query(`
      INSERT INTO answers (response_id, question_code, item_code, wave_id, value, text, completed, question_first)
      SELECT r.id, split_part(c.cell, ':', 1), split_part(c.cell, ':', 2), r.wave_id,
             NULLIF(split_part(c.cell, ':', 3), ''),
             CASE WHEN split_part(c.cell, ':', 3) = '' THEN r.answers ->> split_part(c.cell, ':', 1) END,
             r.status = 'completed', c.first
        FROM responses r, LATERAL (SELECT substr(x, 2) AS cell, left(x, 1) = '1' AS first FROM unnest(r.cells) x) c`);
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // AnswerIntegrity makes the identity trigger too, which this migration kept.
    await queryRunner.query('DROP TRIGGER responses_identity_fixed ON responses');
    await queryRunner.query('DROP FUNCTION responses_identity_fixed()');
    await new AnswerIntegrity1796320000000().up(queryRunner);
    await new AnswerParentCheckByKey1796330000000().up(queryRunner);
    await queryRunner.query('ALTER TABLE "responses" DROP COLUMN "cells"');
  }
}
