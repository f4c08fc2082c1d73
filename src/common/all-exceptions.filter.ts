import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { AppException } from './app.exception';
import { ErrorCode, ErrorDetail, RowErrorDetail } from './error-code';
import { germanErrorMessage } from './german-error-messages';
import { httpStatusOf } from './http-status-of';

/** The one shape of every error answer, from every layer. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: Array<ErrorDetail | RowErrorDetail>;
  requestId?: string;
  [more: string]: unknown;
}

const CODES_OF_HTTP_STATUS = new Map<number, ErrorCode>([
  [HttpStatus.NOT_FOUND, ErrorCode.ROUTE_NOT_FOUND],
  [HttpStatus.PAYLOAD_TOO_LARGE, ErrorCode.PAYLOAD_TOO_LARGE],
  [HttpStatus.UNSUPPORTED_MEDIA_TYPE, ErrorCode.UNSUPPORTED_MEDIA_TYPE],
  [HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED],
  [HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.SERVICE_UNAVAILABLE],
]);

/**
 * Codes for Nest's own HTTP errors (the router's 404, the health check's 503,
 * a pipe's 400), which carry a status but no code.
 */
export function codeOfHttpStatus(status: number): ErrorCode {
  return CODES_OF_HTTP_STATUS.get(status) ?? (status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.BAD_REQUEST);
}

/**
 * The one place where errors become HTTP answers: module and request-layer
 * exceptions by their code, Nest's own HTTP errors with a code by their status,
 * and everything else as a 500 that reveals nothing but a request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const requestId = request.id === undefined ? undefined : String(request.id);
    const body = errorBodyOf(exception, requestId, this.logger);
    if (response.headersSent) {
      this.logger.error({ err: exception, requestId }, 'Error after the response had started');
      response.destroy();
      return;
    }
    if (isConsolePath(request.path)) {
      // The console's own controllers render their errors in the console's layout; this is what is left
      // for its addresses (an unknown page, a body the parser refused): a German page, not JSON.
      response.status(body.statusCode).type('html').set('Cache-Control', 'no-store').send(plainErrorPage(body));
      return;
    }
    response.status(body.statusCode).json(body);
  }
}

/** Whether a request path belongs to the staff console (server-rendered German pages under /admin). */
export function isConsolePath(path: string): boolean {
  return path === '/admin' || path.startsWith('/admin/');
}

/** The error answer of an exception; unexpected errors are logged here with the request id and reveal nothing else. */
export function errorBodyOf(exception: unknown, requestId: string | undefined, logger: Logger): ErrorBody {
  if (isAppException(exception)) {
    return {
      ...exception.extra,
      statusCode: httpStatusOf(exception.code),
      code: exception.code,
      message: exception.message,
      errors: exception.errors,
      requestId,
    };
  }
  if (exception instanceof ThrottlerException) {
    return {
      statusCode: HttpStatus.TOO_MANY_REQUESTS,
      code: ErrorCode.RATE_LIMITED,
      message: 'Too many requests; please wait a moment and try again',
      requestId,
    };
  }
  if (exception instanceof HttpException) {
    const statusCode = exception.getStatus();
    const payload = exception.getResponse();
    const message = typeof payload === 'string' ? payload : (messageOf((payload as { message?: unknown }).message) ?? exception.message);
    return { statusCode, code: codeOfHttpStatus(statusCode), message, requestId };
  }
  logger.error({ err: loggable(exception), requestId }, 'Unhandled error');
  return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error', requestId };
}

/**
 * What of an unexpected error goes into the log. A failed query carries its SQL parameters (answers, contact data)
 * and PostgreSQL's detail ("Failing row contains (…)"): only its message, SQLSTATE, constraint and table are kept.
 */
export function loggable(exception: unknown): unknown {
  if (!(exception instanceof QueryFailedError)) return exception;
  const driverError = exception.driverError as { code?: string; constraint?: string; table?: string } | undefined;
  const error = new Error(exception.message);
  error.name = 'QueryFailedError';
  error.stack = `QueryFailedError: ${exception.message}\n${(exception.stack ?? '').split('\n').slice(1).join('\n')}`;
  return Object.assign(error, { code: driverError?.code, constraint: driverError?.constraint, table: driverError?.table });
}

/** `instanceof` alone types the code as `any` (AppException is generic); this keeps it an ErrorCode. */
function isAppException(exception: unknown): exception is AppException<ErrorCode, ErrorDetail | RowErrorDetail> {
  return exception instanceof AppException;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('; ');
  return undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** A minimal German error page without the console's layout or assets (they may be what failed). */
export function plainErrorPage(body: ErrorBody): string {
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
  const message = escape(germanErrorMessage(body.code, body.statusCode));
  const reference = body.requestId ? `<p>Anfrage-Nummer: <code>${escape(body.requestId)}</code></p>` : '';
  return `<!doctype html>
<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Fehler ${body.statusCode} – survey-waves</title></head>
<body><main><h1>Fehler ${body.statusCode}</h1><p>${message}</p>${reference}<p><a href="/admin">Zur Übersicht</a></p></main></body></html>
`;
}
