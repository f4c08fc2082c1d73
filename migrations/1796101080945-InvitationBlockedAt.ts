import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 11, point 12: an admin can block an invitation's link; while `blocked_at` is set the link answers 404, the answers stay. */
export class InvitationBlockedAt1796101080945 implements MigrationInterface {
  name = 'InvitationBlockedAt1796101080945';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" ADD "blocked_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP COLUMN "blocked_at"`);
  }
}
