/**
 * Answers and the draft kept in localStorage: pure functions, no DOM.
 */
import type { Answers } from './contracts';
import { sha256Hex } from './sha256';

/** Prefix of the localStorage key of a draft; the rest is the SHA-256 of the token, never the token itself. */
export const DRAFT_PREFIX = 'survey-waves:draft:';

/** The localStorage key of a link's draft: a hash of the token, so that the storage never lists the link itself. */
export function draftKeyOf(token: string): string {
  return DRAFT_PREFIX + sha256Hex(token);
}

/** What localStorage holds for a link: answers the server has not confirmed yet. */
export interface Draft {
  answers: Answers;
  revision: number | null;
  savedAt: string;
}

/**
 * Whether two JSON values are the same answers: objects compared by their keys
 * and values in any order (PostgreSQL's JSONB does not keep the order of keys),
 * arrays element by element. The server compares the same way (`isDeepStrictEqual`).
 */
export function sameAnswers(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((value, index) => sameAnswers(value, right[index]));
  }
  const leftObject = left as Record<string, unknown>;
  const rightObject = right as Record<string, unknown>;
  const keys = Object.keys(leftObject);
  if (keys.length !== Object.keys(rightObject).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(rightObject, key) && sameAnswers(leftObject[key], rightObject[key]));
}

/** A stored draft, or null when there is none or it is unreadable (another version of the page, a broken write). */
export function parseDraft(stored: string | null): Draft | null {
  if (stored === null || stored === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { answers, revision, savedAt } = value as Record<string, unknown>;
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return null;
  return {
    answers: answers as Answers,
    revision: typeof revision === 'number' ? revision : null,
    savedAt: typeof savedAt === 'string' ? savedAt : '',
  };
}

export interface StartingAnswers {
  /** What the form starts with. */
  answers: Answers;
  /** Whether the draft held answers the server does not have (the page says so and saves them). */
  restored: boolean;
}

/** The saved answers, with a draft's answers laid over them when they differ. */
export function mergeDraft(saved: Answers, draft: Draft | null): StartingAnswers {
  if (draft === null || sameAnswers(draft.answers, saved)) return { answers: saved, restored: false };
  return { answers: { ...saved, ...draft.answers }, restored: true };
}
