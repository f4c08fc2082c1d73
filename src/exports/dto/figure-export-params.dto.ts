import { FigureParamsDto } from '../../analysis/dto/analysis-params.dto';
import type { ExportFormat } from '../download-file';
import { FormatExtension } from './table-format-param';

export class FigureExportParamsDto extends FigureParamsDto {
  @FormatExtension(['csv', 'xlsx', 'svg'])
  ext: ExportFormat;
}
