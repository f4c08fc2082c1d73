import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type DefinitionErrorCode =
  | ErrorCode.DEFINITION_NOT_FOUND
  | ErrorCode.DEFINITION_INVALID
  | ErrorCode.DEFINITION_IMMUTABLE
  | ErrorCode.PRIVACY_NOTICE_NOT_FOUND
  | ErrorCode.PRIVACY_NOTICE_INVALID
  | ErrorCode.PRIVACY_NOTICE_FROM_FILE;

export class DefinitionException extends AppException<DefinitionErrorCode> {}
