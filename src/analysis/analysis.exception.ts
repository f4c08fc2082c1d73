import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type AnalysisErrorCode =
  ErrorCode.SURVEY_NOT_FOUND | ErrorCode.FIGURE_NOT_FOUND | ErrorCode.ANALYSIS_WAVE_NOT_IN_SURVEY | ErrorCode.VALIDATION_FAILED;

export class AnalysisException extends AppException<AnalysisErrorCode> {}
