import { ApiProperty } from '@nestjs/swagger';
import type { QuestionKind } from '../../definitions/codebook';
import type { ItemResult, QuestionResult, ResponseInclusion, WaveResults } from '../analysis.types';
import { CI_DESCRIPTION, PercentIntervalDto, SMALL_BASE_DESCRIPTION } from './statistics.dto';

export const QUESTION_KINDS: QuestionKind[] = ['topBox', 'yes', 'choice', 'text'];

export const RESPONSE_INCLUSIONS: ResponseInclusion[] = ['completed', 'partial'];

export class ItemResultDto implements ItemResult {
  @ApiProperty({ example: 'werbung', description: 'Item code; for a single-choice question the choice value' })
  code: string;

  @ApiProperty({ example: 'zielgenauere Werbung / Promotion' })
  title: string;

  @ApiProperty({
    example: 54,
    description: 'Completed responses with an answer to the item, "keine Angabe" included (text: number of text answers)',
  })
  nAnswered: number;

  @ApiProperty({ example: 1, description: 'Of those, "keine Angabe"' })
  nNoAnswer: number;

  @ApiProperty({ example: 53, description: 'nAnswered - nNoAnswer: the base of the share' })
  nBase: number;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { '1': 1, '2': 5, '3': 17, '4': 30, na: 1 },
    description: 'Count per level (every level, 0 when unchosen) and "na"; for a choice: {"<choice>": n}; for text: {}',
  })
  counts: Record<string, number>;

  @ApiProperty({ example: 47, description: 'Count of the top box, of "ja", or of the choice' })
  topCount: number;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 88.7,
    description: 'topCount / nBase in percent, half-up to one decimal; null when nBase is 0 and for text',
  })
  share: number | null;

  @ApiProperty({ type: PercentIntervalDto, nullable: true, example: { low: 77.4, high: 94.7 }, description: CI_DESCRIPTION })
  ci: PercentIntervalDto | null;

  @ApiProperty({ example: false, description: SMALL_BASE_DESCRIPTION })
  smallBase: boolean;
}

export class QuestionResultDto implements QuestionResult {
  @ApiProperty({ example: 'chancen' })
  code: string;

  @ApiProperty({ example: 'Inwieweit eröffnet KI folgende Chancen für den Mittelstand?' })
  title: string;

  @ApiProperty({ enum: QUESTION_KINDS, example: 'topBox' })
  kind: QuestionKind;

  @ApiProperty({ example: 54, description: 'Completed responses with any answer to the question, "keine Angabe" included' })
  nReported: number;

  @ApiProperty({ type: [ItemResultDto] })
  items: ItemResultDto[];
}

export class WaveResultsDto implements WaveResults {
  @ApiProperty({ example: 'ki-2023' })
  wave: string;

  @ApiProperty({ example: 'ki-mittelstand' })
  surveyId: string;

  @ApiProperty({ example: '2023' })
  version: string;

  @ApiProperty({ example: 58, description: 'Completed responses of the wave (partial ones never count here)' })
  completed: number;

  @ApiProperty({
    enum: RESPONSE_INCLUSIONS,
    example: 'completed',
    description: 'Which responses were counted: "completed" (default) or "partial" (also the answered questions of partial responses)',
  })
  include: ResponseInclusion;

  @ApiProperty({ example: 10, description: 'MIN_BASE: a share whose base is below it is marked smallBase' })
  minBase: number;

  @ApiProperty({ type: [QuestionResultDto], description: "Every question of the wave's definition, in questionnaire order" })
  questions: QuestionResultDto[];
}
