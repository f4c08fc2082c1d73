import { HttpStatus } from '@nestjs/common';
import { ErrorCode } from './error-code';

export function httpStatusOf(code: ErrorCode): HttpStatus {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
    case ErrorCode.DEFINITION_INVALID:
    case ErrorCode.WAVE_DEFINITION_UNKNOWN:
    case ErrorCode.RESPONSE_INVALID:
    case ErrorCode.ANALYSIS_WAVE_NOT_IN_SURVEY:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case ErrorCode.AUTH_TOKEN_MISSING:
    case ErrorCode.AUTH_TOKEN_INVALID:
      return HttpStatus.UNAUTHORIZED;
    case ErrorCode.AUTH_FORBIDDEN:
      return HttpStatus.FORBIDDEN;
    case ErrorCode.NOT_FOUND:
    case ErrorCode.DEFINITION_NOT_FOUND:
    case ErrorCode.WAVE_NOT_FOUND:
    case ErrorCode.RESPONSE_TOKEN_UNKNOWN:
    case ErrorCode.SURVEY_NOT_FOUND:
    case ErrorCode.FIGURE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case ErrorCode.DEFINITION_IMMUTABLE:
    case ErrorCode.WAVE_CODE_TAKEN:
    case ErrorCode.WAVE_TRANSITION_NOT_ALLOWED:
    case ErrorCode.WAVE_NOT_DELETABLE:
    case ErrorCode.WAVE_PIN_IMMUTABLE:
    case ErrorCode.WAVE_CLOSED_FOR_INVITATIONS:
    case ErrorCode.RESPONSE_WAVE_NOT_OPEN:
    case ErrorCode.RESPONSE_OUTSIDE_WINDOW:
    case ErrorCode.RESPONSE_ALREADY_COMPLETED:
    case ErrorCode.RESPONSE_STALE_REVISION:
      return HttpStatus.CONFLICT;
    default:
      return assertNever(code);
  }
}

function assertNever(code: never): never {
  throw new Error(`Error code without an HTTP status: ${String(code)}`);
}
