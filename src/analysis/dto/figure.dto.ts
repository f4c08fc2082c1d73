import { ApiProperty } from '@nestjs/swagger';
import type { Figure, FigureRow, FigureValue, ResponseInclusion } from '../analysis.types';
import type { SurveyFigures } from '../figures.service';
import { FIGURE_STATISTICS } from '../figure-spec';
import {
  ChangeStatisticsDto,
  CI_DESCRIPTION,
  INCLUSION_DESCRIPTION,
  METHODS_DESCRIPTION,
  METHODS_EXAMPLE,
  PercentIntervalDto,
  SMALL_BASE_DESCRIPTION,
} from './statistics.dto';
import { RESPONSE_INCLUSIONS } from './wave-results.dto';
import { ScaleChangeDto, WaveNDto } from './survey-trends.dto';

export class FigureValueDto extends ChangeStatisticsDto implements FigureValue {
  @ApiProperty({ example: 'ki-2023' })
  wave: string;

  @ApiProperty({ description: 'false: "nicht abgefragt" (share null, never 0)' })
  asked: boolean;

  @ApiProperty({ type: Number, nullable: true, example: 88.7 })
  share: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 53 })
  nBase: number | null;

  @ApiProperty({ type: PercentIntervalDto, nullable: true, example: { low: 77.4, high: 94.7 }, description: CI_DESCRIPTION })
  ci: PercentIntervalDto | null;

  @ApiProperty({ example: false, description: SMALL_BASE_DESCRIPTION })
  smallBase: boolean;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3.2,
    description: 'Percentage points against the previous shown wave that asked the item',
  })
  deltaPp: number | null;
}

export class FigureRowDto implements FigureRow {
  @ApiProperty({ example: 'werbung' })
  code: string;

  @ApiProperty({ example: 'zielgenauere Werbung / Promotion' })
  title: string;

  @ApiProperty({ type: [FigureValueDto] })
  values: FigureValueDto[];
}

export class FigureDto implements Figure {
  @ApiProperty({ example: 'ki-mittelstand' })
  surveyId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Quelle: WIK-Befragung …' })
  source: string | null;

  @ApiProperty({ example: 'abb3' })
  id: string;

  @ApiProperty({ example: 3 })
  number: number;

  @ApiProperty({ example: 'Inwieweit eröffnet KI folgende Chancen für den Mittelstand?' })
  title: string;

  @ApiProperty({ example: 'chancen' })
  question: string;

  @ApiProperty({ enum: FIGURE_STATISTICS, example: 'topBox' })
  statistic: Figure['statistic'];

  @ApiProperty({
    type: [String],
    example: ['ki-2019', 'ki-2021', 'ki-2023'],
    description: 'The waves of the specification that exist, in its order',
  })
  waves: string[];

  @ApiProperty({ description: 'The report shows the change against the previous wave' })
  delta: boolean;

  @ApiProperty({ type: [WaveNDto], description: 'The N printed under the figure, per wave' })
  n: WaveNDto[];

  @ApiProperty({ type: [FigureRowDto], description: 'Items (or choices) in the order of the figure' })
  rows: FigureRowDto[];

  @ApiProperty({
    type: [String],
    description: 'Notes of the specification, then notes generated from the data ("nicht abgefragt", scale changes, missing waves)',
  })
  notes: string[];

  @ApiProperty({ type: [ScaleChangeDto] })
  scaleChanged: ScaleChangeDto[];

  @ApiProperty({ enum: RESPONSE_INCLUSIONS, example: 'completed', description: INCLUSION_DESCRIPTION })
  include: ResponseInclusion;

  @ApiProperty({ example: 10, description: 'MIN_BASE: a share whose base is below it is marked smallBase' })
  minBase: number;

  @ApiProperty({ type: [String], example: METHODS_EXAMPLE, description: METHODS_DESCRIPTION })
  methods: string[];
}

export class SurveyFiguresDto implements SurveyFigures {
  @ApiProperty({ example: 'ki-mittelstand' })
  surveyId: string;

  @ApiProperty({ type: String, nullable: true, example: 'Künstliche Intelligenz im Mittelstand' })
  title: string | null;

  @ApiProperty({ type: String, nullable: true })
  source: string | null;

  @ApiProperty({ enum: RESPONSE_INCLUSIONS, example: 'completed', description: INCLUSION_DESCRIPTION })
  include: ResponseInclusion;

  @ApiProperty({ type: [FigureDto], description: 'Every figure of figures.json, in its order; empty when the survey has none' })
  figures: FigureDto[];
}
