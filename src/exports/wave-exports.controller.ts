import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { asDownload } from './download-file';
import { ResultsExportQueryDto } from './dto/results-export-query.dto';
import { RawExportQueryDto } from './dto/raw-export-query.dto';
import { WaveExportParamsDto } from './dto/wave-export-params.dto';
import { ApiFileResponse } from './export-docs';
import { DataExportsService } from './raw/data-exports.service';
import { ReportExportsService } from './report-exports.service';

@ApiTags('exports')
@Controller('waves')
export class WaveExportsController {
  constructor(
    private readonly reports: ReportExportsService,
    private readonly data: DataExportsService,
  ) {}

  @Get(':code/results.:ext')
  @Staff()
  @ApiOperation({
    summary: 'Results of a wave as CSV (one row per item) or XLSX (one sheet per question, N and notes below)',
    description:
      'The numbers of GET /api/waves/{code}/results. Shares are percent values (88.7); XLSX formats them "0.0". Beside each share its 95 % ' +
      'Wilson interval ("KI 95 % unten/oben (%)") and "geringe Fallzahl"; XLSX has a sheet "Methoden" with the method notes. ' +
      '?include=partial counts the answered questions of partial responses too (file name ends in -mit-begonnenen). ' +
      '?by=<single-choice question>: the results per group, CSV in long format (column Gruppe), XLSX a sheet "Gruppen" and one per shown group; ' +
      'a suppressed group is written "unterdrückt (< MIN_GROUP)" without any number.',
  })
  @ApiFileResponse('The results file')
  @ApiNotFoundResponse({ description: 'WAVE_NOT_FOUND' })
  @ApiUnprocessableEntityResponse({ description: 'VALIDATION_FAILED: unknown extension, format, include or by' })
  async results(@Param() params: WaveExportParamsDto, @Query() query: ResultsExportQueryDto): Promise<StreamableFile> {
    return asDownload(await this.reports.waveResults(params.code, params.ext, query.format, { include: query.include, by: query.by }));
  }

  @Get(':code/responses.:ext')
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary: 'Raw data of a wave (admins): one row per completed response, one column per item in codebook order, streamed',
    description:
      'Columns response_id, wave, status, completed_at, source (online, or import:<import id>), then <question>_<item> for matrix items and <question> for other questions. ' +
      'Codes as answered ("na" = keine Angabe), or labels with ?labels=true. Never tokens, invitations or contact data. Every export is audited.',
  })
  @ApiFileResponse('The raw data file')
  @ApiNotFoundResponse({ description: 'WAVE_NOT_FOUND' })
  async responses(
    @CurrentActor() actor: Actor,
    @Param() params: WaveExportParamsDto,
    @Query() query: RawExportQueryDto,
  ): Promise<StreamableFile> {
    const raw = await this.data.waveResponses(actor, params.code, { includePartial: query.include === 'partial', labels: query.labels });
    return asDownload(this.data.rawFile(raw, params.ext, query.format));
  }
}
