import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ErrorBodyDto } from '../common/error-body.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { StaffRole } from '../auth/staff-member.entity';
import { CreateInvitationsDto } from './dto/create-invitations.dto';
import { CreatedInvitationDto, CreatedInvitationsDto, InvitationContactDto, InvitationDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('waves/:code/invitations')
@ApiParam({ name: 'code', description: 'The code of the wave' })
@ApiNotFoundResponse({
  description: 'No wave with this code (WAVE_NOT_FOUND), or no such invitation in it (INVITATION_NOT_FOUND)',
  type: ErrorBodyDto,
})
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary:
      'Create personal invitation links, optionally with contact data (email, name, salutation, organisation: kept in a table of its own, never in answers, exports or the list); the tokens are shown only in this response',
  })
  @ApiCreatedResponse({ type: CreatedInvitationsDto })
  @ApiUnprocessableEntityResponse({
    description:
      'Invalid fields: give either count or invitations; name, salutation and organisation (trimmed, 1–200 characters, one line) only together with an email (VALIDATION_FAILED); nothing is stored',
    type: ErrorBodyDto,
  })
  @ApiConflictResponse({ description: 'The wave is closed (WAVE_CLOSED_FOR_INVITATIONS)', type: ErrorBodyDto })
  create(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateInvitationsDto): Promise<CreatedInvitationsDto> {
    return this.invitations.create(actor, code, dto);
  }

  @Get()
  @Staff()
  @ApiOperation({
    summary:
      'The invitations of a wave with their state (no tokens); e-mail addresses in mail.lastError (the relay quotes them) are masked for analysts',
  })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<InvitationDto[]> {
    return this.invitations.list(actor, code);
  }

  @Get(':id/contact')
  @Staff(StaffRole.Admin)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({
    summary:
      'The contact data (e-mail, name, salutation, organisation) of one invitation; every look is audited (invitation.contact-viewed)',
  })
  @ApiOkResponse({ type: InvitationContactDto })
  contact(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id') id: string): Promise<InvitationContactDto> {
    return this.invitations.contact(actor, code, id);
  }

  @Post(':id/reissue')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({
    summary:
      'Issue a new link for a lost or leaked one: the old link stops working at once, saved answers stay; the new token is shown only here (audited)',
  })
  @ApiOkResponse({ type: CreatedInvitationDto })
  @ApiConflictResponse({ description: 'The invitation is blocked; unblock it first (INVITATION_BLOCKED)', type: ErrorBodyDto })
  reissue(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id') id: string): Promise<CreatedInvitationDto> {
    return this.invitations.reissue(actor, code, id);
  }

  @Post(':id/block')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({
    summary: 'Block the link of an invitation: it stops working at once, saved answers stay (audited; repeating it changes nothing)',
  })
  @ApiOkResponse({ type: InvitationDto })
  block(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id') id: string): Promise<InvitationDto> {
    return this.invitations.setBlocked(actor, code, id, true);
  }

  @Post(':id/unblock')
  @Staff(StaffRole.Admin)
  @HttpCode(HttpStatus.OK)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({ summary: 'Let a blocked link work again (audited; repeating it changes nothing)' })
  @ApiOkResponse({ type: InvitationDto })
  unblock(@CurrentActor() actor: Actor, @Param('code') code: string, @Param('id') id: string): Promise<InvitationDto> {
    return this.invitations.setBlocked(actor, code, id, false);
  }
}
