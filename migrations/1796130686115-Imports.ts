import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15, import of earlier waves.
 *
 * - `imports`: one committed file per row (name, size, SHA-256, format, the mapping it was read with, counts, who and
 *   when; `undone_at` once an admin took it back). The row stays after an undo, for the record.
 * - `responses` get their origin: an online response has an invitation, an imported one has its import and the external
 *   id it had in the file (unique per wave: the same row imported twice is recognised, never stored twice). Exactly one
 *   of the two origins is set.
 */
export class Imports1796130686115 implements MigrationInterface {
  name = 'Imports1796130686115';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "imports" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "wave_id" uuid NOT NULL,
        "file_name" character varying(255) NOT NULL,
        "file_size" bigint NOT NULL,
        "file_sha256" character(64) NOT NULL,
        "format" character varying(8) NOT NULL,
        "mapping" jsonb NOT NULL,
        "created" integer NOT NULL,
        "unchanged" integer NOT NULL,
        "replaced" integer NOT NULL,
        "created_by" uuid,
        "created_by_name" character varying(200) NOT NULL,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "undone_at" TIMESTAMP WITH TIME ZONE,
        "undone_by" uuid,
        "undone_by_name" character varying(200),
        CONSTRAINT "imports_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "imports_format_check" CHECK ("format" IN ('csv', 'xlsx', 'sav')),
        CONSTRAINT "imports_counts_check" CHECK ("created" >= 0 AND "unchanged" >= 0 AND "replaced" >= 0),
        CONSTRAINT "imports_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "imports_wave_id_idx" ON "imports" ("wave_id", "created_at")`);
    await queryRunner.query(`ALTER TABLE "responses" ALTER COLUMN "invitation_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "responses" ADD "import_id" uuid, ADD "external_id" character varying(200)`);
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "responses_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "imports"("id") ON DELETE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "responses_origin_check" CHECK (("invitation_id" IS NULL) = ("import_id" IS NOT NULL) AND ("import_id" IS NULL) = ("external_id" IS NULL))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "responses_wave_external_id_key" ON "responses" ("wave_id", "external_id") WHERE "external_id" IS NOT NULL`,
    );
    // Partial: online responses pay nothing. By import (the foreign key's check, an undo, an import's count) and by
    // wave (how many of a wave's responses were imported, for the wave lists).
    await queryRunner.query(`CREATE INDEX "responses_import_id_idx" ON "responses" ("import_id") WHERE "import_id" IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "responses_imported_by_wave_idx" ON "responses" ("wave_id", "status") WHERE "import_id" IS NOT NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."responses_imported_by_wave_idx"`);
    await queryRunner.query(`DROP INDEX "public"."responses_import_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."responses_wave_external_id_key"`);
    await queryRunner.query(`ALTER TABLE "responses" DROP CONSTRAINT "responses_origin_check"`);
    await queryRunner.query(`ALTER TABLE "responses" DROP CONSTRAINT "responses_import_id_fkey"`);
    // Imported responses have no invitation: they go with their imports.
    await queryRunner.query(`DELETE FROM "responses" WHERE "import_id" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "responses" DROP COLUMN "external_id", DROP COLUMN "import_id"`);
    await queryRunner.query(`ALTER TABLE "responses" ALTER COLUMN "invitation_id" SET NOT NULL`);
    await queryRunner.query(`DROP TABLE "imports"`);
  }
}
