import { ApiProperty } from '@nestjs/swagger';
import { INVITATION_STATES, type InvitationState } from './invitation.dto';

export class PersonInvitationWaveDto {
  @ApiProperty({ example: 'ki-2025' }) code: string;
  @ApiProperty({ example: 'KI im Mittelstand 2025' }) title: string;
}

/** One invitation of a person found by their e-mail address (GET /api/invitations?email=…): to act on an access or erasure request. */
export class PersonInvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: PersonInvitationWaveDto }) wave: PersonInvitationWaveDto;
  @ApiProperty({ enum: INVITATION_STATES, description: '`blocked` while the link is blocked; otherwise the progress of the response' })
  status: InvitationState;
  @ApiProperty({ type: String, nullable: true, description: 'Contact data: the stored name' }) name: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Contact data: the stored organisation' }) organisation: string | null;
}
