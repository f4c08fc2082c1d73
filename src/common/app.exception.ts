import { ErrorCode, ErrorDetail } from './error-code';

/** Base of the module exceptions; services throw these, never HttpException. */
export abstract class AppException<C extends ErrorCode = ErrorCode, D = ErrorDetail> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly errors?: D[],
    /** More fields of the error body, beside (never over) the standard ones: e.g. an import's counts. */
    readonly extra?: object,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

type CommonErrorCode =
  | ErrorCode.VALIDATION_FAILED
  | ErrorCode.NOT_FOUND
  | ErrorCode.BAD_REQUEST
  | ErrorCode.URL_INVALID
  | ErrorCode.MALFORMED_JSON
  | ErrorCode.UNSUPPORTED_MEDIA_TYPE
  | ErrorCode.PAYLOAD_TOO_LARGE
  | ErrorCode.ROUTE_NOT_FOUND
  | ErrorCode.RATE_LIMITED
  | ErrorCode.SERVICE_UNAVAILABLE
  | ErrorCode.INTERNAL_ERROR;

export class RequestException extends AppException<CommonErrorCode> {}

/** The `{path, message}` details of an exception; row errors of an import (`{row, column, …}`) have no path and are left out. */
export function pathDetails(error: unknown): ErrorDetail[] {
  if (!(error instanceof AppException)) return [];
  const details: unknown[] = error.errors ?? [];
  return details.filter(
    (detail): detail is ErrorDetail => typeof detail === 'object' && detail !== null && typeof (detail as ErrorDetail).path === 'string',
  );
}
