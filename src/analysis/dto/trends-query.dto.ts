import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, Matches } from 'class-validator';
import { WAVE_CODE_PATTERN } from '../../waves/dto/create-wave.dto';

export class TrendsQueryDto {
  @ApiPropertyOptional({
    type: String,
    example: 'ki-2019,ki-2021,ki-2023',
    description: 'Comma-separated wave codes, shown in this order; default: every wave of the survey with completed responses, by fielding start',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value))
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique({ message: 'waves must not repeat a wave' })
  @Matches(WAVE_CODE_PATTERN, { each: true, message: `each wave must match ${WAVE_CODE_PATTERN.source}` })
  waves?: string[];
}
