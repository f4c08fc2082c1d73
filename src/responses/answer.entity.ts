import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';
import { SurveyResponse } from './response.entity';

/**
 * One answered item of a response, normalized for the analysis and written in
 * the same transaction as the response's JSONB.
 *
 * - `value` holds a scale level, `na` or a choice code; free text goes to `text`,
 *   so that the analysis index stays small and never meets a long string.
 * - `completed` mirrors the response's status, so the analysis reads one table.
 * - `questionFirst` marks one row per (response, question): a single GROUP BY
 *   pass then yields both the level counts and each question's N.
 */
@Entity({ name: 'answers' })
@Index('answers_analysis_idx', ['waveId', 'questionCode', 'itemCode', 'value', 'questionFirst'], { where: 'completed' })
@Check('answers_value_or_text_check', `(value IS NULL) <> (text IS NULL)`)
export class Answer {
  @PrimaryColumn({ name: 'response_id', type: 'uuid', primaryKeyConstraintName: 'answers_pkey' })
  responseId: string;

  /** Checked per statement by triggers, not by a foreign key (migration AnswerIntegrity): deleted with the response. */
  @ManyToOne(() => SurveyResponse, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'response_id' })
  response?: SurveyResponse;

  @PrimaryColumn({ name: 'question_code', type: 'varchar', length: 100, primaryKeyConstraintName: 'answers_pkey' })
  questionCode: string;

  @PrimaryColumn({ name: 'item_code', type: 'varchar', length: 100, primaryKeyConstraintName: 'answers_pkey' })
  itemCode: string;

  @Column({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  /** The response's wave (migration AnswerIntegrity checks it per statement). */
  @ManyToOne(() => Wave, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'wave_id' })
  wave?: Wave;

  @Column({ type: 'varchar', length: 100, nullable: true })
  value: string | null;

  @Column({ type: 'text', nullable: true })
  text: string | null;

  @Column({ type: 'boolean' })
  completed: boolean;

  @Column({ name: 'question_first', type: 'boolean' })
  questionFirst: boolean;
}
