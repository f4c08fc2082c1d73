import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { Invitation } from './invitation.entity';

/** Contact data, kept in a table of its own so that no answer query or export can reach it by accident. */
@Entity({ name: 'invitation_contacts' })
export class InvitationContact {
  @PrimaryColumn({ name: 'invitation_id', type: 'uuid', primaryKeyConstraintName: 'invitation_contacts_pkey' })
  invitationId: string;

  @OneToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'invitation_contacts_invitation_id_fkey' })
  invitation?: Invitation;

  @Column({ type: 'varchar', length: 320 })
  email: string;

  /**
   * The personal token, kept for invitations with an address so that the invitation mail and every reminder
   * carry the same link (null for contacts created before mails existed). Never shown, exported or logged.
   */
  @Column({ name: 'link_token', type: 'varchar', length: 64, nullable: true })
  linkToken: string | null;

  /** The person's name, for the mails' {{name}}. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  name: string | null;

  /** How a mail addresses the person ("Sehr geehrte Frau Dr. Beispiel"), the mails' {{anrede}}. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  salutation: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  organisation: string | null;
}
