import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (Access): staff accounts with e-mail and password for the console.
 * - staff_members gets email (unique, case-insensitive), password_hash, revoked_at;
 * - bearer tokens move to staff_api_tokens (several per member, label, revocable, last use):
 *   every existing token hash is copied over, then staff_members.token_hash is dropped;
 * - staff_password_links: one-time links to set a password (invitation, reset);
 * - staff_sign_in_failures: failed sign-ins for the per-account and per-address slowdown.
 */
export class StaffAccounts1796115912983 implements MigrationInterface {
  name = 'StaffAccounts1796115912983';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "staff_members" ADD "email" character varying(320)`);
    await queryRunner.query(`ALTER TABLE "staff_members" ADD "password_hash" character varying(200)`);
    await queryRunner.query(`ALTER TABLE "staff_members" ADD "revoked_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_members_email_key" ON "staff_members" (lower("email"))`);

    await queryRunner.query(
      `CREATE TABLE "staff_api_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "member_id" uuid NOT NULL, "label" character varying(100) NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "staff_api_tokens_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_api_tokens_token_hash_key" ON "staff_api_tokens" ("token_hash") `);
    await queryRunner.query(`CREATE INDEX "staff_api_tokens_member_id_idx" ON "staff_api_tokens" ("member_id") `);
    await queryRunner.query(
      `ALTER TABLE "staff_api_tokens" ADD CONSTRAINT "staff_api_tokens_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "staff_members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Every existing bearer token keeps working: its hash moves to the new table, created when the member was.
    await queryRunner.query(
      `INSERT INTO "staff_api_tokens" ("member_id", "label", "token_hash", "created_at") SELECT "id", 'Token', "token_hash", "created_at" FROM "staff_members"`,
    );
    await queryRunner.query(`DROP INDEX "public"."staff_members_token_hash_key"`);
    await queryRunner.query(`ALTER TABLE "staff_members" DROP COLUMN "token_hash"`);

    await queryRunner.query(
      `CREATE TABLE "staff_password_links" ("token_hash" character(64) NOT NULL, "member_id" uuid NOT NULL, "purpose" character varying(10) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_password_links_purpose_check" CHECK (purpose IN ('invite', 'reset')), CONSTRAINT "staff_password_links_pkey" PRIMARY KEY ("token_hash"))`,
    );
    await queryRunner.query(`CREATE INDEX "staff_password_links_member_id_idx" ON "staff_password_links" ("member_id") `);
    await queryRunner.query(
      `ALTER TABLE "staff_password_links" ADD CONSTRAINT "staff_password_links_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "staff_members"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(
      `CREATE TABLE "staff_sign_in_failures" ("id" BIGSERIAL NOT NULL, "email" character varying(320) NOT NULL, "address" character varying(100) NOT NULL, "failed_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "staff_sign_in_failures_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "staff_sign_in_failures_email_idx" ON "staff_sign_in_failures" ("email", "failed_at") `);
    await queryRunner.query(`CREATE INDEX "staff_sign_in_failures_address_idx" ON "staff_sign_in_failures" ("address", "failed_at") `);
    await queryRunner.query(`CREATE INDEX "staff_sign_in_failures_failed_at_idx" ON "staff_sign_in_failures" ("failed_at") `);
  }

  /** Back to one token per member: each member keeps its oldest unrevoked token (a revoked member, or one without such a token, gets an unusable random hash). */
  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_sign_in_failures"`);
    await queryRunner.query(`DROP TABLE "staff_password_links"`);
    await queryRunner.query(`ALTER TABLE "staff_members" ADD "token_hash" character(64)`);
    await queryRunner.query(
      `UPDATE "staff_members" m SET "token_hash" = COALESCE(
         (SELECT t."token_hash" FROM "staff_api_tokens" t WHERE t."member_id" = m."id" AND t."revoked_at" IS NULL AND m."revoked_at" IS NULL ORDER BY t."created_at", t."id" LIMIT 1),
         encode(sha256(gen_random_uuid()::text::bytea), 'hex'))`,
    );
    await queryRunner.query(`ALTER TABLE "staff_members" ALTER COLUMN "token_hash" SET NOT NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_members_token_hash_key" ON "staff_members" ("token_hash") `);
    await queryRunner.query(`DROP TABLE "staff_api_tokens"`);
    await queryRunner.query(`DROP INDEX "public"."staff_members_email_key"`);
    await queryRunner.query(`ALTER TABLE "staff_members" DROP COLUMN "revoked_at"`);
    await queryRunner.query(`ALTER TABLE "staff_members" DROP COLUMN "password_hash"`);
    await queryRunner.query(`ALTER TABLE "staff_members" DROP COLUMN "email"`);
  }
}
