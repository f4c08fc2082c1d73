/**
 * Reading the respondent API's error answers: pure functions, no DOM.
 */
import type { ErrorBody } from './contracts';

/** Where the refusal of a closed or not yet open wave carries its heading (see the respondent API). */
export const REFUSAL_HEADING_PATH = 'wave';

export interface ErrorDetail {
  path: string;
  message: string;
}

/** The parts of an answer's JSON that look like an error body; anything else (an HTML page of a proxy, no JSON) gives {}. */
export function errorBodyOf(payload: unknown): Partial<ErrorBody> {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return {};
  const { code, message, errors } = payload as Record<string, unknown>;
  const details = Array.isArray(errors)
    ? errors.filter(
        (error): error is ErrorDetail =>
          typeof error === 'object' &&
          error !== null &&
          typeof (error as ErrorDetail).path === 'string' &&
          typeof (error as ErrorDetail).message === 'string',
      )
    : undefined;
  return {
    ...(typeof code === 'string' ? { code: code as ErrorBody['code'] } : {}),
    ...(typeof message === 'string' ? { message } : {}),
    ...(details ? { errors: details } : {}),
  };
}

/** The heading the server gives a refusal (an error detail at REFUSAL_HEADING_PATH), or the fallback. */
export function refusalHeading(body: Partial<ErrorBody>, fallback: string): string {
  const detail = (body.errors ?? []).find((error) => error.path === REFUSAL_HEADING_PATH && error.message !== '');
  return detail ? detail.message : fallback;
}

/** The server's own (German) explanation of a refusal, or the fallback. */
export function refusalMessage(body: Partial<ErrorBody>, fallback: string): string {
  return body.message !== undefined && body.message !== '' ? body.message : fallback;
}

/** The question (and matrix item) an error path names: `code` or `code.item`; null for an empty path. */
export function errorTarget(path: string): { question: string; item: string | null } | null {
  const dot = path.indexOf('.');
  const question = dot < 0 ? path : path.slice(0, dot);
  if (question === '') return null;
  return { question, item: dot < 0 ? null : path.slice(dot + 1) };
}

/** The token of /survey/<token>; empty for /survey/ (a link cut off when copied) or an undecodable one. */
export function tokenFromPath(path: string): string {
  const match = /^\/survey\/([^/]+)\/?$/.exec(path);
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return '';
  }
}
