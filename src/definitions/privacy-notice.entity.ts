import { Check, Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { DefinitionSource } from './definition-version.entity';

/**
 * A survey's privacy notice for its respondents: Markdown with a header naming the sender, the contact person and the
 * address of the full notice. From `survey-definitions/<surveyId>/privacy.md` (`file`) or set through the API or the
 * console (`upload`) for surveys uploaded there.
 */
@Entity({ name: 'privacy_notices' })
@Check('privacy_notices_source_check', `"source" IN ('file', 'upload')`)
@Check('privacy_notices_length_check', `length("markdown") <= 20000`)
export class PrivacyNotice {
  @PrimaryColumn({ name: 'survey_id', type: 'varchar', length: 100, primaryKeyConstraintName: 'privacy_notices_pkey' })
  surveyId: string;

  @Column({ type: 'text' })
  markdown: string;

  @Column({ type: 'varchar', length: 10 })
  source: DefinitionSource;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The staff member who set it through the API or the console; null for a file. */
  @Column({ name: 'updated_by', type: 'uuid', nullable: true })
  updatedBy: string | null;
}
