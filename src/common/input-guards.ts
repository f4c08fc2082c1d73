import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { RequestException } from './app.exception';
import { ErrorCode, ErrorDetail } from './error-code';

/** Deeper JSON is never a valid request here (a SurveyJS answer object is 2 levels deep, a definition about 8). */
export const MAX_BODY_DEPTH = 32;

/**
 * Property names that object mappers treat specially; they are never question or item codes. Besides the
 * prototype keys these are the names of Object.prototype's members (`toString`, `valueOf`, `hasOwnProperty` …):
 * class-transformer silently drops a key whose name is a function on the target, so `{"toString": "x"}` was
 * answered 200 and stored as `{}`. Refused with 422 instead of lost.
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype', ...Object.getOwnPropertyNames(Object.prototype)]);

/** Text PostgreSQL cannot store: NUL characters and unpaired UTF-16 surrogates. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && text.isWellFormed();
}

/**
 * The first problem of a request body that no route could accept: nesting
 * deeper than MAX_BODY_DEPTH, text PostgreSQL cannot store, or a reserved
 * property name. Iterative, so no body can exhaust the stack.
 */
export function findBodyProblem(body: unknown): ErrorDetail | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value: body, path: '', depth: 0 }];
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop() as { value: unknown; path: string; depth: number };
    const where = path || '(body)';
    if (typeof value === 'string') {
      if (!isStorableText(value)) return { path: where, message: 'text must not contain NUL characters or unpaired surrogates' };
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return { path: where, message: `nesting deeper than ${MAX_BODY_DEPTH} levels is not accepted` };
    for (const [key, child] of Object.entries(value)) {
      if (!isStorableText(key)) return { path: where, message: 'property names must not contain NUL characters or unpaired surrogates' };
      if (RESERVED_KEYS.has(key)) return { path: where, message: `"${key}" is not allowed as a property name` };
      pending.push({ value: child, path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
  return undefined;
}

/** Global pipe for request bodies, before validation: refuses what no route could accept, with 422. */
@Injectable()
export class SafeBodyPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const problem = findBodyProblem(value);
    if (problem) throw new RequestException(ErrorCode.VALIDATION_FAILED, 'The request body cannot be accepted', [problem]);
    return value;
  }
}

/** Refuses URLs with an encoded NUL (%00) in the path or query. */
export function rejectNulInUrl(request: Request, response: Response, next: NextFunction): void {
  if (/%00/.test(request.originalUrl)) {
    next(new RequestException(ErrorCode.URL_INVALID, 'The URL contains a NUL character'));
    return;
  }
  next();
}
