import { INestApplication, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import request from 'supertest';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { StaffSessionsService } from '../../src/auth/staff-sessions.service';
import { ConsoleModule } from '../../src/console/console.module';
import { SESSION_COOKIE } from '../../src/console/session-cookie';

/** A signed-in console user for supertest: the Cookie header to send and the CSRF token for forms. */
export interface ConsoleUser {
  cookie: string;
  csrf: string;
  token: string;
  memberId: string;
}

export interface ConsoleStaff {
  admin: ConsoleUser;
  analyst: ConsoleUser;
}

/**
 * One admin and one analyst with a console session each (opened through the sessions service, as a
 * successful sign-in does) and a bearer token; the sign-in form itself is tested in console-sign-in.
 */
export async function createConsoleStaff(app: INestApplication): Promise<ConsoleStaff> {
  const staff = app.get(StaffAuthService);
  const sessions = app.get(StaffSessionsService);
  const user = async (name: string, role: StaffRole): Promise<ConsoleUser> => {
    const { member, token } = await staff.create(name, role);
    const opened = await sessions.open(member.id);
    return { cookie: `${SESSION_COOKIE}=${opened.cookieValue}`, csrf: opened.session.csrfToken, token, memberId: member.id };
  };
  return { admin: await user('Anna Admin', StaffRole.Admin), analyst: await user('Ali Analyst', StaffRole.Analyst) };
}

/** The value of the first hidden `_csrf` field of a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('The page has no _csrf field');
  return match[1];
}

/** The session cookie a response sets (name=value only). */
export function sessionCookieOf(response: request.Response): string {
  const header = response.headers['set-cookie'] as unknown as string[] | undefined;
  const cookie = header?.find((value) => value.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('The response sets no session cookie');
  return cookie.split(';')[0];
}

/** Every route of the console's controllers as `METHOD /path` (from Nest's route metadata), for coverage checks. */
export function consoleRoutes(): string[] {
  const controllers = (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, ConsoleModule) ?? []) as Array<new (...args: never[]) => object>;
  return controllers.flatMap((controller) => {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const prototype = controller.prototype as Record<string, unknown>;
    return Object.getOwnPropertyNames(prototype)
      .filter((name) => name !== 'constructor' && Reflect.hasMetadata(PATH_METADATA, prototype[name] as object))
      .map((name) => {
        const handler = prototype[name] as object;
        const path = String(Reflect.getMetadata(PATH_METADATA, handler));
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
        return `${method} /${[base, path].filter((part) => part !== '' && part !== '/').join('/')}`;
      });
  });
}
