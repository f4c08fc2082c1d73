import { AppException } from '../common/app.exception';
import { ErrorCode, ErrorDetail, RowErrorDetail } from '../common/error-code';

type ImportErrorCode =
  | ErrorCode.IMPORT_FILE_MISSING
  | ErrorCode.IMPORT_FILE_UNREADABLE
  | ErrorCode.IMPORT_MAPPING_INVALID
  | ErrorCode.IMPORT_MAPPING_REQUIRED
  | ErrorCode.IMPORT_ROWS_INVALID
  | ErrorCode.IMPORT_CONFLICTS
  | ErrorCode.IMPORT_WAVE_OPEN
  | ErrorCode.IMPORT_NOT_FOUND
  | ErrorCode.IMPORT_ALREADY_UNDONE;

/**
 * The import's refusals. Problems of the mapping are `{path, message}` (a path into the mapping JSON); problems of
 * the file are `{row, column, value, message}` (its line number, the column's header, the cell), with the dry run's
 * counts beside them in the body.
 */
export class ImportException extends AppException<ImportErrorCode, ErrorDetail | RowErrorDetail> {}
