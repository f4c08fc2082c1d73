import { Body, Controller, Get, Header, HttpCode, HttpStatus, Param, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { CurrentActor, Staff } from '../auth/staff.decorator';
import { ErrorBodyDto } from '../common/error-body.dto';
import { DataProtectionService } from './data-protection.service';
import { EraseRequestDto } from './dto/erase.dto';
import { ContactsForgottenDto, ErasureDto } from './dto/erasure.dto';
import { PersonalDataDto } from './dto/personal-data.dto';

@ApiTags('data protection')
@Controller('waves/:code')
@ApiParam({ name: 'code', description: 'The code of the wave' })
@ApiNotFoundResponse({ description: 'No wave with this code (WAVE_NOT_FOUND)', type: ErrorBodyDto })
export class DataProtectionController {
  constructor(private readonly dataProtection: DataProtectionService) {}

  @Post('invitations/:id/erase')
  @HttpCode(HttpStatus.OK)
  @Staff(StaffRole.Admin)
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({
    summary:
      'Erase one person on request (GDPR Art. 17): the response and its answers, the contact, the mail records and held mails, the ' +
      'opt-out token. The invitation keeps only status `erased` (no token hash, no label). Audited with who, when and the reason.',
  })
  @ApiOkResponse({ type: ErasureDto })
  @ApiNotFoundResponse({ description: 'No such invitation in this wave (INVITATION_NOT_FOUND)', type: ErrorBodyDto })
  @ApiConflictResponse({ description: 'Erased already (INVITATION_ALREADY_ERASED)', type: ErrorBodyDto })
  @ApiUnprocessableEntityResponse({ description: 'No reason given (VALIDATION_FAILED); nothing is deleted', type: ErrorBodyDto })
  erase(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('id') id: string,
    @Body() { reason }: EraseRequestDto,
  ): Promise<ErasureDto> {
    return this.dataProtection.eraseInvitation(actor, code, id, reason);
  }

  @Post('imports/:importId/responses/:externalId/erase')
  @HttpCode(HttpStatus.OK)
  @Staff(StaffRole.Admin)
  @ApiParam({ name: 'importId', format: 'uuid', description: 'The import that brought the response' })
  @ApiParam({ name: 'externalId', description: 'Its id in the imported file (URL-encoded)' })
  @ApiOperation({ summary: 'Erase one imported response on request (GDPR Art. 17), by its import and external id; audited' })
  @ApiOkResponse({ type: ErasureDto })
  @ApiNotFoundResponse({
    description: 'No such import in this wave (IMPORT_NOT_FOUND), or no response with this external id in it (IMPORTED_RESPONSE_NOT_FOUND)',
    type: ErrorBodyDto,
  })
  @ApiUnprocessableEntityResponse({ description: 'No reason given (VALIDATION_FAILED); nothing is deleted', type: ErrorBodyDto })
  eraseImported(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('importId') importId: string,
    @Param('externalId') externalId: string,
    @Body() { reason }: EraseRequestDto,
  ): Promise<ErasureDto> {
    return this.dataProtection.eraseImportedResponse(actor, code, importId, externalId, reason);
  }

  @Get('invitations/:id/data-export')
  @Staff(StaffRole.Admin)
  @Header('Cache-Control', 'no-store')
  @ApiParam({ name: 'id', format: 'uuid', description: 'The id of the invitation' })
  @ApiOperation({
    summary:
      'Everything stored about one invitation (contact, answers, mail history, audit events about it) as JSON, for an access ' +
      'request (GDPR Art. 15); the download is audited',
  })
  @ApiOkResponse({ type: PersonalDataDto })
  @ApiNotFoundResponse({ description: 'No such invitation in this wave (INVITATION_NOT_FOUND)', type: ErrorBodyDto })
  async dataExport(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Param('id') id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PersonalDataDto> {
    const data = await this.dataProtection.personalData(actor, code, id);
    response.attachment(`auskunft-${code}-${id}.json`);
    return data;
  }

  @Post('contacts/erase')
  @HttpCode(HttpStatus.OK)
  @Staff(StaffRole.Admin)
  @ApiOperation({
    summary:
      "Delete a closed wave's contact data (e-mail, name, salutation, organisation) and token hashes now, before CONTACT_RETENTION_DAYS " +
      'end; waiting mails are cancelled, the answers stay; audited. The personal links of the wave lead nowhere afterwards.',
  })
  @ApiOkResponse({ type: ContactsForgottenDto })
  @ApiConflictResponse({
    description: 'The wave is not closed (CONTACTS_WAVE_NOT_CLOSED), or its contacts are gone already (CONTACTS_ALREADY_ERASED)',
    type: ErrorBodyDto,
  })
  forgetContacts(@CurrentActor() actor: Actor, @Param('code') code: string): Promise<ContactsForgottenDto> {
    return this.dataProtection.forgetContacts(actor, code);
  }
}
