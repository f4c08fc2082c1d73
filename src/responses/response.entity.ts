import { Check, Column, Index, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ImportRecord } from '../imports/import.entity';
import { Invitation } from '../invitations/invitation.entity';
import { Wave } from '../waves/wave.entity';

export enum ResponseStatus {
  Partial = 'partial',
  Completed = 'completed',
}

export type SurveyAnswers = Record<string, unknown>;

@Entity({ name: 'responses' })
@Index('responses_invitation_id_key', ['invitationId'], { unique: true })
@Index('responses_wave_id_status_idx', ['waveId', 'status'])
/** A wave's activity from the index alone: its last save (max updated_at), its starts and completions per day. */
@Index('responses_wave_activity_idx', ['waveId', 'updatedAt', 'createdAt', 'completedAt'])
@Check('responses_status_check', `status IN ('partial', 'completed')`)
@Check('responses_completed_at_check', `(status = 'completed') = (completed_at IS NOT NULL)`)
@Check('responses_revision_check', `revision >= 1`)
/** Exactly one origin: an online response has its invitation, an imported one its import and the id it had in the file. */
@Check(
  'responses_origin_check',
  `("invitation_id" IS NULL) = ("import_id" IS NOT NULL) AND ("import_id" IS NULL) = ("external_id" IS NULL)`,
)
@Index('responses_wave_external_id_key', ['waveId', 'externalId'], { unique: true, where: `"external_id" IS NOT NULL` })
@Index('responses_import_id_idx', ['importId'], { where: `"import_id" IS NOT NULL` })
@Index('responses_imported_by_wave_idx', ['waveId', 'status'], { where: `"import_id" IS NOT NULL` })
export class SurveyResponse {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'responses_pkey' })
  id: string;

  @Column({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id', foreignKeyConstraintName: 'responses_wave_id_fkey' })
  wave?: Wave;

  /** The invitation of an online response; null for an imported one. */
  @Column({ name: 'invitation_id', type: 'uuid', nullable: true })
  invitationId: string | null;

  @ManyToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'responses_invitation_id_fkey' })
  invitation?: Invitation;

  /** The import an imported response came with (issue 15); null for an online one. */
  @Column({ name: 'import_id', type: 'uuid', nullable: true })
  importId: string | null;

  @ManyToOne(() => ImportRecord, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'responses_import_id_fkey' })
  importRecord?: ImportRecord;

  /** The response's id in the imported file, unique per wave (the same row is never stored twice). */
  @Column({ name: 'external_id', type: 'varchar', length: 200, nullable: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 10 })
  status: ResponseStatus;

  /** The SurveyJS answer object, exactly as validated. */
  @Column({ type: 'jsonb' })
  answers: SurveyAnswers;

  /**
   * The answered items as the analysis counts them (src/responses/answer-cells.ts), made from `answers` and written
   * with it in the same statement.
   */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  cells: string[];

  /** Optimistic lock: every accepted save increments it. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
