import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorBodyDto } from '../common/error-body.dto';
import { FindInvitationsQueryDto } from './dto/find-invitations-query.dto';
import { PersonInvitationDto } from './dto/person-invitation.dto';
import { InvitationsService } from './invitations.service';

/** Finding a person's invitations across all waves, for an access or erasure request (issue 16). */
@ApiTags('invitations')
@Controller('invitations')
export class InvitationSearchController {
  constructor(private readonly invitations: InvitationsService) {}

  @Get()
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary:
      "A person's invitations in every wave, found by e-mail address (trimmed, any case), the newest wave first: id, wave, state, " +
      'name and organisation; [] when nobody has this address. Each wave whose contacts are shown is audited ' +
      '(invitation.contacts-viewed, purpose person-search; the address is never recorded)',
  })
  @ApiOkResponse({ type: [PersonInvitationDto] })
  @ApiUnprocessableEntityResponse({ description: 'email is missing or not an e-mail address (VALIDATION_FAILED)', type: ErrorBodyDto })
  find(@CurrentActor() actor: Actor, @Query() query: FindInvitationsQueryDto): Promise<PersonInvitationDto[]> {
    return this.invitations.findByEmail(actor, query.email);
  }
}
