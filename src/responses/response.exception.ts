import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type ResponseErrorCode =
  | ErrorCode.RESPONSE_TOKEN_UNKNOWN
  | ErrorCode.RESPONSE_LINK_BLOCKED
  | ErrorCode.RESPONSE_WAVE_NOT_OPEN
  | ErrorCode.RESPONSE_OUTSIDE_WINDOW
  | ErrorCode.RESPONSE_ALREADY_COMPLETED
  | ErrorCode.RESPONSE_STALE_REVISION
  | ErrorCode.RESPONSE_INVALID;

/** Messages are German: respondents read them on the questionnaire page. */
export class ResponseException extends AppException<ResponseErrorCode> {}
