import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type DefinitionErrorCode = ErrorCode.DEFINITION_NOT_FOUND | ErrorCode.DEFINITION_INVALID | ErrorCode.DEFINITION_IMMUTABLE;

export class DefinitionException extends AppException<DefinitionErrorCode> {}
