import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity';

export type PasswordLinkPurpose = 'invite' | 'reset';

/** A one-time link to set a password (invitation of a new member, or reset); only the token's sha256 is stored. */
@Entity({ name: 'staff_password_links' })
@Index('staff_password_links_member_id_idx', ['memberId'])
@Check('staff_password_links_purpose_check', `purpose IN ('invite', 'reset')`)
export class StaffPasswordLink {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64, primaryKeyConstraintName: 'staff_password_links_pkey' })
  tokenHash: string;

  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ManyToOne(() => StaffMember, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'staff_password_links_member_id_fkey' })
  member?: StaffMember;

  @Column({ type: 'varchar', length: 10 })
  purpose: PasswordLinkPurpose;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** Set when the link was used, or replaced by a newer one. */
  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
