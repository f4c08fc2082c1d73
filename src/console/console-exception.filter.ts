import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { errorBodyOf, plainErrorPage } from '../common/all-exceptions.filter';
import { ErrorCode } from '../common/error-code';
import { germanErrorMessage } from '../common/german-error-messages';
import { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';

/** Where a console address sends someone who is not signed in; `next` brings them back after signing in. */
export function signInLocation(request: ConsoleRequest): string {
  const next = request.method === 'GET' ? request.originalUrl : undefined;
  return next && next !== '/admin' ? `/admin/login?next=${encodeURIComponent(next)}` : '/admin/login';
}

/**
 * Errors of the console's controllers as German pages in the console's layout: a request without a
 * session is sent to the sign-in page (htmx requests through `HX-Redirect`); anything else shows the
 * German sentence for its code, with the request id for unexpected errors. Never a stack trace.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ConsoleErrors');

  constructor(private readonly views: ConsoleViews) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const context = host.switchToHttp();
    const request = context.getRequest<ConsoleRequest>();
    const response = context.getResponse<Response>();
    const body = errorBodyOf(exception, request.id === undefined ? undefined : String(request.id), this.logger);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    if (body.code === ErrorCode.CONSOLE_SIGN_IN_REQUIRED) {
      const location = signInLocation(request);
      if (request.headers['hx-request'] !== undefined) {
        response.status(401).set('HX-Redirect', location).end();
      } else {
        response.redirect(303, location);
      }
      return;
    }
    try {
      const html = await this.views.page(
        request,
        response,
        'error',
        {
          title: body.statusCode === 404 ? 'Nicht gefunden' : body.statusCode === 403 ? 'Nicht erlaubt' : 'Das hat nicht geklappt',
          section: 'uebersicht',
          message: germanErrorMessage(body.code, body.statusCode),
          statusCode: body.statusCode,
          requestId: body.statusCode >= 500 ? body.requestId : undefined,
        },
        body.statusCode,
      );
      response.send(html);
    } catch (renderError) {
      this.logger.error({ err: renderError }, 'The console error page could not be rendered');
      response.status(body.statusCode).type('html').send(plainErrorPage(body));
    }
  }
}
