import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13 (staff console): the acting staff member's id on audit events (the "Protokoll" filter by
 * person; older rows and the system have none), indexes for the audit filters and its newest-first
 * pages, and one index for a wave's activity (last save, progress per day) read from the index alone.
 */
export class AuditActorIdAndResponseActivity1796115817986 implements MigrationInterface {
  name = 'AuditActorIdAndResponseActivity1796115817986';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_events" ADD "actor_id" uuid`);
    await queryRunner.query(`CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events" ("occurred_at", "id") `);
    await queryRunner.query(`CREATE INDEX "audit_events_action_idx" ON "audit_events" ("action", "occurred_at") `);
    await queryRunner.query(`CREATE INDEX "audit_events_actor_id_idx" ON "audit_events" ("actor_id", "occurred_at") `);
    await queryRunner.query(
      `CREATE INDEX "responses_wave_activity_idx" ON "responses" ("wave_id", "updated_at", "created_at", "completed_at") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."responses_wave_activity_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_actor_id_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_action_idx"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_occurred_at_idx"`);
    await queryRunner.query(`ALTER TABLE "audit_events" DROP COLUMN "actor_id"`);
  }
}
