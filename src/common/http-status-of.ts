import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';

export function httpStatusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.DEFINITION_INVALID:
    case ErrorCode.WAVE_DEFINITION_UNKNOWN:
    case ErrorCode.RESPONSE_INVALID:
    case ErrorCode.ANALYSIS_WAVE_NOT_IN_SURVEY:
    case ErrorCode.STAFF_PASSWORD_INVALID:
    case ErrorCode.STAFF_PASSWORD_WRONG:
    case ErrorCode.MAIL_TEMPLATE_INVALID:
    case ErrorCode.IMPORT_FILE_MISSING:
    case ErrorCode.IMPORT_FILE_UNREADABLE:
    case ErrorCode.IMPORT_MAPPING_INVALID:
    case ErrorCode.IMPORT_MAPPING_REQUIRED:
    case ErrorCode.IMPORT_ROWS_INVALID:
    case ErrorCode.PRIVACY_NOTICE_INVALID:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.BAD_REQUEST:
    case ErrorCode.URL_INVALID:
    case ErrorCode.MALFORMED_JSON:
      return HttpStatus.BAD_REQUEST;
    case ErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return HttpStatus.UNSUPPORTED_MEDIA_TYPE;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case ErrorCode.RATE_LIMITED:
      return HttpStatus.TOO_MANY_REQUESTS;
    case ErrorCode.SERVICE_UNAVAILABLE:
      return HttpStatus.SERVICE_UNAVAILABLE;
    case ErrorCode.INTERNAL_ERROR:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    case ErrorCode.AUTH_TOKEN_MISSING:
    case ErrorCode.AUTH_TOKEN_INVALID:
    case ErrorCode.CONSOLE_SIGN_IN_REQUIRED:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.AUTH_FORBIDDEN:
    case ErrorCode.CONSOLE_CSRF_INVALID:
    case ErrorCode.CONSOLE_FORBIDDEN:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.DEFINITION_NOT_FOUND:
    case ErrorCode.WAVE_NOT_FOUND:
    case ErrorCode.ROUTE_NOT_FOUND:
    case ErrorCode.INVITATION_NOT_FOUND:
    case ErrorCode.RESPONSE_TOKEN_UNKNOWN:
    case ErrorCode.RESPONSE_LINK_BLOCKED:
    case ErrorCode.SURVEY_NOT_FOUND:
    case ErrorCode.FIGURE_NOT_FOUND:
    case ErrorCode.STAFF_MEMBER_NOT_FOUND:
    case ErrorCode.STAFF_API_TOKEN_NOT_FOUND:
    case ErrorCode.STAFF_LINK_INVALID:
    case ErrorCode.MAIL_KIND_UNKNOWN:
    case ErrorCode.MAILING_NOT_FOUND:
    case ErrorCode.MAIL_OPT_OUT_UNKNOWN:
    case ErrorCode.IMPORT_NOT_FOUND:
    case ErrorCode.IMPORTED_RESPONSE_NOT_FOUND:
    case ErrorCode.PRIVACY_NOTICE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.DEFINITION_IMMUTABLE:
    case ErrorCode.WAVE_CODE_TAKEN:
    case ErrorCode.WAVE_TRANSITION_NOT_ALLOWED:
    case ErrorCode.WAVE_NOT_DELETABLE:
    case ErrorCode.WAVE_PIN_IMMUTABLE:
    case ErrorCode.WAVE_CLOSED_FOR_INVITATIONS:
    case ErrorCode.INVITATION_BLOCKED:
    case ErrorCode.RESPONSE_WAVE_NOT_OPEN:
    case ErrorCode.RESPONSE_OUTSIDE_WINDOW:
    case ErrorCode.RESPONSE_ALREADY_COMPLETED:
    case ErrorCode.RESPONSE_STALE_REVISION:
    case ErrorCode.STAFF_EMAIL_TAKEN:
    case ErrorCode.STAFF_CANNOT_REVOKE_SELF:
    case ErrorCode.STAFF_MEMBER_REVOKED:
    case ErrorCode.MAILING_WAVE_NOT_OPEN:
    case ErrorCode.MAIL_NOT_CONFIGURED:
    case ErrorCode.IMPORT_CONFLICTS:
    case ErrorCode.IMPORT_WAVE_OPEN:
    case ErrorCode.IMPORT_ALREADY_UNDONE:
    case ErrorCode.INVITATION_ALREADY_ERASED:
    case ErrorCode.CONTACTS_WAVE_NOT_CLOSED:
    case ErrorCode.CONTACTS_ALREADY_ERASED:
    case ErrorCode.PRIVACY_NOTICE_FROM_FILE:
      return HttpStatus.CONFLICT;
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Error code without an HTTP status: ${String(code)}`);
}
