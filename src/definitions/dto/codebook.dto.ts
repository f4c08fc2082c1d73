import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Codebook, CodebookChoice, CodebookItem, CodebookLevel, CodebookQuestion, CodebookScale, QuestionKind } from '../codebook';

export class CodebookLevelDto implements CodebookLevel {
  @ApiProperty({ example: 4 }) value: number;
  @ApiProperty({ example: 'trifft zu' }) label: string;
}

export class CodebookScaleDto implements CodebookScale {
  @ApiProperty({ type: [CodebookLevelDto], description: 'Levels low to high: 1..k, or 0 (nein), 1 (ja)' }) levels: CodebookLevelDto[];
  @ApiProperty({ example: 'keine Angabe', description: 'Label of the "na" column' }) noAnswerLabel: string;
  @ApiProperty({ example: 2, description: 'How many of the highest levels form the top box' }) topBox: number;
  @ApiProperty({ type: [Number], example: [3, 4] }) topValues: number[];
}

export class CodebookChoiceDto implements CodebookChoice {
  @ApiProperty({ example: 'experimentierphase' }) value: string;
  @ApiProperty({ example: 'Experimentierphase' }) label: string;
}

export class CodebookItemDto implements CodebookItem {
  @ApiProperty({ example: 'prozesseffizienz' }) code: string;
  @ApiProperty({ example: 'gesteigerte Prozesseffizienz' }) title: string;
}

export class CodebookQuestionDto implements CodebookQuestion {
  @ApiProperty({ example: 'chancen' }) code: string;
  @ApiProperty({ enum: ['matrix', 'radiogroup', 'dropdown', 'text', 'comment'] }) type: string;
  @ApiProperty({ enum: ['topBox', 'yes', 'choice', 'text'] }) kind: QuestionKind;
  @ApiProperty() title: string;
  @ApiProperty({ example: 'chancen_seite' }) page: string;
  @ApiProperty({ description: 'Position in the questionnaire, from 0' }) position: number;
  @ApiPropertyOptional({ type: CodebookScaleDto, description: 'Rating and yes/no questions' }) scale?: CodebookScaleDto;
  @ApiPropertyOptional({ type: [CodebookChoiceDto], description: 'Single-choice questions, without "na"' }) choices?: CodebookChoiceDto[];
  @ApiPropertyOptional({ description: 'Label of the "na" choice of a single-choice question' }) noAnswerLabel?: string;
  @ApiProperty({ type: [CodebookItemDto], description: 'Matrix rows; a single-choice or free-text question is its own item' })
  items: CodebookItemDto[];
}

export class CodebookDto implements Codebook {
  @ApiProperty() title: string;
  @ApiProperty({ type: [CodebookQuestionDto] }) questions: CodebookQuestionDto[];
}
