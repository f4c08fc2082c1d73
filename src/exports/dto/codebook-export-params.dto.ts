import { DefinitionVersionParamsDto } from '../../definitions/dto/definition-params.dto';
import type { TableFormat } from '../download-file';
import { FormatExtension } from './table-format-param';

export class CodebookExportParamsDto extends DefinitionVersionParamsDto {
  @FormatExtension(['csv', 'xlsx'])
  ext: TableFormat;
}
