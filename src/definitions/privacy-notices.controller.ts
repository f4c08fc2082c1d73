import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Put } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { SurveyParamsDto } from './dto/definition-params.dto';
import { PrivacyNoticeDto } from './dto/privacy-notice.dto';
import { SavePrivacyNoticeDto } from './dto/save-privacy-notice.dto';
import { PrivacyNoticesService } from './privacy-notices.service';

const FROM_FILE =
  'PRIVACY_NOTICE_FROM_FILE: the survey has definition files, so its notice lives in <DEFINITIONS_DIR>/<surveyId>/privacy.md';

/** A survey's privacy notice for respondents: shown on the questionnaire's first page and linked from every page. */
@ApiTags('privacy notices')
@Controller('surveys/:surveyId/privacy-notice')
export class PrivacyNoticesController {
  constructor(private readonly notices: PrivacyNoticesService) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: 'The privacy notice of a survey: its Markdown, its source and the rendered parts respondents see' })
  @ApiOkResponse({ type: PrivacyNoticeDto })
  @ApiNotFoundResponse({ description: 'PRIVACY_NOTICE_NOT_FOUND: the survey has none (respondents see no notice)' })
  get(@Param() params: SurveyParamsDto): Promise<PrivacyNoticeDto> {
    return this.notices.get(params.surveyId);
  }

  @Put()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Set the privacy notice of a survey whose definitions were uploaded (audited as privacy-notice.saved)' })
  @ApiOkResponse({ type: PrivacyNoticeDto })
  @ApiNotFoundResponse({ description: 'DEFINITION_NOT_FOUND: no definition of this survey' })
  @ApiConflictResponse({ description: FROM_FILE })
  @ApiUnprocessableEntityResponse({ description: 'PRIVACY_NOTICE_INVALID with every problem as {path: "markdown", line, message}' })
  save(@CurrentActor() actor: Actor, @Param() params: SurveyParamsDto, @Body() dto: SavePrivacyNoticeDto): Promise<PrivacyNoticeDto> {
    return this.notices.save(actor, params.surveyId, dto.markdown);
  }

  @Delete()
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove the privacy notice of a survey whose definitions were uploaded (audited as privacy-notice.deleted)' })
  @ApiNoContentResponse({ description: 'Removed: respondents see no notice' })
  @ApiNotFoundResponse({ description: 'PRIVACY_NOTICE_NOT_FOUND or DEFINITION_NOT_FOUND' })
  @ApiConflictResponse({ description: FROM_FILE })
  remove(@CurrentActor() actor: Actor, @Param() params: SurveyParamsDto): Promise<void> {
    return this.notices.remove(actor, params.surveyId);
  }
}
