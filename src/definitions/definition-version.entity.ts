import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type DefinitionSource = 'file' | 'upload';

/** One immutable-once-used version of a survey's SurveyJS definition. */
@Entity({ name: 'definition_versions' })
export class DefinitionVersion {
  @PrimaryColumn({ name: 'survey_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'definition_versions_pkey' })
  surveyId: string;

  @PrimaryColumn({ type: 'varchar', length: 50, primaryKeyConstraintName: 'definition_versions_pkey' })
  version: string;

  @Column({ type: 'jsonb' })
  content: Record<string, unknown>;

  /** sha256 (hex) of the canonical JSON of `content`. */
  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 10 })
  source: DefinitionSource;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
