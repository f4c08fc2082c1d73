import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
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
import { MailStatusDto, OutboxPageDto, OutboxQueryDto, ReleasedHeldDto } from './dto/outbox.dto';
import { MailSettings } from './mail-settings';
import { OutboxService } from './outbox.service';
import { RelayStatus } from './relay-status';

/** The outbox of a wave (what happened to each mail) and the mail server configuration as staff may see it. */
@ApiTags('mail')
@Controller()
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly settings: MailSettings,
    private readonly relay: RelayStatus,
  ) {}

  @Get('waves/:code/mail-outbox')
  @Staff(StaffRole.Admin)
  @ApiParam({ name: 'code', description: 'The code of the wave' })
  @ApiOperation({
    summary: "A wave's mails, newest first, with their state, attempts and the relay's last reply (no addresses, no content)",
  })
  @ApiOkResponse({ type: OutboxPageDto })
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ description: 'Unknown status, bad offset or limit (VALIDATION_FAILED)', type: ErrorBodyDto })
  list(@Param('code') code: string, @Query() query: OutboxQueryDto): Promise<OutboxPageDto> {
    return this.outbox.list(code, { statuses: query.status, offset: query.offset, limit: query.limit });
  }

  @Post('waves/:code/mail-outbox/send-held')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'code', description: 'The code of the wave' })
  @ApiOperation({
    summary:
      'Send the held mails of a wave (kept as files while no mail server was configured): they are queued again and sent in the background',
  })
  @ApiOkResponse({ type: ReleasedHeldDto })
  @ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'No mail server is configured (MAIL_NOT_CONFIGURED); the mails stay held', type: ErrorBodyDto })
  sendHeld(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ReleasedHeldDto> {
    return this.outbox.releaseHeld(actor, code);
  }

  @Get('mail/status')
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary: 'Whether a mail server is configured, its host, the sender, the rate and the last relay problem (never the SMTP URL)',
  })
  @ApiOkResponse({ type: MailStatusDto })
  status(): MailStatusDto {
    return {
      mailServerConfigured: this.settings.configured,
      relayHost: this.settings.relayHost,
      from: this.settings.from,
      ratePerMinute: this.settings.ratePerMinute,
      relayProblem: this.relay.problem,
    };
  }
}
