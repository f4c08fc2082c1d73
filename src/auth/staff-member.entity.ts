import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum StaffRole {
  Admin = 'admin',
  Analyst = 'analyst',
}

@Entity({ name: 'staff_members' })
// Unique on lower(email), an expression index TypeORM cannot describe: created by the migration, left alone by the schema check.
@Index('staff_members_email_key', { synchronize: false })
@Check('staff_members_role_check', `role IN ('admin', 'analyst')`)
export class StaffMember {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'staff_members_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: StaffRole;

  /** Sign-in name for the console (case kept as typed, compared lower-cased); null for API-only members. */
  @Column({ type: 'varchar', length: 320, nullable: true })
  email: string | null;

  /** scrypt hash (see password-hash.ts); null until the member has set a password through their link. */
  @Column({ name: 'password_hash', type: 'varchar', length: 200, nullable: true })
  passwordHash: string | null;

  /** Set when an admin revoked the account: no sign-in, no API token, no console session from then on. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
