import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum StaffRole {
  Admin = 'admin',
  Analyst = 'analyst',
}

@Entity({ name: 'staff_members' })
@Index('staff_members_token_hash_key', ['tokenHash'], { unique: true })
@Check('staff_members_role_check', `role IN ('admin', 'analyst')`)
export class StaffMember {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'staff_members_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: StaffRole;

  /** sha256 (hex) of the bearer token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
