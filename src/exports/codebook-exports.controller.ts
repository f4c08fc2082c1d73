import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Staff } from '../auth/staff.decorator';
import { asDownload } from './download-file';
import { CodebookExportParamsDto } from './dto/codebook-export-params.dto';
import { CsvExportQueryDto } from './dto/csv-export-query.dto';
import { ApiFileResponse } from './export-docs';
import { DataExportsService } from './raw/data-exports.service';

@ApiTags('exports')
@Controller('definitions')
export class CodebookExportsController {
  constructor(private readonly data: DataExportsService) {}

  @Get(':surveyId/versions/:version/codebook.:ext')
  @Staff()
  @ApiOperation({
    summary: 'The codebook of a version as CSV or XLSX, one row per value, to label the columns of the raw data in R or SPSS',
    description: 'Columns: column, question, item, type, question_title, item_title, value, label.',
  })
  @ApiFileResponse('The codebook file')
  @ApiNotFoundResponse({ description: 'DEFINITION_NOT_FOUND' })
  async codebook(@Param() params: CodebookExportParamsDto, @Query() query: CsvExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.data.codebook(params.surveyId, params.version, params.ext, query.format));
  }
}
