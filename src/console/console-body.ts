import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { RequestException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { isConsoleImportUpload } from './import-upload-body';

/** The largest file a console form takes (an invitation list, a questionnaire definition). */
export const CONSOLE_UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: CONSOLE_UPLOAD_LIMIT_BYTES, files: 1, fields: 50, fieldSize: 1024 * 1024, parts: 60 },
}).any();

/**
 * Reads multipart forms of the console before its guard runs, so that the CSRF field of an upload form
 * is checked like every other form's. Memory only, one file of at most 5 MB; anything more is a 413.
 */
export function consoleMultipart(request: Request, response: Response, next: NextFunction): void {
  // The import upload has its own parser (large files to disk): consoleImportMultipart.
  if (typeof request.is('multipart/form-data') !== 'string' || isConsoleImportUpload(request)) {
    next();
    return;
  }
  upload(request, response, (error: unknown) => {
    if (error === undefined || error === null) {
      next();
      return;
    }
    const code = (error as { code?: unknown }).code;
    next(
      typeof code === 'string' && code.startsWith('LIMIT_')
        ? new RequestException(ErrorCode.PAYLOAD_TOO_LARGE, 'The form or its file is too large (one file of at most 5 MB)')
        : new RequestException(ErrorCode.BAD_REQUEST, 'The form could not be read'),
    );
  });
}
