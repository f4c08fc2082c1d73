import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { asDownload } from './download-file';
import { CsvExportQueryDto } from './dto/csv-export-query.dto';
import { RawExportQueryDto } from './dto/raw-export-query.dto';
import { SurveyExportParamsDto } from './dto/survey-export-params.dto';
import { TrendsExportQueryDto } from './dto/trends-export-query.dto';
import { ApiFileResponse } from './export-docs';
import { DataExportsService } from './raw/data-exports.service';
import { ReportExportsService } from './report-exports.service';

@ApiTags('exports')
@Controller('surveys')
export class SurveyExportsController {
  constructor(
    private readonly reports: ReportExportsService,
    private readonly data: DataExportsService,
  ) {}

  @Get(':surveyId/trends.:ext')
  @Staff()
  @ApiOperation({
    summary: 'Trends of a survey as CSV (one row per item) or XLSX (one sheet per question)',
    description:
      'The numbers of GET /api/surveys/{surveyId}/trends: per wave share, base and change in pp; "nicht abgefragt" where a wave did not ask.',
  })
  @ApiFileResponse('The trends file')
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND, or WAVE_NOT_FOUND for a code in ?waves' })
  @ApiUnprocessableEntityResponse({ description: 'ANALYSIS_WAVE_NOT_IN_SURVEY, or VALIDATION_FAILED' })
  async trends(@Param() params: SurveyExportParamsDto, @Query() query: TrendsExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.reports.trends(params.surveyId, query.waves, params.ext, query.format, { include: query.include }));
  }

  @Get(':surveyId/codebook.:ext')
  @Staff()
  @ApiOperation({
    summary: 'The codebook of the survey-wide raw data (GET /api/surveys/{surveyId}/responses.{ext}) as CSV or XLSX',
    description:
      'One row per value of every column. A column holds one scale only: an item whose levels, labels or top box changed between versions ' +
      'has a column per scale (e.g. chancen_werbung and chancen_werbung_2019); the versions column names the questionnaire versions whose answers each column holds. ' +
      'Columns: column, versions, question, item, type, question_title, item_title, value, label.',
  })
  @ApiFileResponse('The codebook file')
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND' })
  async codebook(@Param() params: SurveyExportParamsDto, @Query() query: CsvExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.data.surveyCodebook(params.surveyId, params.ext, query.format));
  }

  @Get(':surveyId/responses.:ext')
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary: 'Raw data of every wave of a survey in one table (admins), streamed',
    description:
      'Like GET /api/waves/{code}/responses.{ext}, with the wave in the wave column; the item columns are the union over the versions ' +
      "(latest version's order, then items only earlier versions have), blank where a wave did not ask the item. A column holds one scale only: " +
      'answers given on an earlier scale (other levels, labels or top box) are in a column of their own named after that version, e.g. chancen_werbung_2019; ' +
      'GET /api/surveys/{surveyId}/codebook.{ext} names the versions of every column.',
  })
  @ApiFileResponse('The raw data file')
  @ApiNotFoundResponse({ description: 'SURVEY_NOT_FOUND' })
  async responses(
    @CurrentActor() actor: Actor,
    @Param() params: SurveyExportParamsDto,
    @Query() query: RawExportQueryDto,
  ): Promise<StreamableFile> {
    const raw = await this.data.surveyResponses(actor, params.surveyId, {
      includePartial: query.include === 'partial',
      labels: query.labels,
    });
    return asDownload(this.data.rawFile(raw, params.ext, query.format));
  }
}
