import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ImportQueryDto {
  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: report what the import would do and store nothing (200)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'dryRun must be true or false' })
  dryRun: boolean = false;

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'true: a row whose external id the wave has with other answers replaces that response (each replacement audited)',
  })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'replaceConflicts must be true or false' })
  replaceConflicts: boolean = false;
}

/** The most a mapping may be (it is small: a column list and value labels). */
export const MAX_MAPPING_CHARS = 1024 * 1024;

/** The text fields of the multipart form (the file is `file`). */
export class ImportFormDto {
  @ApiPropertyOptional({
    description:
      'The mapping as JSON: {externalId, columns: {"<column>": "<question>" | "<question>.<item>"}, values?, status?, completedAt?, skipRows?, sheet?, ignore?}. ' +
      'Without it the file must be a raw export of this service.',
  })
  @IsOptional()
  @IsString({ message: 'mapping must be JSON text' })
  @MaxLength(MAX_MAPPING_CHARS, { message: `mapping must be at most ${MAX_MAPPING_CHARS} characters` })
  mapping?: string;
}
