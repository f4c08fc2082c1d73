import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type MailErrorCode =
  | ErrorCode.MAIL_TEMPLATE_INVALID
  | ErrorCode.MAIL_KIND_UNKNOWN
  | ErrorCode.MAILING_NOT_FOUND
  | ErrorCode.MAILING_WAVE_NOT_OPEN
  | ErrorCode.MAIL_NOT_CONFIGURED
  | ErrorCode.MAIL_OPT_OUT_UNKNOWN
  | ErrorCode.VALIDATION_FAILED;

export class MailException extends AppException<MailErrorCode> {}
