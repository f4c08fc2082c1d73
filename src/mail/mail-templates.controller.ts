import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import {
  MailPreviewDto,
  MailTemplateDto,
  PreviewMailTemplateDto,
  SaveMailTemplateDto,
  TestSendMailTemplateDto,
  TestSendResultDto,
} from './dto/mail-template.dto';
import { MailTemplatesService } from './mail-templates.service';

const INVALID_TEMPLATE = {
  description:
    'The template breaks a rule: unknown or malformed placeholder, empty subject or body, no {{link}} or {{abmelden}}, subject on more than one line or too long (MAIL_TEMPLATE_INVALID, errors by path subject/body); nothing is stored or sent',
  type: ErrorBodyDto,
};

@ApiTags('mail')
@Controller('waves/:code/mail-templates/:kind')
@ApiParam({ name: 'code', description: 'The code of the wave' })
@ApiParam({ name: 'kind', enum: ['invitation', 'reminder'], description: 'Which mail' })
@ApiNotFoundResponse({
  description: 'No wave with this code (WAVE_NOT_FOUND) or no such kind of mail (MAIL_KIND_UNKNOWN)',
  type: ErrorBodyDto,
})
export class MailTemplatesController {
  constructor(private readonly templates: MailTemplatesService) {}

  @Get()
  @Staff()
  @ApiOperation({ summary: "The wave's template of this kind: its own, or the German default (isDefault: true)" })
  @ApiOkResponse({ type: MailTemplateDto })
  get(@Param('code') code: string, @Param('kind') kind: string): Promise<MailTemplateDto> {
    return this.templates.get(code, kind);
  }

  @Put()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: "Store the wave's own template of this kind; mails queued before are rendered with it when they go out" })
  @ApiOkResponse({ type: MailTemplateDto })
  @ApiUnprocessableEntityResponse(INVALID_TEMPLATE)
  save(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('kind') kind: string,
    @Body() dto: SaveMailTemplateDto,
  ): Promise<MailTemplateDto> {
    return this.templates.save(actor, code, kind, dto);
  }

  @Delete()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: "Back to the German default: removes the wave's own template of this kind (no change without one)" })
  @ApiOkResponse({ type: MailTemplateDto })
  reset(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('kind') kind: string): Promise<MailTemplateDto> {
    return this.templates.reset(actor, code, kind);
  }

  @Post('preview')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Render the saved template, or an unsaved draft (subject, body), for one invitation with an e-mail address (the given one, else the first, else a sample person); the links are marked examples, never the real credentials',
  })
  @ApiOkResponse({ type: MailPreviewDto })
  @ApiUnprocessableEntityResponse({
    description: `${INVALID_TEMPLATE.description}; or invitationId is not an invitation of the wave with an e-mail address (VALIDATION_FAILED)`,
    type: ErrorBodyDto,
  })
  preview(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('kind') kind: string,
    @Body() dto: PreviewMailTemplateDto,
  ): Promise<MailPreviewDto> {
    return this.templates.preview(actor, code, kind, dto);
  }

  @Post('test')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      "Send the saved template, or an unsaved draft, at once to the signed-in staff member's own e-mail address, with sample values and example links ('[Test]' before the subject). Without SMTP_URL it is held as an .eml file (held: true). A refusing or unreachable mail server is reported in the answer (sent: false, error), not as an error status",
  })
  @ApiOkResponse({ type: TestSendResultDto })
  @ApiUnprocessableEntityResponse({
    description: `${INVALID_TEMPLATE.description}; or the staff account has no e-mail address (VALIDATION_FAILED)`,
    type: ErrorBodyDto,
  })
  testSend(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('kind') kind: string,
    @Body() dto: TestSendMailTemplateDto,
  ): Promise<TestSendResultDto> {
    return this.templates.testSend(actor, code, kind, dto);
  }
}
