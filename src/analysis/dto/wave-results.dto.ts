import { ApiProperty } from '@nestjs/swagger';
import type { QuestionKind } from '../../definitions/codebook';
import type { Breakdown, BreakdownGroup, ItemResult, QuestionResult, ResponseInclusion, WaveResults } from '../analysis.types';
import {
  CI_DESCRIPTION,
  INCLUSION_DESCRIPTION,
  METHODS_DESCRIPTION,
  METHODS_EXAMPLE,
  PercentIntervalDto,
  SMALL_BASE_DESCRIPTION,
} from './statistics.dto';

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

  @ApiProperty({ enum: RESPONSE_INCLUSIONS, example: 'completed', description: INCLUSION_DESCRIPTION })
  include: ResponseInclusion;

  @ApiProperty({ example: 10, description: 'MIN_BASE: a share whose base is below it is marked smallBase' })
  minBase: number;

  @ApiProperty({
    example: 58,
    description:
      'Responses whose answers were counted: `completed`, plus with include=partial the partial responses with at least one stored answer ' +
      '(each of them counts in the questions it answered, so nReported differs by question)',
  })
  counted: number;

  @ApiProperty({ type: [QuestionResultDto], description: "Every question of the wave's definition, in questionnaire order" })
  questions: QuestionResultDto[];

  @ApiProperty({ type: [String], example: METHODS_EXAMPLE, description: METHODS_DESCRIPTION })
  methods: string[];

  @ApiProperty({
    type: () => BreakdownDto,
    nullable: true,
    required: false,
    description: 'With ?by=<single-choice question>: the results per answer option; null without ?by',
  })
  breakdown?: BreakdownDto | null;
}

export class BreakdownGroupDto implements BreakdownGroup {
  @ApiProperty({
    example: 'trainer',
    description: 'The option\'s value; "na" for "keine Angabe" (and completed responses that did not answer the question)',
  })
  code: string;

  @ApiProperty({ example: 'KI-Trainer:in' })
  title: string;

  @ApiProperty({ type: Number, nullable: true, example: 12, description: 'Responses in the group; null when suppressed' })
  n: number | null;

  @ApiProperty({
    example: false,
    description:
      'true: fewer than MIN_GROUP responses, or the smallest shown group hidden as well because a single hidden group could be computed ' +
      'as the total minus the others; then n and questions are null',
  })
  suppressed: boolean;

  @ApiProperty({
    type: [QuestionResultDto],
    nullable: true,
    description:
      "The group's results with the same fields as `questions` (intervals and small-base marks on the group's bases); null when suppressed",
  })
  questions: QuestionResultDto[] | null;
}

export class BreakdownDto implements Breakdown {
  @ApiProperty({ example: 'rolle', description: 'The single-choice question the results are broken down by' })
  by: string;

  @ApiProperty({ example: 'Welche Rolle haben Sie im Netzwerk?' })
  title: string;

  @ApiProperty({ example: 5, description: 'MIN_GROUP: groups with fewer responses are suppressed' })
  minGroup: number;

  @ApiProperty({ example: 58, description: 'Responses in all groups together (suppressed groups included)' })
  total: number;

  @ApiProperty({ type: [BreakdownGroupDto], description: 'The options in the order of the question, then "keine Angabe"' })
  groups: BreakdownGroupDto[];
}
