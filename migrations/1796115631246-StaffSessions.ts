import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: console sessions in PostgreSQL, so that they survive a restart and are shared by several instances.
 * A row without a member is a sign-in page's session (it carries the CSRF token of the sign-in form).
 * The id is the SHA-256 of the cookie value: a copy of the table opens no session.
 */
export class StaffSessions1796115631246 implements MigrationInterface {
  name = 'StaffSessions1796115631246';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "staff_sessions" (
        "id" character(64) NOT NULL,
        "member_id" uuid,
        "csrf_token" character varying(64) NOT NULL,
        "flash" character varying(500),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "staff_sessions_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "staff_sessions_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "staff_members"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE INDEX "staff_sessions_member_id_idx" ON "staff_sessions" ("member_id")`);
    await queryRunner.query(`CREATE INDEX "staff_sessions_last_seen_at_idx" ON "staff_sessions" ("last_seen_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "staff_sessions"`);
  }
}
