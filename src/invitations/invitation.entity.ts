import { Check, Column, Index, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';

export enum InvitationStatus {
  Unused = 'unused',
  Started = 'started',
  Completed = 'completed',
  /** Erased on the person's request: the row only proves that an invitation existed and was erased. */
  Erased = 'erased',
}

@Entity({ name: 'invitations' })
@Index('invitations_token_hash_key', ['tokenHash'], { unique: true })
@Index('invitations_wave_id_position_idx', ['waveId', 'position'])
@Check('invitations_status_check', `status IN ('unused', 'started', 'completed', 'erased')`)
@Check(
  'invitations_erased_check',
  `(status = 'erased') = (erased_at IS NOT NULL) AND (erased_at IS NULL OR (token_hash IS NULL AND label IS NULL))`,
)
export class Invitation {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'invitations_pkey' })
  id: string;

  /** The order of creation, also within one request (lists show invitations in this order). */
  @Column({ type: 'bigint', generated: 'identity', generatedIdentity: 'BY DEFAULT', update: false })
  position: string;

  @Column({ name: 'wave_id', type: 'uuid' })
  waveId: string;

  @ManyToOne(() => Wave, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wave_id', foreignKeyConstraintName: 'invitations_wave_id_fkey' })
  wave?: Wave;

  /**
   * sha256 (hex) of the personal token; the token is shown once and never stored. Null once the invitation is
   * erased or its wave's contact data is forgotten: the link then leads nowhere.
   */
  @Column({ name: 'token_hash', type: 'char', length: 64, nullable: true })
  tokenHash: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  @Column({ type: 'varchar', length: 10, default: InvitationStatus.Unused })
  status: InvitationStatus;

  /** Set while an admin has blocked the link (leaked, or sent to the wrong person); the answers stay. */
  @Column({ name: 'blocked_at', type: 'timestamptz', nullable: true })
  blockedAt: Date | null;

  /** When the invitation was erased on the person's request (status `erased`). */
  @Column({ name: 'erased_at', type: 'timestamptz', nullable: true })
  erasedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
