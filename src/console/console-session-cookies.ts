import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { EnvironmentVariables } from '../config/env.validation';
import type { ConsoleRequest } from './console-request';
import { isSecureConsole } from './console.guard';
import { sessionCookie } from './session-cookie';

/**
 * Where a console session starts and ends, with its cookie: the session of a form that anyone may
 * post (sign-in, set-password link) for its CSRF token, the signed-in session that replaces it (a new
 * id, so a planted one is worthless), and signing out.
 */
@Injectable()
export class ConsoleSessionCookies {
  private readonly secure: boolean;

  constructor(
    private readonly sessions: StaffSessionsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.secure = isSecureConsole(config.get('PUBLIC_URL', { infer: true }));
  }

  /** A session without a member for a public form, unless the request has one already. */
  async ensureFormSession(request: ConsoleRequest, response: Response): Promise<void> {
    if (request.consoleSession) return;
    await this.replace(request, response, null);
  }

  /** Signs a staff member in: the request's session (if any) ends, a new one starts. */
  signIn(request: ConsoleRequest, response: Response, memberId: string | null): Promise<void> {
    return this.replace(request, response, memberId);
  }

  /** Ends the request's session and clears its cookie. */
  async signOut(request: ConsoleRequest, response: Response): Promise<void> {
    if (request.consoleSession) await this.sessions.close(request.consoleSession.id);
    request.consoleSession = undefined;
    response.set('Set-Cookie', sessionCookie(this.secure, null));
  }

  private async replace(request: ConsoleRequest, response: Response, memberId: string | null): Promise<void> {
    if (request.consoleSession) await this.sessions.close(request.consoleSession.id);
    const opened = await this.sessions.open(memberId);
    request.consoleSession = opened.session;
    response.set('Set-Cookie', sessionCookie(this.secure, opened.cookieValue));
  }
}
