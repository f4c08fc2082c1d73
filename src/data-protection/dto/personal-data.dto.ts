import { ApiProperty } from '@nestjs/swagger';

/**
 * Everything the service stores about one invitation, for a person's access request (GDPR Art. 15). The personal link
 * itself is not in it: only its SHA-256 is stored for the questionnaire (and, for invitations with an address, the link
 * for the mails, which an export must not hand on).
 */
export class PersonalDataDto {
  @ApiProperty({ format: 'date-time' }) exportedAt: string;
  @ApiProperty({ description: 'German: what this file is and what it leaves out' }) about: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'code, title, surveyId, version, status' })
  wave: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'id, label, status, linkActive, tokenHash, linkStoredForMails, blockedAt, erasedAt, createdAt, updatedAt',
  })
  invitation: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'email, name, salutation, organisation' })
  contact: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Its responses with their answers as stored' })
  responses: Array<Record<string, unknown>>;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: 'Mails to it: kind, state, attempts, the relay’s last reply, when',
  })
  mails: Array<Record<string, unknown>>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'optedOutAt, when it opted out of mails' })
  optOut: Record<string, unknown> | null;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Audit events about it: when, who, what' })
  auditEvents: Array<Record<string, unknown>>;
}
