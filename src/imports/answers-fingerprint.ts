/**
 * Equality of answers for "never twice": the same external id with the same
 * answers is `unchanged`, with other answers a `conflict`. JSONB does not keep
 * key order, and a file's column order is not the questionnaire's, so answers
 * are compared in a canonical form: JSON with the keys of every object sorted.
 */
import { createHash } from 'node:crypto';

/** JSON with object keys sorted (by code unit) at every depth; arrays keep their order; undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((entry) => (entry === undefined ? 'null' : canonicalJson(entry))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/** SHA-256 (hex) of the canonical JSON of an answer object: equal for equal answers in any key order. */
export function answersFingerprint(answers: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(answers)).digest('hex');
}

/**
 * The fingerprint of what an import row would store: status and answers (a
 * row that turns partial → completed with the same answers is a change).
 */
export function responseFingerprint(status: string, answers: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ answers, status })).digest('hex');
}
