import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsOptional, Matches } from 'class-validator';
import { CsvExportQueryDto } from '../../exports/dto/csv-export-query.dto';
import { WAVE_CODE_PATTERN } from '../../waves/dto/create-wave.dto';

/** `?wellen=ki-2021&wellen=ki-2023`: the waves ticked in the picker of the trends page (a GET form of checkboxes). */
function WavePickerField(): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? [value] : value)),
    IsArray({ message: 'wellen must be wave codes' }),
    ArrayMaxSize(50),
    ArrayUnique({ message: 'wellen must not repeat a wave' }),
    Matches(WAVE_CODE_PATTERN, { each: true, message: `each of wellen must match ${WAVE_CODE_PATTERN.source}` }),
  );
}

export class WavePickerQueryDto {
  @WavePickerField()
  wellen?: string[];
}

/** A download of the trends page: the picked waves and the CSV dialect. */
export class WavePickerExportQueryDto extends CsvExportQueryDto {
  @WavePickerField()
  wellen?: string[];

  /** SVG of a figure: draw the intervals and mark the significance of changes (as the API's ?ci=true). */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'ci must be true or false' })
  ci: boolean = false;
}
