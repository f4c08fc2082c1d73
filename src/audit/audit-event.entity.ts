import { Column, Index, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who did what, when. Deliberately without foreign keys: the trail outlives
 * what it describes (the deletion of a draft wave is itself an event).
 */
@Entity({ name: 'audit_events' })
@Index('audit_events_wave_code_idx', ['waveCode', 'occurredAt'])
@Index('audit_events_occurred_at_idx', ['occurredAt', 'id'])
@Index('audit_events_action_idx', ['action', 'occurredAt'])
@Index('audit_events_actor_id_idx', ['actorId', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'audit_events_pkey' })
  id: string;

  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'varchar', length: 200 })
  actor: string;

  /** The staff member's id; null for the system and for events recorded before issue 13. */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 60 })
  action: string;

  @Column({ name: 'wave_code', type: 'varchar', length: 100, nullable: true })
  waveCode: string | null;

  @Column({ name: 'survey_id', type: 'varchar', length: 100, nullable: true })
  surveyId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;
}
