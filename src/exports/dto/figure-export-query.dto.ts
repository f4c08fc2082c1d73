import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { FiguresQueryDto } from '../../analysis/dto/figures-query.dto';
import { CsvExportQueryDto } from './csv-export-query.dto';

export class FigureExportQueryDto extends IntersectionType(FiguresQueryDto, CsvExportQueryDto) {
  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description:
      'SVG only: true draws the 95 % Wilson interval of every share as a whisker, marks a significant change "*" (bold) and one that is not "n.s." (lighter), ' +
      'and small bases "°"; the notes under the chart explain each. Ignored for .csv and .xlsx (they always carry the interval columns)',
  })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ci must be true or false' })
  ci: boolean = false;
}
