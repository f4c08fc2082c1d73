import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { StaffRole } from '../auth/staff-member.entity';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import { ConsoleRequest } from './console-request';
import { ConsoleException } from './console.exception';
import { readCookie, sessionCookieName } from './session-cookie';

export const CONSOLE_ROLES = 'console-roles';
/** Metadata value of a page anyone may open (the sign-in form, a set-password link). */
export const CONSOLE_PUBLIC = 'public';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether the console's cookie must be Secure: when the service is reached over https. */
export function isSecureConsole(publicUrl: string | undefined): boolean {
  return publicUrl?.toLowerCase().startsWith('https://') ?? false;
}

function sameToken(sent: string, expected: string): boolean {
  const left = Buffer.from(sent);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Every console request: finds the session of the cookie; refuses a state-changing request whose
 * synchroniser token (form field `_csrf`, or the `X-CSRF-Token` header htmx sends) is not its session's
 * (403, before anything runs); then requires a signed-in staff member with one of the page's roles.
 */
@Injectable()
export class ConsoleGuard implements CanActivate {
  private readonly secure: boolean;

  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: StaffSessionsService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.secure = isSecureConsole(config.get('PUBLIC_URL', { infer: true }));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const access = this.reflector.getAllAndOverride<StaffRole[] | typeof CONSOLE_PUBLIC>(CONSOLE_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToHttp().getRequest<ConsoleRequest>();
    const cookie = readCookie(request.headers.cookie, sessionCookieName(this.secure));
    const session = cookie === undefined ? undefined : await this.sessions.find(cookie);
    request.consoleSession = session;

    if (!SAFE_METHODS.has(request.method)) {
      const body = request.body as Record<string, unknown> | undefined;
      const sent = typeof body?._csrf === 'string' ? body._csrf : request.headers['x-csrf-token'];
      if (!session || typeof sent !== 'string' || !sameToken(sent, session.csrfToken)) {
        throw new ConsoleException(ErrorCode.CONSOLE_CSRF_INVALID, 'The form is missing a valid CSRF token');
      }
    }
    if (access === CONSOLE_PUBLIC) return true;
    if (!session?.actor) throw new ConsoleException(ErrorCode.CONSOLE_SIGN_IN_REQUIRED, 'Sign in to the console first');
    const roles = access ?? [StaffRole.Admin, StaffRole.Analyst];
    if (!roles.includes(session.actor.role)) {
      throw new ConsoleException(ErrorCode.CONSOLE_FORBIDDEN, `This page needs the role ${roles.join(' or ')}`);
    }
    request.actor = session.actor;
    return true;
  }
}
