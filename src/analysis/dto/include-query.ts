import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RESPONSE_INCLUSIONS } from './wave-results.dto';

/** `?include=completed|partial`: which responses are counted (default completed). */
export function IncludeQuery(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: RESPONSE_INCLUSIONS,
      default: 'completed',
      description:
        '"completed" (default): only completed responses; "partial": also the answered questions of partial responses ' +
        '(every output says which was used in `include` and in `methods`)',
    }),
    IsOptional(),
    IsIn(RESPONSE_INCLUSIONS, { message: `include must be one of: ${RESPONSE_INCLUSIONS.join(', ')}` }),
  );
}
