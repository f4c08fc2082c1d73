import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsOptional, Matches } from 'class-validator';
import { WAVE_CODE_PATTERN } from '../../waves/dto/create-wave.dto';
import type { ResponseInclusion } from '../analysis.types';
import { IncludeQuery } from './include-query';

/** `?waves=a,b,c`: comma-separated wave codes, validated one by one (existence and survey are checked by the service). */
export function WaveCodesQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, example: 'ki-2019,ki-2021,ki-2023', description }),
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.split(',').map((code) => code.trim()) : value)),
    ArrayMinSize(1),
    ArrayMaxSize(50),
    ArrayUnique({ message: 'waves must not repeat a wave' }),
    Matches(WAVE_CODE_PATTERN, { each: true, message: `each wave must match ${WAVE_CODE_PATTERN.source}` }),
  );
}

export class TrendsQueryDto {
  @WaveCodesQuery(
    'Comma-separated wave codes, shown in this order; default: every wave of the survey with completed responses ' +
      '(with include=partial: with any answer), by fielding start',
  )
  waves?: string[];

  @IncludeQuery()
  include?: ResponseInclusion;
}
