import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type ExportErrorCode = ErrorCode.SURVEY_NOT_FOUND;

export class ExportException extends AppException<ExportErrorCode> {}
