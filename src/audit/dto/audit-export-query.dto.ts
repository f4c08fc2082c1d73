import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { CsvDialect } from '../../exports/csv-dialect';
import { AuditQueryDto } from './audit-query.dto';

/** The filters of GET /api/audit (without the page) and the CSV dialect. */
export class AuditExportQueryDto extends PickType(AuditQueryDto, ['wave', 'action', 'actor'] as const) {
  @ApiPropertyOptional({
    enum: CsvDialect,
    default: CsvDialect.Excel,
    description: 'excel = ";" separated, UTF-8 with BOM, CRLF (German Excel); plain = "," separated, no BOM (RFC 4180)',
  })
  @IsOptional()
  @IsEnum(CsvDialect, { message: `format must be one of ${Object.values(CsvDialect).join(', ')}` })
  format: CsvDialect = CsvDialect.Excel;
}
