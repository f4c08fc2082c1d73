import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, Unique } from 'typeorm';
import { Invitation } from '../invitations/invitation.entity';

/** An invitation that was mailed: its opt-out token (the {{abmelden}} link) and whether the person opted out. */
@Entity({ name: 'mail_recipients' })
@Unique('mail_recipients_opt_out_token_key', ['optOutToken'])
export class MailRecipient {
  @PrimaryColumn({ name: 'invitation_id', type: 'uuid', primaryKeyConstraintName: 'mail_recipients_pkey' })
  invitationId: string;

  @OneToOne(() => Invitation, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitation_id', foreignKeyConstraintName: 'mail_recipients_invitation_id_fkey' })
  invitation?: Invitation;

  /** Random, URL-safe; it can only opt this one invitation out, so it is kept readable to be put into every mail. */
  @Column({ name: 'opt_out_token', type: 'varchar', length: 64 })
  optOutToken: string;

  @Column({ name: 'opted_out_at', type: 'timestamptz', nullable: true })
  optedOutAt: Date | null;
}
