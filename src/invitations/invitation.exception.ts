import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type InvitationErrorCode =
  | ErrorCode.INVITATION_NOT_FOUND
  | ErrorCode.INVITATION_BLOCKED
  | ErrorCode.INVITATION_ALREADY_ERASED
  | ErrorCode.CONTACTS_ALREADY_ERASED
  | ErrorCode.WAVE_CLOSED_FOR_INVITATIONS
  | ErrorCode.VALIDATION_FAILED;

export class InvitationException extends AppException<InvitationErrorCode> {}
