import { ApiProperty } from '@nestjs/swagger';
import { Wave, WaveStatus } from '../wave.entity';

export class WaveCountsDto {
  @ApiProperty() invitations: number;
  @ApiProperty({ description: 'Invitations whose response is saved but not completed' }) started: number;
  @ApiProperty({ description: 'Invitations whose response is completed' }) completed: number;
  @ApiProperty({ description: 'Completed responses imported from files (issue 15): they have no invitation' }) imported: number;
}

export class WaveContactsDto {
  @ApiProperty({ description: 'Days after the close until contact data and token hashes are forgotten (CONTACT_RETENTION_DAYS)' })
  retentionDays: number;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the service will forget them: the close plus the retention; null while the wave is not closed or once they are gone',
  })
  eraseAt: string | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When they were forgotten; from then on the personal links of this wave lead nowhere',
  })
  erasedAt: string | null;
}

/** What a wave knows beside its own row: counts, activity, contact retention and whether its survey has a privacy notice. */
export interface WaveFacts {
  counts: WaveCountsDto;
  lastActivityAt: Date | null;
  retentionDays: number;
  privacyNotice: boolean;
}

export class WaveDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty() surveyId: string;
  @ApiProperty() version: string;
  @ApiProperty({ enum: WaveStatus }) status: WaveStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) opensAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ type: WaveCountsDto }) counts: WaveCountsDto;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The latest save of any response of the wave; null without responses',
  })
  lastActivityAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the wave was (last) closed; null while not closed' })
  closedAt: string | null;
  @ApiProperty({ type: WaveContactsDto }) contacts: WaveContactsDto;
  @ApiProperty({
    description: 'Whether its survey has a privacy notice; without one, respondents see no privacy notice, sender or contact person',
  })
  privacyNotice: boolean;

  static from(wave: Wave, { counts, lastActivityAt, retentionDays, privacyNotice }: WaveFacts): WaveDto {
    return {
      code: wave.code,
      title: wave.title,
      surveyId: wave.surveyId,
      version: wave.version,
      status: wave.status,
      opensAt: wave.opensAt?.toISOString() ?? null,
      closesAt: wave.closesAt?.toISOString() ?? null,
      createdAt: wave.createdAt.toISOString(),
      updatedAt: wave.updatedAt.toISOString(),
      counts,
      lastActivityAt: lastActivityAt?.toISOString() ?? null,
      closedAt: wave.closedAt?.toISOString() ?? null,
      contacts: {
        retentionDays,
        eraseAt:
          wave.closedAt === null || (wave.contactsErasedAt !== null && wave.contactsErasedAt >= wave.closedAt)
            ? null
            : new Date(wave.closedAt.getTime() + retentionDays * 24 * 60 * 60 * 1000).toISOString(),
        erasedAt: wave.contactsErasedAt?.toISOString() ?? null,
      },
      privacyNotice,
    };
  }
}

export class AuditEventDto {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() actor: string;
  @ApiProperty({ example: 'wave.opened' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}
