/**
 * The codebook of a definition: what the analysis, the validation of answers
 * and the exports know about a questionnaire. Pure: built from the SurveyJS
 * JSON by the conventions (README "Definitions"), no Nest, no database.
 */

export const NO_ANSWER = 'na';

export type QuestionKind = 'topBox' | 'yes' | 'choice' | 'text';

export interface CodebookLevel {
  value: number;
  label: string;
}

export interface CodebookScale {
  /** Levels low to high, values 1..k (yes/no: 0 = nein, 1 = ja). */
  levels: CodebookLevel[];
  /** Label of the `na` ("keine Angabe") column. */
  noAnswerLabel: string;
  topBox: number;
  /** The level values that form the top box (or "ja"). */
  topValues: number[];
}

export interface CodebookChoice {
  value: string;
  label: string;
}

export interface CodebookItem {
  code: string;
  title: string;
}

export interface CodebookQuestion {
  code: string;
  /** SurveyJS question type: matrix, radiogroup, dropdown, text, comment. */
  type: string;
  kind: QuestionKind;
  title: string;
  page: string;
  /** Position of the question in the whole questionnaire, from 0. */
  position: number;
  /** Rating and yes/no questions. */
  scale?: CodebookScale;
  /** Single-choice questions, in order; `na` not included (see noAnswerLabel). */
  choices?: CodebookChoice[];
  noAnswerLabel?: string;
  /** Matrix rows; for a single-choice or text question the question itself. */
  items: CodebookItem[];
}

export interface Codebook {
  title: string;
  questions: CodebookQuestion[];
}

type Json = Record<string, unknown>;

const CHOICE_TYPES = new Set(['radiogroup', 'dropdown']);
const TEXT_TYPES = new Set(['text', 'comment']);

/** German text of a SurveyJS localizable string (plain string or {default, de, en}). */
export function germanText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const localized = value as Record<string, unknown>;
    const text = localized.de ?? localized.default ?? Object.values(localized)[0];
    if (typeof text === 'string') return text;
  }
  return fallback;
}

function valueAndText(entry: unknown): { value: unknown; text: string } {
  if (typeof entry === 'object' && entry !== null) {
    const object = entry as Json;
    return { value: object.value, text: germanText(object.text, String(object.value)) };
  }
  return { value: entry, text: String(entry) };
}

/** Every question of a definition with the page it is on, in questionnaire order (panels flattened). */
export function questionsOf(definition: Json): Array<{ question: Json; page: string }> {
  const found: Array<{ question: Json; page: string }> = [];
  const visit = (elements: unknown, page: string) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements as Json[]) {
      if (element.type === 'panel') visit(element.elements, page);
      else if (element.type !== 'html' && element.type !== 'image') found.push({ question: element, page });
    }
  };
  const pages = Array.isArray(definition.pages) ? (definition.pages as Json[]) : [{ name: 'page1', elements: definition.elements }];
  pages.forEach((page, index) => visit(page.elements, typeof page.name === 'string' ? page.name : `page${index + 1}`));
  return found;
}

/**
 * Builds the codebook. Assumes a definition that passed validation; question
 * types outside the conventions (e.g. html) are not part of the codebook.
 */
export function buildCodebook(definition: Json): Codebook {
  const questions: CodebookQuestion[] = [];
  for (const { question, page } of questionsOf(definition)) {
    const code = String(question.name);
    const title = germanText(question.title, code);
    const type = String(question.type);
    const base = { code, type, title, page, position: questions.length };
    if (type === 'matrix') {
      const columns = (question.columns as unknown[]).map(valueAndText);
      const levels = columns
        .filter((column) => column.value !== NO_ANSWER)
        .map((column) => ({ value: Number(column.value), label: column.text }));
      const noAnswer = columns.find((column) => column.value === NO_ANSWER);
      const topBox = typeof question.topBox === 'number' ? question.topBox : 2;
      const topValues = levels.slice(levels.length - topBox).map((level) => level.value);
      const yes = levels.length === 2 && levels[0].value === 0 && levels[1].value === 1;
      const items = (question.rows as unknown[]).map(valueAndText).map((row) => ({ code: String(row.value), title: row.text }));
      questions.push({
        ...base,
        kind: yes ? 'yes' : 'topBox',
        scale: { levels, noAnswerLabel: noAnswer?.text ?? 'keine Angabe', topBox, topValues },
        items,
      });
    } else if (CHOICE_TYPES.has(type)) {
      const all = (question.choices as unknown[]).map(valueAndText);
      const noAnswer = all.find((choice) => choice.value === NO_ANSWER);
      const choices = all
        .filter((choice) => choice.value !== NO_ANSWER)
        .map((choice) => ({ value: String(choice.value), label: choice.text }));
      questions.push({ ...base, kind: 'choice', choices, noAnswerLabel: noAnswer?.text, items: [{ code, title }] });
    } else if (TEXT_TYPES.has(type)) {
      questions.push({ ...base, kind: 'text', items: [{ code, title }] });
    }
  }
  return { title: germanText(definition.title), questions };
}

/** The value codes an item accepts, as stored in the cells of a response (`na` included). */
export function allowedValues(question: CodebookQuestion): string[] | undefined {
  if (question.scale) return [...question.scale.levels.map((level) => String(level.value)), NO_ANSWER];
  if (question.choices) return [...question.choices.map((choice) => choice.value), ...(question.noAnswerLabel ? [NO_ANSWER] : [])];
  return undefined;
}
