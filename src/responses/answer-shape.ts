import { allowedValues, Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import { ErrorDetail } from '../common/error-code';

export const MAX_TEXT_LENGTH = 10_000;

/** Nothing given: null, undefined, text of blanks only, or an object (a matrix) without a single answered row. */
function isUnanswered(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (typeof value === 'object' && !Array.isArray(value)) return Object.keys(value).length === 0;
  return false;
}

/**
 * The answer object as it is stored: a question (or matrix row) without an
 * answer is absent, never `null`, an empty text or an empty matrix. Every save
 * goes through this before it is checked and written (ResponsesService.save),
 * so the JSONB object, its cells and the comparison of a repeated
 * completion all see the same answers.
 */
export function withoutUnanswered(answers: Record<string, unknown>): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const [code, answer] of Object.entries(answers)) {
    const value =
      answer !== null && typeof answer === 'object' && !Array.isArray(answer)
        ? Object.fromEntries(Object.entries(answer).filter(([, row]) => !isUnanswered(row)))
        : answer;
    if (!isUnanswered(value)) kept[code] = value;
  }
  return kept;
}

/**
 * The strict codebook checks SurveyJS does not do: every question and item
 * code known, every value of the right type and inside the scale or choices.
 * Messages are German: the respondent's page shows them at the question.
 */
export function checkAnswerShape(codebook: Codebook, answers: Record<string, unknown>): ErrorDetail[] {
  const questions = new Map(codebook.questions.map((question) => [question.code, question]));
  const errors: ErrorDetail[] = [];
  for (const [code, answer] of Object.entries(answers)) {
    const question = questions.get(code);
    if (!question) {
      errors.push({ path: code, message: `Unbekannte Frage "${code}"` });
    } else if (answer !== null && answer !== undefined) {
      errors.push(...checkQuestion(question, answer));
    }
  }
  return errors;
}

function checkQuestion(question: CodebookQuestion, answer: unknown): ErrorDetail[] {
  const path = question.code;
  if (question.scale) {
    if (typeof answer !== 'object' || Array.isArray(answer)) {
      return [{ path, message: 'Erwartet wird ein Objekt mit einer Antwort je Zeile' }];
    }
    const items = new Set(question.items.map((item) => item.code));
    const levels = new Set(question.scale.levels.map((level) => level.value));
    return Object.entries(answer as Record<string, unknown>).flatMap(([item, value]): ErrorDetail[] => {
      const itemPath = `${path}.${item}`;
      if (!items.has(item)) return [{ path: itemPath, message: `Unbekannte Zeile "${item}"` }];
      if (value === null || value === undefined || value === NO_ANSWER) return [];
      if (typeof value !== 'number' || !levels.has(value)) {
        return [
          {
            path: itemPath,
            message: `Ungültiger Wert ${JSON.stringify(value)}: erlaubt sind ${[...levels].join(', ')} oder "${NO_ANSWER}"`,
          },
        ];
      }
      return [];
    });
  }
  if (question.kind === 'choice') {
    const allowed = allowedValues(question) ?? [];
    if (typeof answer !== 'string' || !allowed.includes(answer)) {
      return [{ path, message: `Ungültige Auswahl ${JSON.stringify(answer)}: erlaubt sind ${allowed.join(', ')}` }];
    }
    return [];
  }
  if (typeof answer !== 'string') return [{ path, message: 'Erwartet wird ein Text' }];
  if (answer.length > MAX_TEXT_LENGTH) return [{ path, message: `Der Text ist zu lang (höchstens ${MAX_TEXT_LENGTH} Zeichen)` }];
  return [];
}
