import { ApiProperty } from '@nestjs/swagger';
import type { QuestionKind } from '../../definitions/codebook';
import type { ResponseInclusion, ScaleChange, SeriesPoint, SurveyTrends, TrendItem, TrendQuestion, WaveN } from '../analysis.types';
import {
  ChangeStatisticsDto,
  CI_DESCRIPTION,
  INCLUSION_DESCRIPTION,
  METHODS_DESCRIPTION,
  METHODS_EXAMPLE,
  PercentIntervalDto,
  SMALL_BASE_DESCRIPTION,
} from './statistics.dto';
import { QUESTION_KINDS, RESPONSE_INCLUSIONS } from './wave-results.dto';

export class ScaleChangeDto implements ScaleChange {
  @ApiProperty({ example: 'ki-2019' })
  from: string;

  @ApiProperty({ example: 'ki-2021' })
  to: string;

  @ApiProperty({ example: '2019: 5 Stufen (trifft gar nicht zu … trifft voll zu), 2021: 4 Stufen (trifft nicht zu … trifft zu)' })
  detail: string;

  @ApiProperty({ type: [String], description: 'Level labels of `from`, low to high' })
  fromLevels: string[];

  @ApiProperty({ type: [String], description: 'Level labels of `to`, low to high' })
  toLevels: string[];

  @ApiProperty({ example: 2, description: 'Upper levels forming the top box in `from`' })
  fromTopBox: number;

  @ApiProperty({ example: 2, description: 'Upper levels forming the top box in `to`' })
  toTopBox: number;
}

export class WaveNDto implements WaveN {
  @ApiProperty({ example: 'ki-2023' })
  wave: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 54,
    description: 'Completed responses with any answer to the question; null where the wave did not ask it',
  })
  nReported: number | null;
}

export class SeriesPointDto extends ChangeStatisticsDto implements SeriesPoint {
  @ApiProperty({ example: 'ki-2023' })
  wave: string;

  @ApiProperty({ description: 'false where the wave did not ask the item: then share, nBase and deltaPp are null (never 0)' })
  asked: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 88.7 })
  share: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 53 })
  nBase: number | null;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 47,
    description: 'Count of the top box (or "ja", or the choice); null where not asked',
  })
  topCount: number | null;

  @ApiProperty({ type: PercentIntervalDto, nullable: true, example: { low: 77.4, high: 94.7 }, description: CI_DESCRIPTION })
  ci: PercentIntervalDto | null;

  @ApiProperty({ example: false, description: SMALL_BASE_DESCRIPTION })
  smallBase: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3.2,
    description:
      'Percentage points against the previous wave that asked the item (difference of the rounded shares); null for the first and where a share is null',
  })
  deltaPp: number | null;
}

export class TrendItemDto implements TrendItem {
  @ApiProperty({ example: 'regulatorik' })
  code: string;

  @ApiProperty({ example: 'regulatorische Hürden', description: 'Wording in the latest wave that asked the item' })
  title: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'ki-2023',
    description: 'First wave that asked the item, when that is not the first wave shown',
  })
  newIn: string | null;

  @ApiProperty({ type: [String], example: ['ki-2019', 'ki-2021'] })
  notAskedIn: string[];

  @ApiProperty({ type: [String], description: 'Waves whose wording differs from the previous wave that asked the item' })
  rewordedIn: string[];

  @ApiProperty({ type: [SeriesPointDto] })
  series: SeriesPointDto[];
}

export class TrendQuestionDto implements TrendQuestion {
  @ApiProperty({ example: 'chancen' })
  code: string;

  @ApiProperty({ example: 'Inwieweit eröffnet KI folgende Chancen für den Mittelstand?' })
  title: string;

  @ApiProperty({ enum: QUESTION_KINDS.filter((kind) => kind !== 'text'), example: 'topBox' })
  kind: QuestionKind;

  @ApiProperty({ type: [WaveNDto] })
  n: WaveNDto[];

  @ApiProperty({
    type: [ScaleChangeDto],
    description: 'Consecutive waves (that asked the question) whose scales differ in levels, labels or top box',
  })
  scaleChanged: ScaleChangeDto[];

  @ApiProperty({ type: [TrendItemDto] })
  items: TrendItemDto[];
}

export class SurveyTrendsDto implements SurveyTrends {
  @ApiProperty({ example: 'ki-mittelstand' })
  surveyId: string;

  @ApiProperty({ type: [String], example: ['ki-2019', 'ki-2021', 'ki-2023'] })
  waves: string[];

  @ApiProperty({ enum: RESPONSE_INCLUSIONS, example: 'completed', description: INCLUSION_DESCRIPTION })
  include: ResponseInclusion;

  @ApiProperty({ example: 10, description: 'MIN_BASE: a share whose base is below it is marked smallBase' })
  minBase: number;

  @ApiProperty({
    type: [TrendQuestionDto],
    description: 'Questions of the latest wave in its order, then questions only earlier waves asked; free text is left out',
  })
  questions: TrendQuestionDto[];

  @ApiProperty({ type: [String], example: METHODS_EXAMPLE, description: METHODS_DESCRIPTION })
  methods: string[];
}
