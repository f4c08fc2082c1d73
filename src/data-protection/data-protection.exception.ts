import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type DataProtectionErrorCode =
  | ErrorCode.VALIDATION_FAILED
  | ErrorCode.INVITATION_NOT_FOUND
  | ErrorCode.INVITATION_ALREADY_ERASED
  | ErrorCode.IMPORTED_RESPONSE_NOT_FOUND
  | ErrorCode.CONTACTS_WAVE_NOT_CLOSED
  | ErrorCode.CONTACTS_ALREADY_ERASED;

/** Refusals of an erasure, an access request or forgetting a wave's contacts. */
export class DataProtectionException extends AppException<DataProtectionErrorCode> {}
