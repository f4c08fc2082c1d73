import { Body, Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AuthException } from '../auth/auth.exception';
import { StaffAccountsService } from '../auth/staff-accounts.service';
import { StaffApiTokenView } from '../auth/staff-accounts.types';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { ErrorCode } from '../common/error-code';
import { FieldErrors, fieldErrorsOf, newPasswordErrors } from './access-forms';
import type { ConsoleRequest } from './console-request';
import { actorOf } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController } from './console.decorator';

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/**
 * "Mein Zugang" (every signed-in staff member): the own account, changing the own password (which ends
 * the member's other sessions), and personal API tokens (created and shown once; revoked after a confirmation).
 */
@Controller('admin/zugang')
@ConsoleController()
export class AccessController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly accounts: StaffAccountsService,
    private readonly sessions: StaffSessionsService,
  ) {}

  @Get()
  access(@Req() request: ConsoleRequest, @Res({ passthrough: true }) response: Response): Promise<string> {
    return this.page(request, response, {});
  }

  @Post('passwort')
  async changePassword(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const [current, password, repeat] = [text(body.current), text(body.password), text(body.repeat)];
    const errors = newPasswordErrors(password, repeat);
    if (Object.keys(errors).length > 0) return this.page(request, response, errors, 422);
    try {
      await this.accounts.changePassword(actorOf(request), current, password);
    } catch (error) {
      const fieldErrors = fieldErrorsOf(error);
      if (!fieldErrors) throw error;
      return this.page(request, response, fieldErrors, 422);
    }
    await this.sessions.closeOthersOf(actorOf(request).id ?? '', request.consoleSession?.id ?? '');
    await this.views.redirect(request, response, '/admin/zugang', 'Passwort geändert. Ihre Anmeldungen auf anderen Geräten sind beendet.');
  }

  @Post('schluessel')
  async createToken(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const label = text(body.label);
    const actor = actorOf(request);
    try {
      const created = await this.accounts.createApiToken(actor, actor.id ?? '', label);
      return await this.views.page(request, response, 'access-token', {
        title: 'Neuer API-Schlüssel',
        section: 'zugang',
        label: label.trim(),
        token: created.token,
      });
    } catch (error) {
      const errors = fieldErrorsOf(error);
      if (!errors) throw error;
      return this.page(request, response, errors, 422, label);
    }
  }

  @Get('schluessel/:tokenId/widerrufen')
  async tokenConfirmation(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('tokenId') tokenId: string,
  ): Promise<string> {
    const token = await this.ownToken(request, tokenId);
    return this.views.page(request, response, 'access-revoke', { title: 'API-Schlüssel widerrufen', section: 'zugang', token });
  }

  @Post('schluessel/:tokenId/widerrufen')
  async revokeToken(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('tokenId') tokenId: string,
  ): Promise<void> {
    const token = await this.ownToken(request, tokenId);
    await this.accounts.revokeApiToken(actorOf(request), token.id);
    await this.views.redirect(request, response, '/admin/zugang', `Der API-Schlüssel „${token.label}“ ist widerrufen.`);
  }

  private async page(request: ConsoleRequest, response: Response, errors: FieldErrors, status = 200, label = ''): Promise<string> {
    const account = await this.accounts.ownAccount(actorOf(request));
    return this.views.page(request, response, 'access', { title: 'Mein Zugang', section: 'zugang', account, errors, label }, status);
  }

  /** One of the member's own tokens (an admin revokes other people's on the Team page). */
  private async ownToken(request: ConsoleRequest, tokenId: string): Promise<StaffApiTokenView> {
    const token = (await this.accounts.ownAccount(actorOf(request))).tokens.find((candidate) => candidate.id === tokenId);
    if (!token) throw new AuthException(ErrorCode.STAFF_API_TOKEN_NOT_FOUND, 'No such API token');
    return token;
  }
}
