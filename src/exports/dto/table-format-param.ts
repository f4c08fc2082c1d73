import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import type { ExportFormat } from '../download-file';

/** The `.ext` of an export route: which file format to answer with. */
export function FormatExtension(formats: ExportFormat[]): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ enum: formats, description: 'File format, from the extension of the path' }),
    IsIn(formats, { message: `the file extension must be one of ${formats.map((format) => `.${format}`).join(', ')}` }),
  );
}
