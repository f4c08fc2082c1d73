import { IntersectionType } from '@nestjs/swagger';
import { ResultsQueryDto } from '../../analysis/dto/results-query.dto';
import { CsvExportQueryDto } from './csv-export-query.dto';

/** `?include=partial`, `?by=<question>` and the CSV dialect of the results of a wave as a file. */
export class ResultsExportQueryDto extends IntersectionType(ResultsQueryDto, CsvExportQueryDto) {}
