import { SurveyIdParamsDto } from '../../analysis/dto/analysis-params.dto';
import type { TableFormat } from '../download-file';
import { FormatExtension } from './table-format-param';

export class SurveyExportParamsDto extends SurveyIdParamsDto {
  @FormatExtension(['csv', 'xlsx'])
  ext: TableFormat;
}
