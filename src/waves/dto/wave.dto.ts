import { ApiProperty } from '@nestjs/swagger';
import { Wave, WaveStatus } from '../wave.entity';

export class WaveCountsDto {
  @ApiProperty() invitations: number;
  @ApiProperty({ description: 'Invitations whose response is saved but not completed' }) started: number;
  @ApiProperty({ description: 'Invitations whose response is completed' }) completed: number;
  @ApiProperty({ description: 'Completed responses imported from files (issue 15): they have no invitation' }) imported: number;
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

  static from(wave: Wave, counts: WaveCountsDto, lastActivityAt: Date | null = null): WaveDto {
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
    };
  }
}

export class AuditEventDto {
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty() actor: string;
  @ApiProperty({ example: 'wave.opened' }) action: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
}
