import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CsvExportQueryDto } from './csv-export-query.dto';

export class RawExportQueryDto extends CsvExportQueryDto {
  @ApiPropertyOptional({
    enum: ['partial'],
    description: 'partial: add the partial (not completed) responses; the status column tells them apart',
  })
  @IsOptional()
  @IsIn(['partial'], { message: 'include must be partial' })
  include?: 'partial';

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'true: answer labels instead of codes ("na" becomes "keine Angabe")' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'labels must be true or false' })
  labels: boolean = false;
}
