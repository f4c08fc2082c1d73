import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type AuthErrorCode =
  | ErrorCode.AUTH_TOKEN_MISSING
  | ErrorCode.AUTH_TOKEN_INVALID
  | ErrorCode.AUTH_FORBIDDEN
  | ErrorCode.VALIDATION_FAILED
  | ErrorCode.STAFF_MEMBER_NOT_FOUND
  | ErrorCode.STAFF_API_TOKEN_NOT_FOUND
  | ErrorCode.STAFF_EMAIL_TAKEN
  | ErrorCode.STAFF_PASSWORD_INVALID
  | ErrorCode.STAFF_PASSWORD_WRONG
  | ErrorCode.STAFF_LINK_INVALID
  | ErrorCode.STAFF_CANNOT_REVOKE_SELF
  | ErrorCode.STAFF_MEMBER_REVOKED;

export class AuthException extends AppException<AuthErrorCode> {}
