import { Serializer } from 'survey-core';
import { QUESTION_CODE_PATTERN } from '../common/codes';
import { NO_ANSWER } from './codebook';
import { createSurveyModel, DEFAULT_TOP_BOX, TOP_BOX_PROPERTY } from './survey-model';

/**
 * Validation of a definition against SurveyJS and the definition conventions
 * (README "Definitions"). Pure: no Nest, no database, no file system.
 */

export interface DefinitionProblem {
  /** JSON path of the problem, e.g. `pages[1].elements[0].columns[2].value`; '' is the whole definition. */
  path: string;
  message: string;
}

/** Question and item codes: what the answers, the analysis and the exports key on (src/common/codes.ts). */
const CODE_PATTERN = QUESTION_CODE_PATTERN;
/** Question types the conventions give a meaning to. */
export const QUESTION_TYPES: readonly string[] = ['matrix', 'radiogroup', 'dropdown', 'text', 'comment'];
/** Element types allowed for layout only: they hold or show something but are not questions. */
export const LAYOUT_TYPES: readonly string[] = ['panel', 'html'];
/** SurveyJS switches that add answer values outside the declared choices. */
const EXTRA_CHOICE_SWITCHES = ['showOtherItem', 'hasOther', 'showNoneItem', 'hasNone', 'showSelectAllItem', 'hasSelectAll'];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A German text is a non-empty string, or a localized object with a non-empty `de` or `default`. */
function hasGermanText(value: unknown): boolean {
  if (typeof value === 'string') return value.trim().length > 0;
  if (!isObject(value)) return false;
  return [value.de, value.default].some((text) => typeof text === 'string' && text.trim().length > 0);
}

function describe(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

class Collector {
  readonly problems: DefinitionProblem[] = [];

  add(path: string, message: string): void {
    if (!this.problems.some((problem) => problem.path === path && problem.message === message)) {
      this.problems.push({ path, message });
    }
  }
}

/** Every problem of a definition; an empty list means it follows SurveyJS and the conventions. */
export function validateDefinition(json: unknown): DefinitionProblem[] {
  const problems = new Collector();
  if (!isObject(json)) {
    problems.add('', 'A definition must be a JSON object (a SurveyJS survey)');
    return problems.problems;
  }
  if (!Array.isArray(json.pages) || json.pages.length === 0) {
    problems.add('pages', 'A definition needs a non-empty "pages" array (questions outside pages are not supported)');
    return problems.problems;
  }
  const questionNames = new Map<string, string>();
  const skipped = new Set<string>();
  json.pages.forEach((page, index) => {
    const path = `pages[${index}]`;
    if (!isObject(page)) problems.add(path, 'A page must be an object');
    else checkElements(page.elements, `${path}.elements`, problems, questionNames, skipped);
  });
  checkWithSurveyJs(json, problems, skipped);
  return problems.problems;
}

function checkElements(elements: unknown, path: string, problems: Collector, names: Map<string, string>, skipped: Set<string>): void {
  if (elements === undefined) return;
  if (!Array.isArray(elements)) {
    problems.add(path, '"elements" must be an array');
    return;
  }
  elements.forEach((element, index) => {
    const elementPath = `${path}[${index}]`;
    if (!isObject(element)) {
      problems.add(elementPath, 'An element must be an object');
      return;
    }
    const type = element.type;
    if (type === 'panel') {
      checkElements(element.elements, `${elementPath}.elements`, problems, names, skipped);
    } else if (type === 'html') {
      return;
    } else if (typeof type === 'string' && QUESTION_TYPES.includes(type)) {
      checkQuestion(element, type, elementPath, problems, names);
    } else {
      skipped.add(elementPath);
      problems.add(`${elementPath}.type`, unsupportedTypeMessage(type));
    }
  });
}

function unsupportedTypeMessage(type: unknown): string {
  const supported = `supported: ${QUESTION_TYPES.join(', ')}; ${LAYOUT_TYPES.join(' and ')} for layout`;
  if (typeof type !== 'string' || type === '') return `An element needs a "type" (${supported})`;
  if (Serializer.findClass(type) === undefined) return `Unknown question type "${type}" (${supported})`;
  return `Question type "${type}" is not supported by the definition conventions (${supported})`;
}

function checkQuestion(question: Json, type: string, path: string, problems: Collector, names: Map<string, string>): void {
  const name = question.name;
  if (typeof name !== 'string' || !CODE_PATTERN.test(name)) {
    problems.add(`${path}.name`, `Question code ${describe(name)} must match ${CODE_PATTERN.source} (lower-case letters, digits, _)`);
  } else if (names.has(name)) {
    problems.add(`${path}.name`, `Duplicate question code "${name}" (also at ${names.get(name)})`);
  } else {
    names.set(name, `${path}.name`);
  }
  if (!hasGermanText(question.title)) problems.add(`${path}.title`, 'The question needs a German title');
  if (type === 'matrix') checkMatrix(question, path, problems);
  if (type === 'radiogroup' || type === 'dropdown') checkChoices(question, path, problems);
}

function checkMatrix(question: Json, path: string, problems: Collector): void {
  const rows = question.rows;
  if (!Array.isArray(rows) || rows.length === 0) {
    problems.add(`${path}.rows`, 'A matrix needs a non-empty "rows" array (its items)');
  } else {
    const seen = new Map<string, string>();
    rows.forEach((row, index) => {
      const rowPath = `${path}.rows[${index}]`;
      if (!isObject(row)) {
        problems.add(rowPath, 'An item must be an object with "value" (its code) and "text" (its German title)');
        return;
      }
      checkCode(row.value, `${rowPath}.value`, 'item code', seen, problems);
      if (!hasGermanText(row.text)) problems.add(`${rowPath}.text`, 'The item needs a German title');
    });
  }
  checkScale(question, path, problems);
}

function checkCode(value: unknown, path: string, what: string, seen: Map<string, string>, problems: Collector): void {
  if (typeof value !== 'string' || !CODE_PATTERN.test(value)) {
    problems.add(path, `The ${what} ${describe(value)} must be a string matching ${CODE_PATTERN.source}`);
  } else if (seen.has(value)) {
    problems.add(path, `Duplicate ${what} "${value}" (also at ${seen.get(value)})`);
  } else {
    seen.set(value, path);
  }
}

function checkScale(question: Json, path: string, problems: Collector): void {
  const columns = question.columns;
  if (!Array.isArray(columns) || columns.length === 0) {
    problems.add(`${path}.columns`, 'A matrix needs a non-empty "columns" array (its scale)');
    return;
  }
  const levels: number[] = [];
  let scaleReadable = true;
  let noAnswerColumns = 0;
  columns.forEach((column, index) => {
    const columnPath = `${path}.columns[${index}]`;
    if (!isObject(column)) {
      problems.add(columnPath, 'A column must be an object with "value" and "text"');
      scaleReadable = false;
      return;
    }
    if (!hasGermanText(column.text)) problems.add(`${columnPath}.text`, 'The scale level needs a German label');
    if (column.value === NO_ANSWER) {
      noAnswerColumns += 1;
      if (index !== columns.length - 1) problems.add(`${columnPath}.value`, `The "${NO_ANSWER}" column must be the last column`);
    } else if (typeof column.value === 'number' && Number.isInteger(column.value)) {
      levels.push(column.value);
    } else {
      problems.add(`${columnPath}.value`, `A column value must be an integer level or "${NO_ANSWER}", not ${describe(column.value)}`);
      scaleReadable = false;
    }
  });
  if (noAnswerColumns !== 1) {
    problems.add(`${path}.columns`, `A scale needs exactly one "${NO_ANSWER}" column ("keine Angabe"); found ${noAnswerColumns}`);
  }
  if (!scaleReadable) return;
  const yesNo = levels.length === 2 && levels[0] === 0 && levels[1] === 1;
  const rating = levels.length >= 2 && levels.every((level, index) => level === index + 1);
  if (!yesNo && !rating) {
    problems.add(
      `${path}.columns`,
      `The levels must be the integers 1..k ascending (k ≥ 2), or 0, 1 for yes/no, plus one "${NO_ANSWER}" column; found ${levels.join(', ') || 'none'}`,
    );
    return;
  }
  checkTopBox(question[TOP_BOX_PROPERTY], yesNo, levels.length, `${path}.${TOP_BOX_PROPERTY}`, problems);
}

function checkTopBox(value: unknown, yesNo: boolean, levels: number, path: string, problems: Collector): void {
  const topBox = value === undefined ? DEFAULT_TOP_BOX : value;
  if (yesNo) {
    if (topBox !== 1) problems.add(path, `A yes/no matrix (columns 0, 1, "${NO_ANSWER}") must set ${TOP_BOX_PROPERTY} to 1 ("ja")`);
    return;
  }
  if (typeof topBox !== 'number' || !Number.isInteger(topBox) || topBox < 1 || topBox >= levels) {
    const given = value === undefined ? `the default ${DEFAULT_TOP_BOX}` : describe(value);
    problems.add(path, `${TOP_BOX_PROPERTY} must be an integer from 1 to ${levels - 1} for a scale of ${levels} levels, not ${given}`);
  }
}

function checkChoices(question: Json, path: string, problems: Collector): void {
  for (const name of EXTRA_CHOICE_SWITCHES) {
    if (question[name] !== undefined && question[name] !== false) {
      problems.add(`${path}.${name}`, `"${name}" adds answers outside the declared choices; add a choice with its own code instead`);
    }
  }
  const choices = question.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    problems.add(`${path}.choices`, 'A single-choice question needs a non-empty "choices" array');
    return;
  }
  const seen = new Map<string, string>();
  choices.forEach((choice, index) => {
    const choicePath = `${path}.choices[${index}]`;
    if (!isObject(choice)) {
      problems.add(choicePath, 'A choice must be an object with "value" (its code) and "text" (its German label)');
      return;
    }
    checkCode(choice.value, `${choicePath}.value`, 'choice code', seen, problems);
    if (!hasGermanText(choice.text)) problems.add(`${choicePath}.text`, 'The choice needs a German label');
    if (choice.value === NO_ANSWER && index !== choices.length - 1) {
      problems.add(`${choicePath}.value`, `The "${NO_ANSWER}" choice must be the last choice`);
    }
  });
  if (!choices.some((choice) => isObject(choice) && choice.value !== NO_ANSWER)) {
    problems.add(`${path}.choices`, `A single-choice question needs at least one choice besides "${NO_ANSWER}"`);
  }
}

/** What SurveyJS itself objects to (unknown properties, unreadable types), mapped to JSON paths. */
function checkWithSurveyJs(json: Json, problems: Collector, skipped: Set<string>): void {
  const paths = new Map<object, string>();
  indexPaths(json, '', paths);
  let errors;
  try {
    errors = createSurveyModel(json).jsonErrors ?? [];
  } catch (error) {
    problems.add('', `SurveyJS cannot read the definition: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  for (const error of errors) {
    const jsonObj: unknown = error.jsonObj;
    const objectPath = typeof jsonObj === 'object' && jsonObj !== null ? paths.get(jsonObj) : undefined;
    if (objectPath !== undefined && [...skipped].some((path) => objectPath === path || objectPath.startsWith(`${path}.`))) continue;
    const base = objectPath ?? '';
    if (error.type === 'unknownproperty') {
      const property = String((error as { propertyName?: unknown }).propertyName);
      problems.add(base ? `${base}.${property}` : property, `Unknown SurveyJS property "${property}"`);
    } else {
      problems.add(base, `SurveyJS: ${error.message}`);
    }
  }
}

function indexPaths(value: unknown, path: string, paths: Map<object, string>): void {
  if (Array.isArray(value)) {
    paths.set(value, path);
    value.forEach((entry, index) => indexPaths(entry, `${path}[${index}]`, paths));
  } else if (isObject(value)) {
    paths.set(value, path);
    for (const [key, entry] of Object.entries(value)) indexPaths(entry, path ? `${path}.${key}` : key, paths);
  }
}

/** One line per problem, for logs and the command line. */
export function formatProblem(problem: DefinitionProblem): string {
  return `${problem.path || '(root)'}: ${problem.message}`;
}
