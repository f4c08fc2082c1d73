import { ApiProperty } from '@nestjs/swagger';
import type { DefinitionDiff, DiffItem, DiffMove, DiffReworded, DiffScaleChange } from '../definition-diff';

export class DiffItemDto implements DiffItem {
  @ApiProperty({ example: 'hemmnisse' }) question: string;
  @ApiProperty({ example: 'regulatorik', description: 'Item code (matrix row), choice value, or the question code itself' }) item: string;
  @ApiProperty({ example: 'regulatorische Hürden' }) title: string;
}

export class DiffRewordedDto implements DiffReworded {
  @ApiProperty() question: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the question title changed' }) item: string | null;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
}

export class DiffScaleChangeDto implements DiffScaleChange {
  @ApiProperty({ example: 'chancen' }) question: string;
  @ApiProperty({
    example: '5 Stufen: trifft gar nicht zu · trifft eher nicht zu · teils/teils · trifft eher zu · trifft voll zu (Top-Box 2)',
  })
  from: string;
  @ApiProperty({ example: '4 Stufen: trifft nicht zu · trifft eher nicht zu · trifft eher zu · trifft zu (Top-Box 2)' }) to: string;
  @ApiProperty({ example: '5 Stufen → 4 Stufen' }) detail: string;
}

export class DiffMoveDto implements DiffMove {
  @ApiProperty() question: string;
  @ApiProperty() fromPage: string;
  @ApiProperty() toPage: string;
  @ApiProperty({ description: 'Position in the questionnaire, from 0' }) fromPosition: number;
  @ApiProperty() toPosition: number;
}

export class DefinitionDiffDto implements DefinitionDiff {
  @ApiProperty({ type: [DiffItemDto] }) added: DiffItemDto[];
  @ApiProperty({ type: [DiffItemDto] }) removed: DiffItemDto[];
  @ApiProperty({ type: [DiffRewordedDto] }) reworded: DiffRewordedDto[];
  @ApiProperty({ type: [DiffScaleChangeDto] }) scaleChanged: DiffScaleChangeDto[];
  @ApiProperty({
    type: [DiffMoveDto],
    description: 'Questions that changed page or left their order among the questions both versions have',
  })
  moved: DiffMoveDto[];
}
