import { AppException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';

type InvitationErrorCode = ErrorCode.INVITATION_NOT_FOUND | ErrorCode.INVITATION_BLOCKED;

export class InvitationException extends AppException<InvitationErrorCode> {}
