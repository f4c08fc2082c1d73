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
