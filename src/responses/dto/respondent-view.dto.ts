import { ApiProperty } from '@nestjs/swagger';

export type RespondentStatus = 'new' | 'partial' | 'completed';

export class RespondentWaveDto {
  @ApiProperty() code: string;
  @ApiProperty() title: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closesAt: string | null;
}

export class RespondentViewDto {
  @ApiProperty({ type: RespondentWaveDto }) wave: RespondentWaveDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The SurveyJS definition; null once completed' })
  definition: Record<string, unknown> | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Saved answers; empty once completed' })
  answers: Record<string, unknown>;
  @ApiProperty({ enum: ['new', 'partial', 'completed'] }) status: RespondentStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'Send it with the next save' }) revision: number | null;
}

export class SavedResponseDto {
  @ApiProperty({ enum: ['partial', 'completed'] }) status: 'partial' | 'completed';
  @ApiProperty() revision: number;
}
