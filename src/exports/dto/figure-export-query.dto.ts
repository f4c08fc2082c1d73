import { IntersectionType } from '@nestjs/swagger';
import { FiguresQueryDto } from '../../analysis/dto/figures-query.dto';
import { CsvExportQueryDto } from './csv-export-query.dto';

export class FigureExportQueryDto extends IntersectionType(FiguresQueryDto, CsvExportQueryDto) {}
