import { Body, Controller, Get, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffAccountsService } from '../auth/staff-accounts.service';
import type { ConsoleRequest } from './console-request';
import { ConsoleSessionCookies } from './console-session-cookies';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsolePublic } from './console.decorator';

/** Where to go after signing in: only a console address of this service (never another site). */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || next.length > 500) return '/admin';
  return /^\/admin(?:[/?][^\s\\]*)?$/.test(next) && !next.includes('//') ? next : '/admin';
}

/** Signing in and out. The sign-in form has a session of its own (without a member) that carries its CSRF token. */
@Controller('admin')
@ConsoleController()
export class SignInController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly cookies: ConsoleSessionCookies,
    private readonly accounts: StaffAccountsService,
  ) {}

  @Get('login')
  @ConsolePublic()
  async form(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Query('next') next?: string,
  ): Promise<string | void> {
    if (request.consoleSession?.actor) return response.redirect(303, safeNext(next));
    await this.cookies.ensureFormSession(request, response);
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
    await this.cookies.signIn(request, response, result.actor.id);
    response.redirect(303, next);
  }

  @Post('abmelden')
  @ConsolePublic()
  async signOut(@Req() request: ConsoleRequest, @Res() response: Response): Promise<void> {
    await this.cookies.signOut(request, response);
    response.redirect(303, '/admin/login');
  }
}
