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

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ enum: InvitationStatus }) status: InvitationStatus;
  @ApiProperty() hasEmail: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
