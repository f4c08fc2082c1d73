import type { ResponseInclusion } from '../analysis.types';
import { IncludeQuery } from './include-query';
import { WaveCodesQuery } from './trends-query.dto';

export class FiguresQueryDto {
  @WaveCodesQuery(
    "Comma-separated wave codes, shown in this order instead of the figure's waves (e.g. to show a new wave beside the report's); " +
      'each must be a wave of the survey. Default: the waves of the figure in figures.json (those that do not exist are named in the notes)',
  )
  waves?: string[];

  @IncludeQuery()
  include?: ResponseInclusion;
}
