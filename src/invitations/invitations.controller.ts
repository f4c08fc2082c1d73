import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { StaffRole } from '../auth/staff-member.entity';
import { CreateInvitationsDto } from './dto/create-invitations.dto';
import { CreatedInvitationsDto, InvitationDto } from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@Controller('waves/:code/invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Staff(StaffRole.Admin)
  @ApiOperation({ summary: 'Create personal invitation links; the tokens are shown only in this response' })
  @ApiCreatedResponse({ type: CreatedInvitationsDto })
  create(@CurrentActor() actor: Actor, @Param('code') code: string, @Body() dto: CreateInvitationsDto): Promise<CreatedInvitationsDto> {
    return this.invitations.create(actor, code, dto);
  }

  @Get()
  @Staff()
  @ApiOperation({ summary: 'The invitations of a wave with their state (no tokens)' })
  @ApiOkResponse({ type: [InvitationDto] })
  list(@Param('code') code: string): Promise<InvitationDto[]> {
    return this.invitations.list(code);
  }
}
