import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1795536812921 implements MigrationInterface {
  name = 'InitialSchema1795536812921';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "definition_versions" ("survey_id" character varying(100) NOT NULL, "version" character varying(50) NOT NULL, "content" jsonb NOT NULL, "hash" character(64) NOT NULL, "source" character varying(10) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "definition_versions_pkey" PRIMARY KEY ("survey_id", "version"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "waves" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(100) NOT NULL, "title" character varying(300) NOT NULL, "survey_id" character varying(100) NOT NULL, "version" character varying(50) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'draft', "opens_at" TIMESTAMP WITH TIME ZONE, "closes_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "waves_window_check" CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at), CONSTRAINT "waves_status_check" CHECK (status IN ('draft', 'open', 'closed')), CONSTRAINT "waves_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "waves_survey_id_version_idx" ON "waves" ("survey_id", "version") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "waves_code_key" ON "waves" ("code") `);
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wave_id" uuid NOT NULL, "token_hash" character(64) NOT NULL, "label" character varying(200), "status" character varying(10) NOT NULL DEFAULT 'unused', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "invitations_status_check" CHECK (status IN ('unused', 'started', 'completed')), CONSTRAINT "invitations_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "invitations_wave_id_idx" ON "invitations" ("wave_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "responses" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "wave_id" uuid NOT NULL, "invitation_id" uuid NOT NULL, "status" character varying(10) NOT NULL, "answers" jsonb NOT NULL, "revision" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "responses_revision_check" CHECK (revision >= 1), CONSTRAINT "responses_completed_at_check" CHECK ((status = 'completed') = (completed_at IS NOT NULL)), CONSTRAINT "responses_status_check" CHECK (status IN ('partial', 'completed')), CONSTRAINT "responses_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "responses_wave_id_status_idx" ON "responses" ("wave_id", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "responses_invitation_id_key" ON "responses" ("invitation_id") `);
    await queryRunner.query(
      `CREATE TABLE "answers" ("response_id" uuid NOT NULL, "question_code" character varying(100) NOT NULL, "item_code" character varying(100) NOT NULL, "wave_id" uuid NOT NULL, "value" character varying(100), "text" text, "completed" boolean NOT NULL, "question_first" boolean NOT NULL, CONSTRAINT "answers_value_or_text_check" CHECK ((value IS NULL) <> (text IS NULL)), CONSTRAINT "answers_pkey" PRIMARY KEY ("response_id", "question_code", "item_code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "answers_analysis_idx" ON "answers" ("wave_id", "question_code", "item_code", "value", "question_first") WHERE completed`,
    );
    await queryRunner.query(
      `CREATE TABLE "invitation_contacts" ("invitation_id" uuid NOT NULL, "email" character varying(320) NOT NULL, CONSTRAINT "invitation_contacts_pkey" PRIMARY KEY ("invitation_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "staff_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "role" character varying(10) NOT NULL, "token_hash" character(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_members_role_check" CHECK (role IN ('admin', 'analyst')), CONSTRAINT "staff_members_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "staff_members_token_hash_key" ON "staff_members" ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "audit_events" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor" character varying(200) NOT NULL, "action" character varying(60) NOT NULL, "wave_code" character varying(100), "survey_id" character varying(100), "details" jsonb NOT NULL, CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "audit_events_wave_code_idx" ON "audit_events" ("wave_code", "occurred_at") `);
    await queryRunner.query(
      `ALTER TABLE "waves" ADD CONSTRAINT "waves_definition_fkey" FOREIGN KEY ("survey_id", "version") REFERENCES "definition_versions"("survey_id","version") ON DELETE RESTRICT ON UPDATE RESTRICT`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "invitations_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "responses_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "responses" ADD CONSTRAINT "responses_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "responses"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "answers" ADD CONSTRAINT "answers_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitation_contacts" ADD CONSTRAINT "invitation_contacts_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitation_contacts" DROP CONSTRAINT "invitation_contacts_invitation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "answers" DROP CONSTRAINT "answers_wave_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "answers" DROP CONSTRAINT "answers_response_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "responses" DROP CONSTRAINT "responses_invitation_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "responses" DROP CONSTRAINT "responses_wave_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "invitations_wave_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "waves" DROP CONSTRAINT "waves_definition_fkey"`);
    await queryRunner.query(`DROP INDEX "public"."audit_events_wave_code_idx"`);
    await queryRunner.query(`DROP TABLE "audit_events"`);
    await queryRunner.query(`DROP INDEX "public"."staff_members_token_hash_key"`);
    await queryRunner.query(`DROP TABLE "staff_members"`);
    await queryRunner.query(`DROP TABLE "invitation_contacts"`);
    await queryRunner.query(`DROP INDEX "public"."answers_analysis_idx"`);
    await queryRunner.query(`DROP TABLE "answers"`);
    await queryRunner.query(`DROP INDEX "public"."responses_invitation_id_key"`);
    await queryRunner.query(`DROP INDEX "public"."responses_wave_id_status_idx"`);
    await queryRunner.query(`DROP TABLE "responses"`);
    await queryRunner.query(`DROP INDEX "public"."invitations_token_hash_key"`);
    await queryRunner.query(`DROP INDEX "public"."invitations_wave_id_idx"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP INDEX "public"."waves_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."waves_survey_id_version_idx"`);
    await queryRunner.query(`DROP TABLE "waves"`);
    await queryRunner.query(`DROP TABLE "definition_versions"`);
  }
}
