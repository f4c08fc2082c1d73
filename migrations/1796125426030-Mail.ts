import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 14, e-mail invitations and reminders.
 *
 * - `invitation_contacts.link_token`: the personal token of an invitation that has an e-mail address, so that the
 *   invitation mail and every reminder carry the same link. Invitations without an address keep only the hash;
 *   contacts created before this migration have none (a new link must be issued before they can be mailed).
 * - `mail_templates`: subject and body per wave and kind (the defaults are used while a wave has none).
 * - `mailings`: one staff decision to send (kind, time, reminder rules, who asked); its outbox rows are written in
 *   the same transaction.
 * - `mail_outbox`: one row per mail and recipient; the worker claims due rows with FOR UPDATE SKIP LOCKED and a
 *   lease. Subject and text are not stored (they carry the personal link): they are rendered at each attempt.
 * - `mail_recipients`: per mailed invitation its opt-out token and whether the person opted out.
 * - `invitation_mail_status`: the mail state of each invitation as the invitation list shows it.
 */
export class Mail1796125426030 implements MigrationInterface {
  name = 'Mail1796125426030';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitation_contacts" ADD "link_token" character varying(64)`);
    await queryRunner.query(`
      CREATE TABLE "mail_templates" (
        "wave_id" uuid NOT NULL,
        "kind" character varying(16) NOT NULL,
        "subject" character varying(200) NOT NULL,
        "body" text NOT NULL,
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_by" uuid,
        CONSTRAINT "mail_templates_pkey" PRIMARY KEY ("wave_id", "kind"),
        CONSTRAINT "mail_templates_kind_check" CHECK ("kind" IN ('invitation', 'reminder')),
        CONSTRAINT "mail_templates_body_length_check" CHECK (length("body") <= 10000),
        CONSTRAINT "mail_templates_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "mailings" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "wave_id" uuid NOT NULL,
        "kind" character varying(16) NOT NULL,
        "scheduled_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "min_days_since_last" integer,
        "max_reminders" integer,
        "invitation_ids" uuid array,
        "queued" integer NOT NULL,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "mailings_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "mailings_kind_check" CHECK ("kind" IN ('invitation', 'reminder')),
        CONSTRAINT "mailings_wave_id_fkey" FOREIGN KEY ("wave_id") REFERENCES "waves"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "mailings_wave_id_idx" ON "mailings" ("wave_id", "created_at")`);
    await queryRunner.query(`
      CREATE TABLE "mail_recipients" (
        "invitation_id" uuid NOT NULL,
        "opt_out_token" character varying(64) NOT NULL,
        "opted_out_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "mail_recipients_pkey" PRIMARY KEY ("invitation_id"),
        CONSTRAINT "mail_recipients_opt_out_token_key" UNIQUE ("opt_out_token"),
        CONSTRAINT "mail_recipients_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`
      CREATE TABLE "mail_outbox" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "mailing_id" uuid NOT NULL,
        "invitation_id" uuid NOT NULL,
        "kind" character varying(16) NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'queued',
        "due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "first_due_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        "last_error" character varying(500),
        "message_id" character varying(255),
        "lease_until" TIMESTAMP WITH TIME ZONE,
        "leased_by" character varying(64),
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "eml_path" character varying(500),
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "mail_outbox_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "mail_outbox_kind_check" CHECK ("kind" IN ('invitation', 'reminder')),
        CONSTRAINT "mail_outbox_status_check" CHECK ("status" IN ('queued', 'held', 'sent', 'deferred', 'failed', 'cancelled')),
        CONSTRAINT "mail_outbox_attempts_check" CHECK ("attempts" >= 0),
        CONSTRAINT "mail_outbox_message_id_key" UNIQUE ("message_id"),
        CONSTRAINT "mail_outbox_mailing_id_fkey" FOREIGN KEY ("mailing_id") REFERENCES "mailings"("id") ON DELETE CASCADE,
        CONSTRAINT "mail_outbox_invitation_id_fkey" FOREIGN KEY ("invitation_id") REFERENCES "invitations"("id") ON DELETE CASCADE
      )`);
    // The worker's query: due rows, oldest first. Partial, so sent and failed rows cost nothing.
    await queryRunner.query(`CREATE INDEX "mail_outbox_due_idx" ON "mail_outbox" ("due_at") WHERE "status" IN ('queued', 'deferred')`);
    await queryRunner.query(`CREATE INDEX "mail_outbox_invitation_id_idx" ON "mail_outbox" ("invitation_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "mail_outbox_mailing_id_idx" ON "mail_outbox" ("mailing_id")`);
    await queryRunner.query(`
      CREATE VIEW "invitation_mail_status" AS
      SELECT i.id AS invitation_id,
             COALESCE(latest.status, 'none') AS status,
             COALESCE(latest.attempts, 0) AS attempts,
             latest.last_error,
             sent.last_sent_at,
             COALESCE(sent.reminders, 0) AS reminders,
             r.opted_out_at IS NOT NULL AS opted_out
        FROM invitations i
        LEFT JOIN mail_recipients r ON r.invitation_id = i.id
        LEFT JOIN LATERAL (
          SELECT o.status, o.attempts, o.last_error
            FROM mail_outbox o
           WHERE o.invitation_id = i.id AND o.status <> 'cancelled'
           ORDER BY o.created_at DESC, o.id DESC
           LIMIT 1
        ) latest ON true
        LEFT JOIN LATERAL (
          SELECT max(o.sent_at) AS last_sent_at,
                 (count(*) FILTER (WHERE o.kind = 'reminder'))::int AS reminders
            FROM mail_outbox o
           WHERE o.invitation_id = i.id AND o.status = 'sent'
        ) sent ON true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "invitation_mail_status"`);
    await queryRunner.query(`DROP TABLE "mail_outbox"`);
    await queryRunner.query(`DROP TABLE "mail_recipients"`);
    await queryRunner.query(`DROP TABLE "mailings"`);
    await queryRunner.query(`DROP TABLE "mail_templates"`);
    await queryRunner.query(`ALTER TABLE "invitation_contacts" DROP COLUMN "link_token"`);
  }
}
