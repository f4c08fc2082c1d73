import { IntersectionType } from '@nestjs/swagger';
import { TrendsQueryDto } from '../../analysis/dto/trends-query.dto';
import { CsvExportQueryDto } from './csv-export-query.dto';

export class TrendsExportQueryDto extends IntersectionType(TrendsQueryDto, CsvExportQueryDto) {}
