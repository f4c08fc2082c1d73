import { ApiProperty } from '@nestjs/swagger';
import type { DefinitionSource } from '../definition-version.entity';
import type { DefinitionSummary } from '../definitions.service';

export class DefinitionSummaryDto implements DefinitionSummary {
  @ApiProperty({ example: 'ki-mittelstand' }) surveyId: string;
  @ApiProperty({ example: '2023' }) version: string;
  @ApiProperty({
    description: 'sha256 (hex) of the canonical JSON of the definition',
    example: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  })
  hash: string;
  @ApiProperty({ enum: ['file', 'upload'], description: 'Loaded from DEFINITIONS_DIR or uploaded through the API' })
  source: DefinitionSource;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({
    type: [String],
    description: 'Codes of the waves pinned to this version; while there is one, the version is immutable',
    example: ['ki-2023'],
  })
  usedByWaves: string[];
}
