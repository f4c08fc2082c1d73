import { ApiProperty } from '@nestjs/swagger';
import type { AuditEventView, AuditPage } from '../audit.service';

export class AuditTrailEventDto {
  @ApiProperty({ example: '42' }) id: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ example: 'Test Admin (admin)' }) actor: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The staff member; null for the system and older events' })
  actorId: string | null;
  @ApiProperty({ example: 'wave.opened' }) action: string;
  @ApiProperty({ type: String, nullable: true }) waveCode: string | null;
  @ApiProperty({ type: String, nullable: true }) surveyId: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;

  static from(event: AuditEventView): AuditTrailEventDto {
    return {
      id: event.id,
      occurredAt: event.occurredAt.toISOString(),
      actor: event.actor,
      actorId: event.actorId,
      action: event.action,
      waveCode: event.waveCode,
      surveyId: event.surveyId,
      details: event.details,
    };
  }
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditTrailEventDto], description: 'Newest first' }) events: AuditTrailEventDto[];
  @ApiProperty({ description: 'Events matching the filters' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;

  static from(page: AuditPage): AuditPageDto {
    return {
      events: page.events.map((event) => AuditTrailEventDto.from(event)),
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }
}

export class AuditActorOptionDto {
  @ApiProperty({ description: 'What the actor filter takes: the staff member’s id, or the actor text' }) value: string;
  @ApiProperty() label: string;
}

export class AuditFiltersDto {
  @ApiProperty({ type: [String] }) waveCodes: string[];
  @ApiProperty({ type: [String] }) actions: string[];
  @ApiProperty({ type: [AuditActorOptionDto] }) actors: AuditActorOptionDto[];
}
