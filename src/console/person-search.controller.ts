import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { pathDetails } from '../common/app.exception';
import { InvitationException } from '../invitations/invitation.exception';
import { InvitationsService } from '../invitations/invitations.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { INVITATION_STATE_LABELS } from './wave-labels';

const EMAIL_ERROR = 'Bitte geben Sie eine vollständige E-Mail-Adresse ein, zum Beispiel name@example.org.';

/**
 * "Person finden" (issue 16): an admin finds a person's invitations in every wave by their e-mail address, to answer
 * an access or erasure request in a minute; each result has the invitation list's "Auskunft" and "Löschen …".
 * The search is a POST that renders its results: the address stays out of the URL, the browser history and access logs.
 */
@Controller('admin/personen')
@ConsoleController()
@ConsoleRoles(StaffRole.Admin)
export class PersonSearchPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  form(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.views.page(request, response, 'person-search', { title: 'Person finden', section: 'personen', email: '', error: null });
  }

  @Post()
  @HttpCode(HttpStatus.OK)
  async search(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const email = typeof body.email === 'string' ? body.email.trim() : '';
    try {
      const results = await this.invitations.findByEmail(actorOf(request), email);
      return this.views.page(request, response, 'person-search', {
        title: 'Person finden',
        section: 'personen',
        email,
        error: null,
        results,
        states: INVITATION_STATE_LABELS,
      });
    } catch (error) {
      if (!(error instanceof InvitationException) || !pathDetails(error).some((detail) => detail.path === 'email')) throw error;
      return this.views.page(
        request,
        response,
        'person-search',
        { title: 'Person finden', section: 'personen', email, error: EMAIL_ERROR },
        422,
      );
    }
  }
}
