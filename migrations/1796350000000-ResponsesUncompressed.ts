import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A response row is stored as it is, without compression, up to a page (issue 15, and the counting of issue 18).
 *
 * A response of the study's questionnaire is about 3.4 KB: its answers as JSONB (~1.7 KB) and its cells (~1.7 KB).
 * Above PostgreSQL's default target of ~2 KB a row, every insert and update compressed both with pglz (this build has
 * no lz4), and every count and export decompressed them again. In the benchmark's import of 100,000 rows the
 * compression was about a third of the database's work (1,000 rows inserted in ~100 ms instead of ~146 ms), and the
 * import went from ~4,900 to ~5,900 rows/s with this setting; counting a 100,000-row wave over its cells took ~18 %
 * less. The price is disk: ~3.4 KB a row instead of ~2 KB (a 100,000-row wave ~390 MB instead of ~200 MB), and the
 * WAL of a save grows alike.
 *
 * `toast_tuple_target` 8160 (the largest allowed) means: compress or move out of line only a row that does not fit
 * a page anyway, such as one with long free texts; those are stored as before. Rows written before this migration
 * stay compressed until they are next written; both read the same.
 */
export class ResponsesUncompressed1796350000000 implements MigrationInterface {
  name = 'ResponsesUncompressed1796350000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "responses" SET (toast_tuple_target = 8160)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "responses" RESET (toast_tuple_target)');
  }
}
