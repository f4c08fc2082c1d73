import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RequestException } from '../common/app.exception';
import { ErrorCode } from '../common/error-code';
import { IMPORT_UPLOAD_LIMIT_BYTES, importUploadDirectory } from '../imports/import-upload';
import { readCookie, SECURE_SESSION_COOKIE, SESSION_COOKIE } from './session-cookie';

/** The console's import upload (POST /admin/wellen/:code/import), relative to the /admin mount. */
const IMPORT_UPLOAD_PATH = /^\/wellen\/[^/]+\/import\/?$/;

/** Where the console keeps uploaded import files between the dry run and the commit: DATA_DIR/imports/uploads/console. */
export function consoleImportDirectory(dataDir: string): string {
  return join(importUploadDirectory(dataDir), 'console');
}

/** Whether the request is the console's import upload (read by consoleImportMultipart, not by the 5 MB console parser). */
export function isConsoleImportUpload(request: Request): boolean {
  return request.method === 'POST' && IMPORT_UPLOAD_PATH.test(request.path) && typeof request.is('multipart/form-data') === 'string';
}

/**
 * Reads the import upload form of the console before its guard runs (so that the guard checks its `_csrf` field as
 * on every other form): the file streams to a temporary file in `directory` (never whole in memory), up to
 * `limitBytes` (beyond: 413, the partial file removed by multer). The temporary file is removed when the response
 * is done, whatever happened: unless the controller has moved it away to keep it for the commit, a refused
 * request (CSRF, role, an error) leaves nothing behind.
 */
export function consoleImportMultipart(directory: string, limitBytes = IMPORT_UPLOAD_LIMIT_BYTES): RequestHandler {
  const upload = multer({
    storage: multer.diskStorage({
      destination: (_request, _file, done) => {
        try {
          mkdirSync(directory, { recursive: true });
          done(null, directory);
        } catch (error) {
          done(error as Error, directory);
        }
      },
    }),
    // File names as browsers send them (UTF-8), not Latin-1.
    defParamCharset: 'utf8',
    limits: { fileSize: limitBytes, files: 1, fields: 10, fieldSize: 1024 * 1024 + 1024, parts: 12 },
  }).single('file');

  return (request: Request, response: Response, next: NextFunction): void => {
    // Without any session cookie the guard refuses anyway: nothing of the body is written to disk for that.
    if (!isConsoleImportUpload(request) || !hasSessionCookie(request)) {
      next();
      return;
    }
    upload(request, response, (error: unknown) => {
      const path = request.file?.path;
      if (path !== undefined) {
        const remove = () => rmSync(path, { force: true });
        response.once('finish', remove);
        response.once('close', remove);
      }
      if (error === undefined || error === null) {
        next();
        return;
      }
      const code = (error as { code?: unknown }).code;
      next(
        code === 'LIMIT_FILE_SIZE'
          ? new RequestException(
              ErrorCode.PAYLOAD_TOO_LARGE,
              `The file is too large (at most ${limitBytes >= 1024 * 1024 ? `${Math.floor(limitBytes / 1024 / 1024)} MB` : `${limitBytes} bytes`})`,
            )
          : typeof code === 'string' && code.startsWith('LIMIT_')
            ? new RequestException(ErrorCode.PAYLOAD_TOO_LARGE, 'The form has too many or too large fields')
            : new RequestException(ErrorCode.BAD_REQUEST, 'The form could not be read'),
      );
    });
  };
}

function hasSessionCookie(request: Request): boolean {
  const header = request.headers.cookie;
  return readCookie(header, SESSION_COOKIE) !== undefined || readCookie(header, SECURE_SESSION_COOKIE) !== undefined;
}
