import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';
import type { MailKind } from './mail-templates';

/** A wave's own subject and body for one kind of mail; without a row the German defaults are used. */
@Entity({ name: 'mail_templates' })
@Check('mail_templates_kind_check', `"kind" IN ('invitation', 'reminder')`)
@Check('mail_templates_body_length_check', `length("body") <= 10000`)
export class MailTemplateRow {
  @PrimaryColumn({ name: 'wave_id', type: 'uuid', primaryKeyConstraintName: 'mail_templates_pkey' })
  waveId: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'mail_templates_pkey' })
  kind: MailKind;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id', foreignKeyConstraintName: 'mail_templates_wave_id_fkey' })
  wave?: Wave;

  @Column({ type: 'varchar', length: 200 })
  subject: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** The staff member who saved it (null once that member is gone). */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;
}
