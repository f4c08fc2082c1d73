import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { LogLevel } from '../config/env.validation';

/** Path segments that carry a secret (respondent tokens) are never written to a log. */
const TOKEN_IN_PATH = /\/(respond|survey)\/[^/?#]+/g;

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
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      transport: pretty ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } } : undefined,
      genReqId: requestIdOf,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
      serializers: {
        req: (request: { id: unknown; method: string; url: string }) => ({
          id: request.id,
          method: request.method,
          url: redactUrl(request.url),
        }),
      },
      customProps: () => ({ context: 'HTTP' }),
      autoLogging: { ignore: (request) => request.url === '/api/health' },
    },
  };
}
