import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppException } from './app.exception';
import { ErrorCode, ErrorDetail } from './error-code';
import { httpStatusOf } from './http-status-of';

/** The one shape of every error answer, from every layer. */
export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  errors?: ErrorDetail[];
  requestId?: string;
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
    const body = this.toBody(exception, requestId);
    if (response.headersSent) {
      this.logger.error({ err: exception, requestId }, 'Error after the response had started');
      response.destroy();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private toBody(exception: unknown, requestId: string | undefined): ErrorBody {
    if (isAppException(exception)) {
      return {
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
    this.logger.error({ err: exception, requestId }, 'Unhandled error');
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.INTERNAL_ERROR, message: 'Internal server error', requestId };
  }
}

/** `instanceof` alone types the code as `any` (AppException is generic); this keeps it an ErrorCode. */
function isAppException(exception: unknown): exception is AppException {
  return exception instanceof AppException;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join('; ');
  return undefined;
}
