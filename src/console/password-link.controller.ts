import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffAccountsService } from '../auth/staff-accounts.service';
import { PasswordLinkInfo } from '../auth/staff-accounts.types';
import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { FieldErrors, fieldErrorsOf, newPasswordErrors } from './access-forms';
import type { ConsoleRequest } from './console-request';
import { ConsoleSessionCookies } from './console-session-cookies';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsolePublic } from './console.decorator';

/**
 * The one-time link to set a password (public): a form while the link is valid, one German page for an
 * unknown, used or expired link alike (404). Like the sign-in form, the page has a session without a
 * member for its CSRF token; setting the password signs the person in with a new session.
 */
@Controller('admin/passwort')
@ConsoleController()
@ConsolePublic()
export class PasswordLinkController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly cookies: ConsoleSessionCookies,
    private readonly accounts: StaffAccountsService,
  ) {}

  @Get(':token')
  async form(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('token') token: string,
  ): Promise<string> {
    const link = await this.accounts.passwordLink(token);
    if (link) await this.cookies.ensureFormSession(request, response);
    return this.formPage(request, response, token, link, {});
  }

  @Post(':token')
  async setPassword(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('token') token: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const password = typeof body.password === 'string' ? body.password : '';
    const repeat = typeof body.repeat === 'string' ? body.repeat : '';
    const link = await this.accounts.passwordLink(token);
    const errors = newPasswordErrors(password, repeat);
    if (!link || Object.keys(errors).length > 0) return this.formPage(request, response, token, link, errors);
    try {
      const actor = await this.accounts.setPasswordWithLink(token, password);
      await this.cookies.signIn(request, response, actor.id);
      await this.views.redirect(request, response, '/admin', `Passwort gesetzt. Willkommen, ${actor.name}.`);
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.STAFF_LINK_INVALID)
        return this.formPage(request, response, token, undefined, {});
      const fieldErrors = fieldErrorsOf(error);
      if (!fieldErrors) throw error;
      return this.formPage(request, response, token, link, fieldErrors);
    }
  }

  /** The form (422 with errors), or the page for a link that is not valid (404). */
  private formPage(
    request: ConsoleRequest,
    response: Response,
    token: string,
    link: PasswordLinkInfo | undefined,
    errors: FieldErrors,
  ): Promise<string> {
    if (!link) return this.views.page(request, response, 'password-invalid', { title: 'Link nicht gültig', section: 'anmelden' }, 404);
    const status = Object.keys(errors).length > 0 ? 422 : 200;
    return this.views.page(request, response, 'password', { title: 'Passwort setzen', section: 'anmelden', link, token, errors }, status);
  }
}
