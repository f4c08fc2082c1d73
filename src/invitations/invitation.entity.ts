import { Check, Column, Index, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { Wave } from '../waves/wave.entity';

export enum InvitationStatus {
  Unused = 'unused',
  Started = 'started',
  Completed = 'completed',
}

@Entity({ name: 'invitations' })
@Index('invitations_token_hash_key', ['tokenHash'], { unique: true })
@Index('invitations_wave_id_position_idx', ['waveId', 'position'])
@Check('invitations_status_check', `status IN ('unused', 'started', 'completed')`)
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

  /** sha256 (hex) of the personal token; the token is shown once and never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  label: string | null;

  @Column({ type: 'varchar', length: 10, default: InvitationStatus.Unused })
  status: InvitationStatus;

  /** Set while an admin has blocked the link (leaked, or sent to the wrong person); the answers stay. */
  @Column({ name: 'blocked_at', type: 'timestamptz', nullable: true })
  blockedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
