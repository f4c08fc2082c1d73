import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, IsUUID, Max, Min, ValidateBy } from 'class-validator';
import { MAIL_KINDS, type MailKind } from '../mail-templates';
import { OFFSET_DATE_TIME_EXAMPLE, parseOffsetDateTime } from '../offset-date-time';

export const MAX_INVITATION_IDS_PER_MAILING = 10_000;

export class CreateMailingDto {
  @ApiProperty({ enum: MAIL_KINDS, description: '`invitation` or `reminder`' })
  @IsIn(MAIL_KINDS, { message: 'kind must be "invitation" or "reminder"' })
  kind: MailKind;

  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    description:
      'Only these invitations (an invitation mail then goes again to those already invited); without it every invitation that qualifies',
  })
  @IsOptional()
  @ArrayMinSize(1, { message: 'invitationIds must name at least one invitation (leave it out for all)' })
  @ArrayMaxSize(MAX_INVITATION_IDS_PER_MAILING)
  @IsUUID('all', { each: true, message: 'invitationIds must be invitation ids (uuids)' })
  invitationIds?: string[];

  @ApiPropertyOptional({
    format: 'date-time',
    description: 'When to send: YYYY-MM-DDTHH:MM(:SS(.sss))? with Z or ±HH:MM (a real date; no week or ordinal dates); without it: now',
  })
  @IsOptional()
  @ValidateBy(
    { name: 'isOffsetDateTime', validator: { validate: (value: unknown) => parseOffsetDateTime(value) !== null } },
    {
      message: `scheduledAt must be a real date and time as YYYY-MM-DDTHH:MM:SS with Z or an offset ±HH:MM, e.g. ${OFFSET_DATE_TIME_EXAMPLE}`,
    },
  )
  scheduledAt?: string;

  @ApiPropertyOptional({ default: 3, description: 'Reminders: days since the last accepted mail to the person, at least' })
  @IsOptional()
  @IsInt({ message: 'minDaysSinceLast must be a whole number of days' })
  @Min(0)
  @Max(365)
  minDaysSinceLast?: number;

  @ApiPropertyOptional({ default: 2, description: 'Reminders: at most this many reminders per person in all' })
  @IsOptional()
  @IsInt({ message: 'maxReminders must be a whole number' })
  @Min(1)
  @Max(10)
  maxReminders?: number;
}

export class CreatedMailingDto {
  @ApiProperty({ format: 'uuid' }) mailingId: string;
  @ApiProperty({ description: 'Mails written to the outbox' }) queued: number;
  @ApiProperty({
    description:
      'Invitations left out, by reason (no_contact, no_link, opted_out, blocked, completed, mail_pending, mail_failed, already_invited, not_invited, max_reminders, too_soon)',
    type: 'object',
    additionalProperties: { type: 'integer' },
  })
  skipped: Record<string, number>;
  @ApiProperty({ description: 'false: no mail server is configured; the mails will be kept as files (status held), not sent' })
  mailServerConfigured: boolean;
}
