import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches } from 'class-validator';
import type { ResponseInclusion } from '../analysis.types';
import { CODE_PATTERN } from '../figure-spec';
import { IncludeQuery } from './include-query';

export class ResultsQueryDto {
  @IncludeQuery()
  include?: ResponseInclusion;

  @ApiPropertyOptional({
    example: 'rolle',
    pattern: CODE_PATTERN.source,
    description:
      'Code of a single-choice question of the wave\'s definition: the results per answer option (then "keine Angabe") in `breakdown`; ' +
      'groups with fewer than MIN_GROUP completed responses are suppressed, and with them the next smallest where the hidden ' +
      'ones alone or together would be fewer than MIN_GROUP; empty: no breakdown',
  })
  // An empty `by=` (a form's "keine Aufschlüsselung") means no breakdown.
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsOptional()
  @Matches(CODE_PATTERN, { message: `by must be a question code (${CODE_PATTERN.source})` })
  by?: string;
}
