/**
 * The figure specifications of a survey (`<DEFINITIONS_DIR>/<surveyId>/figures.json`):
 * checked field by field when loaded, so that a malformed file fails with the
 * path of every problem instead of producing a wrong figure later. Pure.
 */
import { CODE_PATTERN, QUESTION_CODE_PATTERN } from '../common/codes';
import type { FigureSpec } from './analysis.types';

export const FIGURES_FILE = 'figures.json';

/** Wave codes and figure ids are codes (src/common/codes.ts): never a dot (`abb3.svg` is an export). */
export { CODE_PATTERN };

export const FIGURE_STATISTICS: ReadonlyArray<FigureSpec['statistic']> = ['topBox', 'yes', 'choice'];

export interface FigureSpecFile {
  surveyId: string;
  title: string | null;
  source: string | null;
  figures: FigureSpec[];
}

export class FigureSpecError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid figure specification ${file}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'FigureSpecError';
  }
}

type Json = Record<string, unknown>;

const FILE_KEYS = ['surveyId', 'title', 'source', 'figures'];
const FIGURE_KEYS = ['id', 'number', 'title', 'question', 'statistic', 'items', 'waves', 'delta', 'notes'];

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

class Checker {
  readonly problems: string[] = [];

  unknownKeys(object: Json, allowed: string[], path: string): void {
    for (const key of Object.keys(object)) {
      if (!allowed.includes(key)) this.problems.push(`${path}${key}: unknown field`);
    }
  }

  text(value: unknown, path: string): string {
    if (!isText(value)) this.problems.push(`${path}: must be a non-empty string`);
    return isText(value) ? value : '';
  }

  optionalText(value: unknown, path: string): string | null {
    return value === undefined ? null : this.text(value, path);
  }

  codes(value: unknown, path: string, pattern?: RegExp): string[] {
    if (!Array.isArray(value) || value.length === 0) {
      this.problems.push(`${path}: must be a non-empty array of codes`);
      return [];
    }
    const seen = new Set<string>();
    value.forEach((code, index) => {
      if (!isText(code) || (pattern && !pattern.test(code))) this.problems.push(`${path}[${index}]: invalid code ${JSON.stringify(code)}`);
      else if (seen.has(code)) this.problems.push(`${path}[${index}]: duplicate code "${code}"`);
      seen.add(String(code));
    });
    return value.map(String);
  }

  figure(raw: unknown, path: string): FigureSpec {
    if (!isObject(raw)) {
      this.problems.push(`${path}: must be an object`);
      return raw as FigureSpec;
    }
    this.unknownKeys(raw, FIGURE_KEYS, `${path}.`);
    if (!isText(raw.id) || !CODE_PATTERN.test(raw.id)) this.problems.push(`${path}.id: must match ${CODE_PATTERN} (no dots)`);
    if (!Number.isInteger(raw.number) || (raw.number as number) < 1) this.problems.push(`${path}.number: must be a positive integer`);
    if (!FIGURE_STATISTICS.includes(raw.statistic as FigureSpec['statistic'])) {
      this.problems.push(`${path}.statistic: must be one of ${FIGURE_STATISTICS.join(', ')}`);
    }
    if (typeof raw.delta !== 'boolean') this.problems.push(`${path}.delta: must be true or false`);
    const notes = raw.notes ?? [];
    if (!Array.isArray(notes) || !notes.every(isText)) this.problems.push(`${path}.notes: must be an array of non-empty strings`);
    return {
      id: String(raw.id),
      number: raw.number as number,
      title: this.text(raw.title, `${path}.title`),
      question: this.text(raw.question, `${path}.question`),
      statistic: raw.statistic as FigureSpec['statistic'],
      items: this.codes(raw.items, `${path}.items`, QUESTION_CODE_PATTERN),
      waves: this.codes(raw.waves, `${path}.waves`, CODE_PATTERN),
      delta: raw.delta as boolean,
      notes: Array.isArray(notes) ? (notes as string[]) : [],
    };
  }
}

/** Checks a parsed figures.json of the survey `surveyId`; throws FigureSpecError listing every problem. */
export function parseFigureSpecs(raw: unknown, surveyId: string, file: string): FigureSpecFile {
  const check = new Checker();
  if (!isObject(raw)) throw new FigureSpecError(file, ['the file must contain a JSON object']);
  check.unknownKeys(raw, FILE_KEYS, '');
  if (raw.surveyId !== surveyId)
    check.problems.push(`surveyId: must be "${surveyId}" (the folder name), got ${JSON.stringify(raw.surveyId)}`);
  const title = check.optionalText(raw.title, 'title');
  const source = check.optionalText(raw.source, 'source');
  const figures: FigureSpec[] = [];
  if (!Array.isArray(raw.figures) || raw.figures.length === 0) check.problems.push('figures: must be a non-empty array');
  else raw.figures.forEach((figure, index) => figures.push(check.figure(figure, `figures[${index}]`)));
  const ids = new Set<string>();
  figures.forEach((figure, index) => {
    if (ids.has(figure.id)) check.problems.push(`figures[${index}].id: duplicate id "${figure.id}"`);
    ids.add(figure.id);
  });
  if (check.problems.length > 0) throw new FigureSpecError(file, check.problems);
  return { surveyId, title, source, figures };
}
