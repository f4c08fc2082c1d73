import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity';

/** A bearer token of a staff member for the API and scripts; only its sha256 is stored. */
@Entity({ name: 'staff_api_tokens' })
@Index('staff_api_tokens_token_hash_key', ['tokenHash'], { unique: true })
@Index('staff_api_tokens_member_id_idx', ['memberId'])
export class StaffApiToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'staff_api_tokens_pkey' })
  id: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => StaffMember, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'staff_api_tokens_member_id_fkey' })
  member?: StaffMember;

  @Column({ type: 'varchar', length: 100 })
  label: string;

  /** sha256 (hex) of the token; the token is shown once and never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  /** Updated at most once a minute per token. */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
