import { ErrorCode, ErrorDetail } from './error-code';

/** Base of the module exceptions; services throw these, never HttpException. */
export abstract class AppException<C extends ErrorCode = ErrorCode> extends Error {
  constructor(
    readonly code: C,
    message: string,
    readonly errors?: ErrorDetail[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

type CommonErrorCode = ErrorCode.VALIDATION_FAILED | ErrorCode.NOT_FOUND;

export class RequestException extends AppException<CommonErrorCode> {}
