import { WaveCodeParamsDto } from '../../analysis/dto/analysis-params.dto';
import type { TableFormat } from '../download-file';
import { FormatExtension } from './table-format-param';

export class WaveExportParamsDto extends WaveCodeParamsDto {
  @FormatExtension(['csv', 'xlsx'])
  ext: TableFormat;
}
