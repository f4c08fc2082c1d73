import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, contacts: an invitation's contact gets a name, a salutation ("Sehr geehrte Frau Dr. Beispiel")
 * and an organisation next to its e-mail address, for the mails' {{name}} and {{anrede}}. All optional.
 */
export class InvitationContactFields1796122985304 implements MigrationInterface {
  name = 'InvitationContactFields1796122985304';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "invitation_contacts" ADD "name" character varying(200), ADD "salutation" character varying(200), ADD "organisation" character varying(200)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitation_contacts" DROP COLUMN "organisation", DROP COLUMN "salutation", DROP COLUMN "name"`);
  }
}
