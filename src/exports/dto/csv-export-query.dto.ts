import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional } from 'class-validator';
import { CsvDialect } from '../csv-dialect';

export class CsvExportQueryDto {
  @ApiPropertyOptional({
    enum: CsvDialect,
    default: CsvDialect.Excel,
    description:
      'CSV dialect: excel = ";" separated, decimal comma, UTF-8 with BOM (German Excel, R read.csv2); plain = "," separated, decimal point, no BOM (RFC 4180). Ignored for .xlsx and .svg',
  })
  @IsOptional()
  @IsEnum(CsvDialect, { message: `format must be one of ${Object.values(CsvDialect).join(', ')}` })
  format: CsvDialect = CsvDialect.Excel;
}
