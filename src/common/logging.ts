import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction } from 'express';
import { Logger, Params, PinoLogger } from 'nestjs-pino';
// nestjs-pino's request-scoped store: its PinoLogger logs through the logger bound here (src/common/logging.spec.ts
// checks that a service's log line inside a request carries the request's id).
import { storage, Store } from 'nestjs-pino/storage';
import pino, { DestinationStream, Logger as PinoInstance } from 'pino';
import { pinoHttp } from 'pino-http';
import { LOG_LEVELS, LogLevel } from '../config/env.validation';

/** Path segments that carry a secret (respondent tokens, the opt-out tokens of mails) are never written to a log. */
const TOKEN_IN_PATH = /\/(respond|survey|abmelden)\/[^/?#]+/g;

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(TOKEN_IN_PATH, '/$1/[token]');
}

/** The id of a request: the caller's X-Request-Id when it is a plain token, else a new UUID; kept once given. */
export function requestIdOf(request: IncomingMessage & { id?: unknown }): string {
  if (typeof request.id === 'string') return request.id;
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : randomUUID();
}

export function loggerParams(level: LogLevel, pretty: boolean): Params {
  return {
    // Nest mounts nothing: configureApp mounts requestLogging() once, in front of the router.
    forRoutes: [],
    pinoHttp: {
      level,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } } : undefined,
      genReqId: requestIdOf,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      // One short line per request: what was asked, what was answered, how long it took. No headers (they
      // were ~1 KB a line), no bodies, no tokens.
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: redactUrl(request.url),
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      customSuccessMessage: (request, response, responseTime) => requestLine(request, response, responseTime),
      customErrorMessage: (request, response) => requestLine(request, response),
      customProps: () => ({ context: 'HTTP' }),
      autoLogging: { ignore: (request) => request.url === '/api/health' },
    },
  };
}

type Middleware = (request: IncomingMessage, response: ServerResponse, next: NextFunction) => void;

/**
 * The request log: pino-http with the LoggerModule's params, one line when the answer is sent. configureApp mounts it
 * right after the request's id, so that a request refused before the router (malformed JSON, a body too large, the
 * wrong content type) gets its line too; then, after the body parsers, bindRequestLogger. Nest's own mounting of
 * nestjs-pino's two middlewares (`forRoutes: {*path}`) added them once for every route that the global prefix
 * excludes (the console and the pages): a save's route was layer 225 of the router's 352, and Express matched each of
 * them for every request. Bench, 64 connections, three A/B pairs (2026-12-02 13:30–13:38): completions 214/249/299 →
 * 230/299/331 per second, the service's CPU per save 4.1/3.6/3.1 → 3.7/2.9/2.7 ms.
 */
export function requestLogging(params: Params): Middleware {
  const options = params.pinoHttp;
  return Array.isArray(options) ? pinoHttp(options[0], options[1]) : pinoHttp(options as Parameters<typeof pinoHttp>[0]);
}

/**
 * Binds the request's logger for nestjs-pino's PinoLogger for the rest of the request, as nestjs-pino's second
 * middleware does: a service's line inside the request carries the request's id. Mounted after the body parsers,
 * where the route's handling starts, as it was before the request log moved ahead of them: the store then holds for
 * the handlers whatever asynchronous hops a parser took (JSON, forms, the console's multipart uploads).
 */
export function bindRequestLogger(request: IncomingMessage, response: ServerResponse, next: NextFunction): void {
  storage.run(new Store((request as IncomingMessage & { log: PinoInstance }).log), next);
}

/** Log lines of the running service are written in batches of this many bytes at least… */
export const LOG_BATCH_BYTES = 4096;
/** …and at the latest after this many milliseconds (and at exit). */
export const LOG_FLUSH_MS = 100;

/**
 * Standard output written in batches, off the request path: a synchronous write per request line cost a
 * system call on every save (the largest part of the logging's cost under load). Lines keep their order;
 * a quiet service writes them within LOG_FLUSH_MS, and pino flushes what is left at exit. A process killed
 * with SIGKILL loses at most its last tenth of a second of log lines.
 */
export function batchedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: LOG_BATCH_BYTES, periodicFlush: LOG_FLUSH_MS });
}

/** The request logger of the running service: loggerParams, written through batchedStdout() unless pretty (a terminal). */
export function serviceLoggerParams(level: LogLevel, pretty: boolean): Params {
  const params = loggerParams(level, pretty);
  if (pretty) return params;
  return {
    ...params,
    pinoHttp: [params.pinoHttp as Exclude<Params['pinoHttp'], DestinationStream | unknown[] | undefined>, batchedStdout()],
  };
}

function requestLine(request: IncomingMessage & { originalUrl?: string }, response: { statusCode: number }, responseTime?: number): string {
  const took = responseTime === undefined ? '' : ` ${Math.round(responseTime)} ms`;
  return `${request.method} ${redactUrl(request.originalUrl ?? request.url)} ${response.statusCode}${took}`;
}

/**
 * The application's logger from the first line on: main.ts hands it to
 * NestFactory.create, so the start-up lines are written when they happen (with
 * their own time) in the same JSON format as later ones, instead of being
 * buffered and all stamped with the time the logger was attached. The level
 * is read from LOG_LEVEL as the configuration will (an invalid value stops the
 * start a moment later, with its name).
 */
export function startupLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  const given = env.LOG_LEVEL as LogLevel | undefined;
  const level = given !== undefined && LOG_LEVELS.includes(given) ? given : 'info';
  const params = loggerParams(level, Boolean(process.stdout.isTTY));
  return new StartupLogger(new PinoLogger(params), params, level === 'debug' || level === 'trace');
}

/**
 * Nest's ExceptionHandler logs an error that stops the start with its stack
 * before handing it on; main.ts and demo.ts report that error themselves, as
 * one line on stderr. So the handler's copy is written only at debug level,
 * where main.ts adds the stack too.
 */
class StartupLogger extends Logger {
  constructor(
    logger: PinoLogger,
    params: Params,
    private readonly withStartUpStack: boolean,
  ) {
    super(logger, params);
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (!this.withStartUpStack && optionalParams.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...optionalParams);
  }
}
