import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type ConsoleErrorCode = ErrorCode.CONSOLE_SIGN_IN_REQUIRED | ErrorCode.CONSOLE_CSRF_INVALID | ErrorCode.CONSOLE_FORBIDDEN;

/** Refusals of the console itself (the services' own exceptions pass through unchanged). */
export class ConsoleException extends AppException<ConsoleErrorCode> {}
