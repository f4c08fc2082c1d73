import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';
import type { MailKind } from './mail-templates';

/** One decision of staff to send mails (an invitation round or a reminder round), with the rules it was made under. */
@Entity({ name: 'mailings' })
@Index('mailings_wave_id_idx', ['waveId', 'createdAt'])
@Check('mailings_kind_check', `"kind" IN ('invitation', 'reminder')`)
export class Mailing {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'mailings_pkey' })
  id: string;

  @Column({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id', foreignKeyConstraintName: 'mailings_wave_id_fkey' })
  wave?: Wave;

  @Column({ type: 'varchar', length: 16 })
  kind: MailKind;

  /** When its mails are due (the time of the request when it was not scheduled). */
  @Column({ name: 'scheduled_at', type: 'timestamptz' })
  scheduledAt: Date;

  /** Reminder rules the recipients were chosen by (null for invitations). */
  @Column({ name: 'min_days_since_last', type: 'integer', nullable: true })
  minDaysSinceLast: number | null;

  @Column({ name: 'max_reminders', type: 'integer', nullable: true })
  maxReminders: number | null;

  /** The invitations staff named, or null for "everyone who qualifies". */
  @Column({ name: 'invitation_ids', type: 'uuid', array: true, nullable: true })
  invitationIds: string[] | null;

  /** How many outbox rows it wrote. */
  @Column({ type: 'integer' })
  queued: number;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
