import { ApiProperty } from '@nestjs/swagger';
import { WaveStatus } from '../../waves/wave.entity';

export class ProgressDayDto {
  @ApiProperty({ example: '2025-07-27', description: 'Calendar day in Europe/Berlin' }) day: string;
  @ApiProperty({ description: 'Responses started (first save) on this day' }) started: number;
  @ApiProperty({ description: 'Responses completed on this day' }) completed: number;
  @ApiProperty({ description: 'Responses started up to and including this day' }) startedTotal: number;
  @ApiProperty({ description: 'Responses completed up to and including this day' }) completedTotal: number;
}

export class WaveProgressDto {
  @ApiProperty() wave: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: WaveStatus }) status: WaveStatus;
  @ApiProperty() invitations: number;
  @ApiProperty({ description: 'Responses started (saved at least once), completed ones included' }) started: number;
  @ApiProperty() completed: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 33.3,
    description: 'completed / invitations in percent, half-up to one decimal; null without invitations',
  })
  responseRate: number | null;
  @ApiProperty({
    type: [ProgressDayDto],
    description:
      'Every day from the first (opening day, or the first response’s day) to the last (today, the closing day or the window’s last day, ' +
      'whichever is earliest, extended to the last day with activity); days without activity included',
  })
  days: ProgressDayDto[];
}
