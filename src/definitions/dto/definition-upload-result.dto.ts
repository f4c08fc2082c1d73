import { HttpStatus } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { StoredDefinition, StoreResult } from '../definitions.service';

export class DefinitionUploadResultDto implements StoredDefinition {
  @ApiProperty({
    enum: ['created', 'unchanged', 'replaced'],
    description: 'created (201), unchanged: same content (200), replaced: an unused version got new content (200)',
  })
  result: StoreResult;
  @ApiProperty({ example: 'ki-mittelstand' }) surveyId: string;
  @ApiProperty({ example: '2025' }) version: string;
  @ApiProperty({ description: 'sha256 (hex) of the canonical JSON of the definition' }) hash: string;

  /** 201 for a new version, 200 otherwise. */
  static status(stored: StoredDefinition): HttpStatus {
    return stored.result === 'created' ? HttpStatus.CREATED : HttpStatus.OK;
  }
}
