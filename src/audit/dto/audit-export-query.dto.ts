import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, IsString, Length } from 'class-validator';
import { CsvDialect } from '../../exports/csv-dialect';

/** The filters of GET /api/audit (without the page) and the CSV dialect. */
export class AuditExportQueryDto {
  @ApiPropertyOptional({ example: 'ki-2025', description: 'Only events of this wave' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  wave?: string;

  @ApiPropertyOptional({ example: 'invitation.erased', description: 'Only events of this action' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  action?: string;

  @ApiPropertyOptional({
    example: 'system',
    description: "Only events of this person: a staff member's id, or for events without id (the system, older events) the actor text",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({
    enum: CsvDialect,
    default: CsvDialect.Excel,
    description: 'excel = ";" separated, UTF-8 with BOM, CRLF (German Excel); plain = "," separated, no BOM (RFC 4180)',
  })
  @IsOptional()
  @IsEnum(CsvDialect, { message: `format must be one of ${Object.values(CsvDialect).join(', ')}` })
  format: CsvDialect = CsvDialect.Excel;
}
