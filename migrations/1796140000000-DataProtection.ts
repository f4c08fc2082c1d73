import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 16, data protection.
 *
 * - `invitations`: an erased invitation keeps only the proof that it existed and was erased (status `erased`,
 *   `erased_at`, no token hash, no label). Token hashes also go when a wave's contact data is forgotten, so
 *   `token_hash` may be null (the unique index ignores nulls).
 * - `waves.closed_at`: when the wave was last closed (the contact retention counts from it; null while not closed).
 *   Waves closed before this migration take the time of their last `wave.closed` audit event, else their last update.
 * - `waves.contacts_erased_at`: when the wave's contact data and token hashes were forgotten.
 * - `privacy_notices`: per survey its privacy notice (Markdown with a header of sender, contact and the address of the
 *   full notice), from `survey-definitions/<surveyId>/privacy.md` (`source` file) or set through the API or the console (`upload`).
 */
export class DataProtection1796140000000 implements MigrationInterface {
  name = 'DataProtection1796140000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "token_hash" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "invitations" ADD "erased_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "invitations_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_status_check" CHECK (status IN ('unused', 'started', 'completed', 'erased'))`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_erased_check" CHECK ((status = 'erased') = (erased_at IS NOT NULL) AND (erased_at IS NULL OR (token_hash IS NULL AND label IS NULL)))`,
    );
    await queryRunner.query(
      `ALTER TABLE "waves" ADD "closed_at" TIMESTAMP WITH TIME ZONE, ADD "contacts_erased_at" TIMESTAMP WITH TIME ZONE`,
    );
    await queryRunner.query(`
      UPDATE "waves" w
         SET "closed_at" = COALESCE(
               (SELECT max(e.occurred_at) FROM "audit_events" e WHERE e.wave_code = w.code AND e.action = 'wave.closed'),
               w.updated_at)
       WHERE w.status = 'closed'`);
    await queryRunner.query(
      `ALTER TABLE "waves" ADD CONSTRAINT "waves_closed_at_check" CHECK ((status = 'closed') = (closed_at IS NOT NULL))`,
    );
    await queryRunner.query(`
      CREATE TABLE "privacy_notices" (
        "survey_id" character varying(100) NOT NULL,
        "markdown" text NOT NULL,
        "source" character varying(10) NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_by" uuid,
        CONSTRAINT "privacy_notices_pkey" PRIMARY KEY ("survey_id"),
        CONSTRAINT "privacy_notices_source_check" CHECK ("source" IN ('file', 'upload')),
        CONSTRAINT "privacy_notices_length_check" CHECK (length("markdown") <= 20000)
      )`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "privacy_notices"`);
    await queryRunner.query(`ALTER TABLE "waves" DROP CONSTRAINT "waves_closed_at_check"`);
    await queryRunner.query(`ALTER TABLE "waves" DROP COLUMN "contacts_erased_at", DROP COLUMN "closed_at"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "invitations_erased_check"`);
    // Erased invitations (they hold nothing) leave with the down migration. Invitations whose wave's contacts were
    // forgotten keep their responses: they get a random hash that no token has, so their links still lead nowhere.
    await queryRunner.query(`DELETE FROM "invitations" WHERE status = 'erased'`);
    await queryRunner.query(
      `UPDATE "invitations" SET token_hash = encode(sha256(gen_random_uuid()::text::bytea), 'hex') WHERE token_hash IS NULL`,
    );
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "invitations_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_status_check" CHECK (status IN ('unused', 'started', 'completed'))`,
    );
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "erased_at"`);
    await queryRunner.query(`ALTER TABLE "invitations" ALTER COLUMN "token_hash" SET NOT NULL`);
  }
}
