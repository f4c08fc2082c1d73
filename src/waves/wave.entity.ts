import { Check, Column, Index, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { DefinitionVersion } from '../definitions/definition-version.entity';

export enum WaveStatus {
  Draft = 'draft',
  Open = 'open',
  Closed = 'closed',
}

@Entity({ name: 'waves' })
@Index('waves_code_key', ['code'], { unique: true })
@Index('waves_survey_id_version_idx', ['surveyId', 'version'])
@Check('waves_status_check', `status IN ('draft', 'open', 'closed')`)
@Check('waves_window_check', `closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at`)
@Check('waves_closed_at_check', `(status = 'closed') = (closed_at IS NOT NULL)`)
export class Wave {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'waves_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  code: string;

  @Column({ type: 'varchar', length: 300 })
  title: string;

  @Column({ name: 'survey_id', type: 'varchar', length: 100 })
  surveyId: string;

  @Column({ type: 'varchar', length: 50 })
  version: string;

  @ManyToOne(() => DefinitionVersion, { onDelete: 'RESTRICT', onUpdate: 'RESTRICT' })
  @JoinColumn([
    { name: 'survey_id', referencedColumnName: 'surveyId', foreignKeyConstraintName: 'waves_definition_fkey' },
    { name: 'version', referencedColumnName: 'version', foreignKeyConstraintName: 'waves_definition_fkey' },
  ])
  definition?: DefinitionVersion;

  @Column({ type: 'varchar', length: 10, default: WaveStatus.Draft })
  status: WaveStatus;

  @Column({ name: 'opens_at', type: 'timestamptz', nullable: true })
  opensAt: Date | null;

  @Column({ name: 'closes_at', type: 'timestamptz', nullable: true })
  closesAt: Date | null;

  /** When the wave was (last) closed; null while it is not closed. The contact retention counts from here. */
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** When the wave's contact data and token hashes were forgotten (retention, or earlier by an admin). */
  @Column({ name: 'contacts_erased_at', type: 'timestamptz', nullable: true })
  contactsErasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
