import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { OutboxStatus } from '../mail-outbox.entity';
import { MAIL_KINDS, type MailKind } from '../mail-templates';

export const OUTBOX_PAGE_SIZE_MAX = 500;
const OUTBOX_STATUSES = Object.values(OutboxStatus);

export class OutboxQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'held,deferred,failed',
    description: `Only mails in these states, comma-separated (${OUTBOX_STATUSES.join(', ')}); without it: all`,
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value))
  @ArrayMinSize(1)
  @ArrayMaxSize(OUTBOX_STATUSES.length)
  @IsIn(OUTBOX_STATUSES, { each: true, message: `status must be a comma-separated list of ${OUTBOX_STATUSES.join(', ')}` })
  status?: OutboxStatus[];

  @ApiPropertyOptional({ default: 0, minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'offset must be a whole number' })
  @Min(0)
  @Max(10_000_000)
  offset?: number;

  @ApiPropertyOptional({ default: 100, minimum: 1, maximum: OUTBOX_PAGE_SIZE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1)
  @Max(OUTBOX_PAGE_SIZE_MAX)
  limit?: number;
}

const STATUS_DESCRIPTION =
  '`queued`: waiting for its time or the worker; `held`: no mail server configured, kept as an .eml file; `sent`: the relay ' +
  'answered 250 after DATA; `deferred`: 4xx or dropped connection, tried again at dueAt; `failed`: 5xx (bounce) or given up ' +
  'after 3 days; `cancelled`: no longer qualified when its turn came (completed, blocked, opted out, wave closed)';

/** One mail of the outbox: no address and no content (contact data). */
export class OutboxEntryDto {
  @ApiProperty({ format: 'uuid', description: 'Also the local part of its Message-ID' }) id: string;
  @ApiProperty({ format: 'uuid' }) mailingId: string;
  @ApiProperty({ format: 'uuid' }) invitationId: string;
  @ApiProperty({ enum: MAIL_KINDS }) kind: MailKind;
  @ApiProperty({ enum: OutboxStatus, description: STATUS_DESCRIPTION }) status: OutboxStatus;
  @ApiProperty({ description: 'Attempts that did not end in sent' }) attempts: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The relay's reply to the last failed attempt, 'relay: …' for a relay problem, 'cancelled: <why>'",
  })
  lastError: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When it is (or was) due' }) dueAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class OutboxCountsDto {
  @ApiProperty() queued: number;
  @ApiProperty() held: number;
  @ApiProperty() sent: number;
  @ApiProperty() deferred: number;
  @ApiProperty() failed: number;
  @ApiProperty() cancelled: number;
}

export class OutboxPageDto {
  @ApiProperty({ description: 'Mails in the requested states' }) total: number;
  @ApiProperty({ type: OutboxCountsDto, description: 'Mails of the wave in each state' }) counts: OutboxCountsDto;
  @ApiProperty({ type: [OutboxEntryDto], description: 'Newest first' }) entries: OutboxEntryDto[];
}

export class ReleasedHeldDto {
  @ApiProperty({ description: 'Held mails queued again; the service sends them in the background' }) released: number;
}

export class RelayProblemDto {
  @ApiProperty({ description: "The relay's reply or the connection error (no credentials)" }) error: string;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: String, format: 'date-time', description: 'When this instance tries the relay again' }) retryAt: Date;
}

export class MailStatusDto {
  @ApiProperty({ description: 'false: no SMTP_URL; mails are kept as .eml files (held) and nothing leaves the machine' })
  mailServerConfigured: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    example: 'relay.example.org:587',
    description: 'Host and port of the relay, never its credentials',
  })
  relayHost: string | null;
  @ApiProperty({ example: 'Befragung <befragung@example.org>', description: 'MAIL_FROM' }) from: string;
  @ApiProperty({ description: 'MAIL_RATE_PER_MINUTE: mails a minute per running instance' }) ratePerMinute: number;
  @ApiProperty({
    type: RelayProblemDto,
    nullable: true,
    description: "The last relay problem this instance's worker met (credentials refused, relay unreachable); null while sending works",
  })
  relayProblem: RelayProblemDto | null;
}

export class MailingSummaryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: MAIL_KINDS }) kind: MailKind;
  @ApiProperty({ type: String, format: 'date-time' }) scheduledAt: Date;
  @ApiProperty({ description: 'Mails it queued' }) queued: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member who sent it' }) createdBy: string | null;
  @ApiProperty({ type: Number, nullable: true }) minDaysSinceLast: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxReminders: number | null;
  @ApiProperty({ description: 'It named its invitations rather than "everyone who qualifies"' }) explicit: boolean;
  @ApiProperty({ type: OutboxCountsDto, description: 'Its mails in each state now' }) counts: OutboxCountsDto;
}
