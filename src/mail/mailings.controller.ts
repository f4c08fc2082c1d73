import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import { CreatedMailingDto, CreateMailingDto } from './dto/create-mailing.dto';
import { MailingSummaryDto } from './dto/outbox.dto';
import { MailingsService } from './mailings.service';

@ApiTags('mail')
@Controller('waves/:code/mailings')
@ApiParam({ name: 'code', description: 'The code of the wave' })
@ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
export class MailingsController {
  constructor(private readonly mailings: MailingsService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    summary:
      'Send invitations or reminders: the mails are written to the outbox at once and sent by the service in the background (now, or at scheduledAt); the status per invitation is in GET /api/waves/:code/invitations',
  })
  @ApiAcceptedResponse({ type: CreatedMailingDto })
  @ApiUnprocessableEntityResponse({
    description: 'Invalid fields or unknown invitation ids (VALIDATION_FAILED); nothing is queued',
    type: ErrorBodyDto,
  })
  @ApiConflictResponse({
    description: "The wave is not open at the mailing's time (MAILING_WAVE_NOT_OPEN); nothing is queued",
    type: ErrorBodyDto,
  })
  create(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateMailingDto): Promise<CreatedMailingDto> {
    return this.mailings.create(actor, code, dto);
  }

  @Get()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: "A wave's mailings, newest first, with how many of their mails are in each state" })
  @ApiOkResponse({ type: [MailingSummaryDto] })
  list(@Param('code') code: string): Promise<MailingSummaryDto[]> {
    return this.mailings.list(code);
  }
}
