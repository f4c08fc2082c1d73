import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StaffMember } from './staff-member.entity';

/**
 * A console session (issue 13). The row's id is the SHA-256 of the cookie value; `memberId` is null for
 * the session of a sign-in form, which exists only to carry that form's CSRF token.
 */
@Entity({ name: 'staff_sessions' })
@Index('staff_sessions_member_id_idx', ['memberId'])
@Index('staff_sessions_last_seen_at_idx', ['lastSeenAt'])
export class StaffSession {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'staff_sessions_pkey' })
  id: string;

  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @ManyToOne(() => StaffMember, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'member_id', foreignKeyConstraintName: 'staff_sessions_member_id_fkey' })
  member?: StaffMember;

  /** The synchroniser token every state-changing request of this session must carry. */
  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken: string;

  /** A one-line German message for the next page this session sees (after a redirect), then cleared. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  flash: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;
}
