import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppException } from './app.exception';
import { ErrorDetail } from './error-code';
import { httpStatusOf } from './http-status-of';

export interface ErrorBody {
  statusCode: number;
  code?: string;
  message: string;
  errors?: ErrorDetail[];
  requestId?: string;
}

/** Errors raised by Express' body parser that Nest does not map itself (Nest turns invalid JSON into a 400). */
interface BodyParserError {
  type: string;
  status: number;
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.too.large': 'Request body is too large (the limit is 1 MiB)',
  'encoding.unsupported': 'Request body encoding is not supported',
  'charset.unsupported': 'Request body charset is not supported',
  'request.aborted': 'Request was aborted',
};

/**
 * The one place where errors become HTTP answers: module exceptions by their
 * code, Nest's own HTTP errors as they are, body-parser errors with a clear
 * message, and everything else as a 500 that reveals nothing but a request id.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const requestId = request.id === undefined ? undefined : String(request.id);
    const body = this.toBody(exception, requestId);
    if (response.headersSent) {
      this.logger.error({ err: exception, requestId }, 'Error after the response had started');
      response.destroy();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string | undefined): ErrorBody {
    if (exception instanceof AppException) {
      return { statusCode: httpStatusOf(exception.code), code: exception.code, message: exception.message, errors: exception.errors, requestId };
    }
    if (exception instanceof ThrottlerException) {
      return { statusCode: HttpStatus.TOO_MANY_REQUESTS, message: 'Too many requests; please wait a moment and try again', requestId };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const payload = exception.getResponse();
      const message =
        typeof payload === 'string' ? payload : messageOf((payload as { message?: unknown }).message) ?? exception.message;
      return { statusCode, message, requestId };
    }
    if (isBodyParserError(exception)) {
      const message = BODY_PARSER_MESSAGES[exception.type] ?? 'Request body could not be read';
      return { statusCode: exception.status, message, requestId };
    }
    this.logger.error({ err: exception, requestId }, 'Unhandled error');
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, message: 'Internal server error', requestId };
  }
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('; ');
  return undefined;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  const candidate = error as Partial<BodyParserError> | null;
  return (
    typeof candidate?.type === 'string' &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    candidate.status < 500
  );
}
