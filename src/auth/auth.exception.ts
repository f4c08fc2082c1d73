import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type AuthErrorCode = ErrorCode.AUTH_TOKEN_MISSING | ErrorCode.AUTH_TOKEN_INVALID | ErrorCode.AUTH_FORBIDDEN;

export class AuthException extends AppException<AuthErrorCode> {}
