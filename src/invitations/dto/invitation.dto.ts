import { ApiProperty } from '@nestjs/swagger';
import { InvitationStatus } from '../invitation.entity';

export class CreatedInvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The personal token: shown only in this response, stored only as a hash' }) token: string;
  @ApiProperty({ example: 'http://127.0.0.1:3000/survey/<token>' }) url: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
}

export class CreatedInvitationsDto {
  @ApiProperty({ type: [CreatedInvitationDto] }) invitations: CreatedInvitationDto[];
}

/** What staff see of an invitation: its progress, or `blocked` while its link is blocked. */
export const INVITATION_STATES = [...Object.values(InvitationStatus), 'blocked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const MAIL_STATUSES = ['none', 'queued', 'held', 'sent', 'deferred', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];

/** The latest mail to an invitation (cancelled ones do not count). */
export class InvitationMailDto {
  @ApiProperty({
    enum: MAIL_STATUSES,
    description:
      '`none`: never mailed; `queued`: waiting to be sent; `held`: no mail server configured, kept as a file; ' +
      '`sent`: the relay accepted it (250 after DATA), nothing else; `deferred`: the relay refused for now (4xx) or the ' +
      'connection dropped, tried again later; `failed`: refused for good (5xx, a bounce) or given up after 3 days',
  })
  status: MailStatus;
  @ApiProperty({ description: 'Attempts of the latest mail that did not end in `sent`' }) attempts: number;
  @ApiProperty({ type: String, nullable: true, description: "The relay's reply to the latest failed attempt" }) lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a relay last accepted a mail to it' })
  lastSentAt: string | null;
  @ApiProperty({ description: 'Reminders the relay accepted' }) reminders: number;
}

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ enum: INVITATION_STATES, description: '`blocked` while the link is blocked; otherwise the progress of the response' })
  status: InvitationState;
  @ApiProperty({ enum: InvitationStatus, description: 'The progress of the response, also while blocked' }) progress: InvitationStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the link was blocked; null while it works' })
  blockedAt: string | null;
  @ApiProperty() hasEmail: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({
    format: 'date-time',
    description: 'The last change of the invitation: a save of its response, but also a block, unblock or new link',
  })
  updatedAt: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The latest save of its response; null before the first save',
  })
  lastActivityAt: string | null;
  @ApiProperty({ type: InvitationMailDto }) mail: InvitationMailDto;
  @ApiProperty({ description: 'Whether the person opted out of mails (through the link in a mail)' }) optedOut: boolean;
}

/** One invitation's contact data (admins only; reading it is audited): all null when it was created without an e-mail address. */
export class InvitationContactDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'null when the invitation was created without an address' })
  email: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Dr. Erika Beispiel' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sehr geehrte Frau Dr. Beispiel' }) salutation: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Muster GmbH' }) organisation: string | null;
}
