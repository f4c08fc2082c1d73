import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { Response } from 'express';
import { StaffAccountsService } from '../auth/staff-accounts.service';
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
    private readonly accounts: StaffAccountsService,
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

  /**
   * Checks e-mail and password (the accounts service audits and slows down failures per account and per
   * address). Success: a new session (the form's session is dropped, so its id cannot be planted) and 303.
   * Failure: one message for a wrong e-mail and a wrong password alike.
   */
  @Post('login')
  @ConsolePublic()
  async signIn(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Body() form: Record<string, unknown>,
  ): Promise<string | void> {
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    const password = typeof form.password === 'string' ? form.password : '';
    const next = safeNext(form.next);
    const again = (status: number, error: string) =>
      this.views.page(request, response, 'login', { title: 'Anmelden', section: 'anmelden', email, next, error }, status);
    if (email === '' || password === '') return again(422, 'Bitte geben Sie Ihre E-Mail-Adresse und Ihr Passwort ein.');
    const result = await this.accounts.verifySignIn(email, password, request.ip ?? 'unknown');
    if (result.outcome === 'refused') return again(401, 'E-Mail-Adresse oder Passwort ist nicht richtig.');
    if (result.outcome === 'slowed') {
      response.set('Retry-After', String(result.retryAfterSeconds));
      return again(
        429,
        `Zu viele erfolglose Versuche. Bitte warten Sie ${result.retryAfterSeconds} Sekunde${result.retryAfterSeconds === 1 ? '' : 'n'} und versuchen Sie es dann noch einmal.`,
      );
    }
    if (request.consoleSession) await this.sessions.close(request.consoleSession.id);
    const opened = await this.sessions.open(result.actor.id);
    response.set('Set-Cookie', sessionCookie(this.secure, opened.cookieValue));
    response.redirect(303, next);
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
