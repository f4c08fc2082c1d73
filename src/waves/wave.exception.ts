import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type WaveErrorCode =
  | ErrorCode.WAVE_NOT_FOUND
  | ErrorCode.WAVE_CODE_TAKEN
  | ErrorCode.WAVE_DEFINITION_UNKNOWN
  | ErrorCode.WAVE_TRANSITION_NOT_ALLOWED
  | ErrorCode.WAVE_NOT_DELETABLE
  | ErrorCode.WAVE_PIN_IMMUTABLE
  | ErrorCode.VALIDATION_FAILED;

export class WaveException extends AppException<WaveErrorCode> {}
