import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthException } from '../auth/auth.exception';
import { StaffAccountsService } from '../auth/staff-accounts.service';
import { StaffAccountView } from '../auth/staff-accounts.types';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorCode } from '../common/error-code';
import { accountStatus, FieldErrors, fieldErrorsOf } from './access-forms';
import type { ConsoleRequest } from './console-request';
import { actorOf } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import { ROLE_LABELS } from './labels';

interface InviteForm {
  name: string;
  email: string;
  role: string;
}

const ROLES = Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }));

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * Page 8, "Team" (admins only): every staff account with its status and API tokens; invite a person,
 * a new set-password link, revoke an account or a token, each behind a confirmation page. A link is
 * shown once, on the page that answers the form, and never again.
 */
@Controller('admin/team')
@ConsoleController()
@ConsoleRoles(StaffRole.Admin)
export class TeamController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly accounts: StaffAccountsService,
  ) {}

  @Get()
  async team(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    const accounts = (await this.accounts.list(actorOf(request))).map((account) => ({ ...account, status: accountStatus(account) }));
    return this.views.page(request, response, 'team', { title: 'Team', section: 'team', accounts, ownId: actorOf(request).id });
  }

  @Get('einladen')
  inviteForm(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.inviteFormPage(request, response, { name: '', email: '', role: StaffRole.Analyst }, {});
  }

  @Post('einladen')
  async invite(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const form: InviteForm = { name: text(body.name), email: text(body.email), role: text(body.role) };
    try {
      const { member, link } = await this.accounts.invite(actorOf(request), { ...form, role: form.role as StaffRole });
      return await this.views.page(request, response, 'team-link', {
        title: 'Person eingeladen',
        section: 'team',
        member,
        link,
        invited: true,
      });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.inviteFormPage(request, response, form, errors, 422);
    }
  }

  @Get(':memberId/passwort-link')
  async linkConfirmation(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('memberId') memberId: string,
  ): Promise<string> {
    const member = await this.account(request, memberId);
    return this.views.page(request, response, 'team-confirm', {
      title: 'Neuer Link zum Setzen des Passworts',
      section: 'team',
      member,
      action: 'link',
    });
  }

  @Post(':memberId/passwort-link')
  async newLink(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('memberId') memberId: string,
  ): Promise<string> {
    const link = await this.accounts.newPasswordLink(actorOf(request), memberId);
    const member = await this.account(request, memberId);
    return this.views.page(request, response, 'team-link', {
      title: 'Neuer Link zum Setzen des Passworts',
      section: 'team',
      member,
      link,
      invited: false,
    });
  }

  @Get(':memberId/sperren')
  async revokeConfirmation(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('memberId') memberId: string,
  ): Promise<string> {
    const member = await this.account(request, memberId);
    const own = member.id === actorOf(request).id;
    return this.views.page(request, response, 'team-confirm', { title: 'Konto sperren', section: 'team', member, action: 'revoke', own });
  }

  @Post(':memberId/sperren')
  async revoke(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('memberId') memberId: string,
  ): Promise<void> {
    await this.accounts.revoke(actorOf(request), memberId);
    const member = await this.account(request, memberId);
    await this.views.redirect(request, response, '/admin/team', `Das Konto von ${member.name} ist gesperrt.`);
  }

  @Get('schluessel/:tokenId/widerrufen')
  async tokenConfirmation(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('tokenId') tokenId: string,
  ): Promise<string> {
    const { member, token } = await this.token(request, tokenId);
    return this.views.page(request, response, 'team-confirm', {
      title: 'API-Schlüssel widerrufen',
      section: 'team',
      member,
      token,
      action: 'token',
    });
  }

  @Post('schluessel/:tokenId/widerrufen')
  async revokeToken(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('tokenId') tokenId: string,
  ): Promise<void> {
    await this.accounts.revokeApiToken(actorOf(request), tokenId);
    const { member, token } = await this.token(request, tokenId);
    await this.views.redirect(request, response, '/admin/team', `Der API-Schlüssel „${token.label}“ von ${member.name} ist widerrufen.`);
  }

  private inviteFormPage(
    request: ConsoleRequest,
    response: Response,
    form: InviteForm,
    errors: FieldErrors,
    status = 200,
  ): Promise<string> {
    return this.views.page(
      request,
      response,
      'team-invite',
      { title: 'Person einladen', section: 'team', form, errors, roles: ROLES },
      status,
    );
  }

  private async account(request: ConsoleRequest, memberId: string): Promise<StaffAccountView> {
    const member = (await this.accounts.list(actorOf(request))).find((account) => account.id === memberId);
    if (!member) throw new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, 'No such staff member');
    return member;
  }

  private async token(request: ConsoleRequest, tokenId: string) {
    for (const member of await this.accounts.list(actorOf(request))) {
      const token = member.tokens.find((candidate) => candidate.id === tokenId);
      if (token) return { member, token };
    }
    throw new AuthException(ErrorCode.STAFF_API_TOKEN_NOT_FOUND, 'No such API token');
  }
}
