import type { NextFunction, Request, Response } from 'express';
import { isConsolePath } from './all-exceptions.filter';
import { RequestException } from './app.exception';
import { ErrorCode } from './error-code';
import { requestIdOf } from './logging';

/**
 * Express middleware that runs before Nest's own: everything that can refuse a
 * request this early still answers with a request id and a code, through the
 * one exception filter, and gets its line in the request log.
 */

/** Gives every request its id first, so that errors of the body parser carry one too. */
export function assignRequestId(request: Request & { id?: unknown }, response: Response, next: NextFunction): void {
  request.id = requestIdOf(request);
  next();
}

const JSON_TYPES = ['application/json', 'application/*+json'];
/** The staff console's HTML forms (and its upload fields) post these; only under /admin. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * The opt-out page's button posts a url-encoded form to `/abmelden/<token>` (src/mail/opt-out.controller.ts), a mail
 * client's RFC 8058 one-click (`List-Unsubscribe=One-Click`) SHOULD post multipart/form-data there; nothing else outside
 * /admin takes a form. The opt-out needs no field of the body: a multipart body is read and dropped (discardOptOutMultipart).
 */
const OPT_OUT_FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/** More than a one-click's single field with its boundaries ever takes. */
export const OPT_OUT_MULTIPART_LIMIT_BYTES = 16 * 1024;

/** The one API route that takes a file: an import's upload (multipart, read by the route's own multer after the admin check). */
const IMPORT_UPLOAD_PATH = /^\/api\/waves\/[^/]+\/imports\/?$/;
const IMPORT_UPLOAD_TYPES = ['multipart/form-data'];

function isOptOutPath(path: string): boolean {
  return path.startsWith('/abmelden/');
}

/** True when the request carries a body (a length above 0, or chunked). */
function hasBody(request: Request): boolean {
  if (request.headers['transfer-encoding'] !== undefined) return true;
  const length = Number(request.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

/**
 * Every API route that takes a body takes JSON: any other body is refused with 415 before it is parsed.
 * The console's pages under /admin take HTML forms instead, the opt-out pages under /abmelden/ a url-encoded or multipart form.
 */
export function requireJsonBody(request: Request, response: Response, next: NextFunction): void {
  const accepted = isConsolePath(request.path)
    ? [...JSON_TYPES, ...FORM_TYPES]
    : isOptOutPath(request.path)
      ? [...JSON_TYPES, ...OPT_OUT_FORM_TYPES]
      : IMPORT_UPLOAD_PATH.test(request.path)
        ? IMPORT_UPLOAD_TYPES
        : JSON_TYPES;
  if (!hasBody(request) || typeof request.is(accepted) === 'string') {
    next();
    return;
  }
  const given = request.headers['content-type'] ?? '(none)';
  next(
    new RequestException(
      ErrorCode.UNSUPPORTED_MEDIA_TYPE,
      `Request bodies must be JSON: send them with Content-Type: application/json (this one was ${given.split(';')[0]})`,
    ),
  );
}

/**
 * Mounted on /abmelden: reads a multipart body to its end and drops it (the opt-out does not use a field, so nothing
 * parses it: no files, no fields in memory), at most OPT_OUT_MULTIPART_LIMIT_BYTES (more → 413). The body becomes {}.
 */
export function discardOptOutMultipart(request: Request, response: Response, next: NextFunction): void {
  if (!hasBody(request) || typeof request.is('multipart/form-data') !== 'string') {
    next();
    return;
  }
  const tooLarge = () =>
    new RequestException(
      ErrorCode.PAYLOAD_TOO_LARGE,
      `Request body is too large (an opt-out form takes at most ${OPT_OUT_MULTIPART_LIMIT_BYTES / 1024} KiB)`,
    );
  if (Number(request.headers['content-length'] ?? 0) > OPT_OUT_MULTIPART_LIMIT_BYTES) {
    next(tooLarge());
    return;
  }
  let received = 0;
  let done = false;
  const finish = (error?: RequestException) => {
    if (done) return;
    done = true;
    request.removeListener('data', onData);
    request.removeListener('end', onEnd);
    request.removeListener('error', onError);
    request.removeListener('aborted', onError);
    if (error) {
      // Stop reading; the answer goes out and the connection is closed after it.
      request.pause();
      response.setHeader('Connection', 'close');
      next(error);
      return;
    }
    (request as Request & { body: unknown }).body = {};
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > OPT_OUT_MULTIPART_LIMIT_BYTES) finish(tooLarge());
  };
  const onEnd = () => finish();
  const onError = () => finish(new RequestException(ErrorCode.BAD_REQUEST, 'Request was aborted'));
  request.on('data', onData);
  request.on('end', onEnd);
  request.on('error', onError);
  request.on('aborted', onError);
}

/** What Express' body parser raises, by its `type`. */
const BODY_PARSER_ERRORS: Partial<
  Record<
    string,
    {
      code: ErrorCode.MALFORMED_JSON | ErrorCode.PAYLOAD_TOO_LARGE | ErrorCode.UNSUPPORTED_MEDIA_TYPE | ErrorCode.BAD_REQUEST;
      message: string;
    }
  >
> = {
  'entity.parse.failed': { code: ErrorCode.MALFORMED_JSON, message: 'The request body is not valid JSON' },
  'entity.too.large': { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'Request body is too large (the limit is 1 MiB)' },
  'encoding.unsupported': {
    code: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
    message: 'Request body encoding is not supported (send identity, gzip, deflate or br)',
  },
  'charset.unsupported': { code: ErrorCode.UNSUPPORTED_MEDIA_TYPE, message: 'Request body charset is not supported (send UTF-8)' },
  'request.aborted': { code: ErrorCode.BAD_REQUEST, message: 'Request was aborted' },
  'request.size.invalid': { code: ErrorCode.BAD_REQUEST, message: 'Request body size did not match its Content-Length' },
};

/** Error middleware right after the body parser: turns its errors into coded exceptions for the filter. */
export function bodyParserErrors(error: unknown, request: Request, response: Response, next: NextFunction): void {
  const type = (error as { type?: unknown } | null)?.type;
  if (typeof type !== 'string' || !(error instanceof Error)) {
    next(error);
    return;
  }
  const known = BODY_PARSER_ERRORS[type];
  if (!known) {
    next(new RequestException(ErrorCode.BAD_REQUEST, 'The request body could not be read'));
    return;
  }
  // The parser's own words say where the JSON broke ("… at position 12"); they name nothing of the server.
  const detail = known.code === ErrorCode.MALFORMED_JSON ? [{ path: '(body)', message: error.message }] : undefined;
  next(new RequestException(known.code, known.message, detail));
}
