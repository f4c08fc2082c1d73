import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed console sign-in, for the slowdown (sign-in-slowdown.ts). Kept in
 * PostgreSQL so that several instances share it; rows older than the window
 * are deleted whenever a failure is recorded.
 */
@Entity({ name: 'staff_sign_in_failures' })
@Index('staff_sign_in_failures_email_idx', ['email', 'failedAt'])
@Index('staff_sign_in_failures_address_idx', ['address', 'failedAt'])
@Index('staff_sign_in_failures_failed_at_idx', ['failedAt'])
export class StaffSignInFailure {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'staff_sign_in_failures_pkey' })
  id: string;

  /** Lower-cased, trimmed e-mail as typed (also for e-mails without an account), cut to 320 characters. */
  @Column({ type: 'varchar', length: 320 })
  email: string;

  /** Client address. */
  @Column({ type: 'varchar', length: 100 })
  address: string;

  @Column({ name: 'failed_at', type: 'timestamptz' })
  failedAt: Date;
}
