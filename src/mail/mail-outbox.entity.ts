import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { Invitation } from '../invitations/invitation.entity';
import type { MailKind } from './mail-templates';
import { Mailing } from './mailing.entity';

/**
 * - `queued`: waiting for its due time or for the worker;
 * - `held`: no mail server is configured; the mail was written to DATA_DIR/mail as an .eml file and waits for staff to send it;
 * - `sent`: the relay answered 250 after DATA (and nothing else means sent);
 * - `deferred`: a 4xx or a dropped connection; tried again at `due_at`;
 * - `failed`: a 5xx (the relay's reply in `last_error`) or 3 days of deferrals;
 * - `cancelled`: the invitation no longer qualified when its turn came (completed, opted out, blocked).
 */
export enum OutboxStatus {
  Queued = 'queued',
  Held = 'held',
  Sent = 'sent',
  Deferred = 'deferred',
  Failed = 'failed',
  Cancelled = 'cancelled',
}

/** One mail to one invitation. Subject and text are rendered at each attempt (they carry the personal link). */
@Entity({ name: 'mail_outbox' })
@Index('mail_outbox_due_idx', ['dueAt'], { where: `"status" IN ('queued', 'deferred')` })
@Index('mail_outbox_invitation_id_idx', ['invitationId', 'createdAt'])
@Index('mail_outbox_mailing_id_idx', ['mailingId'])
@Unique('mail_outbox_message_id_key', ['messageId'])
@Check('mail_outbox_kind_check', `"kind" IN ('invitation', 'reminder')`)
@Check('mail_outbox_status_check', `"status" IN ('queued', 'held', 'sent', 'deferred', 'failed', 'cancelled')`)
@Check('mail_outbox_attempts_check', `"attempts" >= 0`)
export class MailOutboxRow {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mail_outbox_pkey' })
  id: string;

  @Column({ name: 'mailing_id', type: 'uuid' })
  mailingId: string;

  @ManyToOne(() => Mailing, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'mailing_id', foreignKeyConstraintName: 'mail_outbox_mailing_id_fkey' })
  mailing?: Mailing;

  @Column({ name: 'invitation_id', type: 'uuid' })
  invitationId: string;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'mail_outbox_invitation_id_fkey' })
  invitation?: Invitation;

  @Column({ type: 'varchar', length: 16 })
  kind: MailKind;

  @Column({ type: 'varchar', length: 16, default: OutboxStatus.Queued })
  status: OutboxStatus;

  /** When the worker may take it next. */
  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  /** When it was first due: deferrals give up 3 days after this. */
  @Column({ name: 'first_due_at', type: 'timestamptz' })
  firstDueAt: Date;

  /** Attempts that did not end in `sent`. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  /** The relay's reply (or the connection error) of the last failed attempt, one line. */
  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  /** The Message-ID header, the same on every attempt (set when first rendered). */
  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  /** The worker that claimed it and until when; another instance takes it only after the lease ran out. */
  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'leased_by', type: 'varchar', length: 64, nullable: true })
  leasedBy: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Of a held mail: the .eml file under DATA_DIR/mail. */
  @Column({ name: 'eml_path', type: 'varchar', length: 500, nullable: true })
  emlPath: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
