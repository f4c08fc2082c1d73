import { Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { EnvironmentVariables } from '../config/env.validation';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsolePublic } from './console.decorator';
import { isSecureConsole } from './console.guard';
import { sessionCookie } from './session-cookie';

/** Where to go after signing in: only a console address of this service (never another site). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/admin';
  return /^\/admin(?:[/?][^\s\\]*)?$/.test(next) && !next.includes('//') ? next : '/admin';
}

/** Signing in and out. The sign-in form has a session of its own (without a member) that carries its CSRF token. */
@Controller('admin')
@ConsoleController()
export class SignInController {
  private readonly secure: boolean;

  constructor(
    private readonly views: ConsoleViews,
    private readonly sessions: StaffSessionsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.secure = isSecureConsole(config.get('PUBLIC_URL', { infer: true }));
  }

  @Get('login')
  @ConsolePublic()
  async form(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Query('next') next?: string,
  ): Promise<string | void> {
    if (request.consoleSession?.actor) return response.redirect(303, safeNext(next));
    if (!request.consoleSession) await this.startFormSession(request, response);
    return this.views.page(request, response, 'login', {
      title: 'Anmelden',
      section: 'anmelden',
      email: '',
      next: safeNext(next),
      error: null,
    });
  }

  @Post('abmelden')
  @ConsolePublic()
  async signOut(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    if (request.consoleSession) await this.sessions.close(request.consoleSession.id);
    response.set('Set-Cookie', sessionCookie(this.secure, null));
    response.redirect(303, '/admin/login');
  }

  private async startFormSession(request: ConsoleRequest, response: Response): Promise<void> {
    const opened = await this.sessions.open(null);
    request.consoleSession = opened.session;
    response.set('Set-Cookie', sessionCookie(this.secure, opened.cookieValue));
  }
}
