/**
 * When SurveyJS's verdict on a response depends only on whether its required questions are answered, a verdict
 * can be reused for every response that leaves the same required questions empty. That is so for a definition
 * without logic (no `visibleIf`, `requiredIf`, … expressions, no validators, no triggers, no number or date inputs
 * with limits): its questions are always shown, and "required" asks only whether a question (or, for
 * `isAllRowRequired`, each row) has an answer. `isStaticDefinition` admits a definition only when every property it
 * uses is on the list below; anything else (a property this list does not know) makes it dynamic, and every
 * response is checked by SurveyJS in full. survey-rules.spec.ts checks the reuse against a fresh SurveyJS check on
 * generated responses for each definition in survey-definitions/.
 */

/** Element types whose required check is "has a non-empty value" (per row for a matrix). */
const STATIC_TYPES = new Set(['radiogroup', 'dropdown', 'matrix', 'text', 'comment', 'panel', 'html']);

/** Properties that only describe, lay out or name; their values never depend on answers. */
const STATIC_PROPERTIES = new Set([
  'locale',
  'pages',
  'elements',
  'name',
  'type',
  'title',
  'description',
  'text',
  'value',
  'choices',
  'columns',
  'rows',
  'isRequired',
  'isAllRowRequired',
  'requiredErrorText',
  'showProgressBar',
  'showQuestionNumbers',
  'questionsOnPageMode',
  'titleLocation',
  'descriptionLocation',
  'hideNumber',
  'placeholder',
  'colCount',
  'completeText',
  'pageNextText',
  'pagePrevText',
  'completedHtml',
  'html',
  'topBox',
]);

/** Text properties: their value may be a string or a `{de: …, en: …}` object, whose keys are locales, not properties. */
const LOCALIZED = new Set([
  'title',
  'description',
  'text',
  'requiredErrorText',
  'placeholder',
  'completeText',
  'pageNextText',
  'pagePrevText',
  'completedHtml',
  'html',
]);

export function isStaticDefinition(definition: unknown): boolean {
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.every(visit);
    if (node === null || typeof node !== 'object') return true;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (!STATIC_PROPERTIES.has(key)) return false;
      if (key === 'type' && !(typeof value === 'string' && STATIC_TYPES.has(value))) return false;
      // A required panel asks for one answer among its questions, not for a value of its own: SurveyJS decides.
      if ((key === 'isRequired' || key === 'isAllRowRequired') && value === true && !isAnsweredType(node)) return false;
      if (LOCALIZED.has(key)) continue;
      if (!visit(value)) return false;
    }
    return true;
  };
  return visit(definition);
}

/** Element types whose value is the answer (so "required" is about that value). */
const ANSWERED_TYPES = new Set(['radiogroup', 'dropdown', 'matrix', 'text', 'comment']);

function isAnsweredType(node: object): boolean {
  const type = (node as { type?: unknown }).type;
  return typeof type === 'string' && ANSWERED_TYPES.has(type);
}

/** Empty as SurveyJS's required check sees it: nothing, blank text, an empty list, an object with only empty members. */
function isEmptyValue(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).every(isEmptyValue);
  return false;
}

/** A question whose answer the verdict can depend on: a required one, or a matrix that requires every row. */
interface RequiredQuestion {
  name: string;
  required: boolean;
  /** The rows of a matrix with `isAllRowRequired`. */
  rows?: string[];
  /** The definition's own text for an unanswered required question, as given (string or per locale). */
  requiredErrorText?: unknown;
}

function requiredQuestions(definition: unknown): RequiredQuestion[] {
  const found: RequiredQuestion[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    const allRows = element.type === 'matrix' && element.isAllRowRequired === true;
    if (typeof element.name === 'string' && (element.isRequired === true || allRows)) {
      const rows = allRows && Array.isArray(element.rows) ? element.rows.map(rowValue) : undefined;
      found.push({ name: element.name, required: element.isRequired === true, rows, requiredErrorText: element.requiredErrorText });
    }
    if (Array.isArray(element.pages)) visit(element.pages);
    if (Array.isArray(element.elements)) visit(element.elements);
  };
  visit(definition);
  return found;
}

function rowValue(row: unknown): string {
  if (row !== null && typeof row === 'object' && 'value' in row) return String(row.value);
  return String(row);
}

/**
 * For a static definition, the key its verdict depends on: whether the response is complete and, when it is,
 * which of the required questions (and rows of matrices that require every row) are empty. Every other question
 * is shown whatever the answers are and checks nothing (no validators, no logic), so its answer changes nothing.
 * Null for a definition that is not static: every response is then checked by SurveyJS in full.
 * For answers that passed the codebook check (`checkAnswerShape`: every value a level, choice or text of its
 * question), which is the only way answers reach SurveyRules (`validateAnswers`).
 */
export function verdictKeyOf(definition: unknown): ((answers: Record<string, unknown>, complete: boolean) => string) | null {
  if (!isStaticDefinition(definition)) return null;
  const required = requiredQuestions(definition);
  return (answers, complete) => {
    if (!complete) return 'partial';
    const parts = required.map((question) => {
      const value = answers[question.name];
      const whole = isEmptyValue(value) ? '0' : '1';
      if (question.rows === undefined) return whole;
      const cells = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
      return whole + question.rows.map((row) => (isEmptyValue(cells[row]) ? '0' : '1')).join('');
    });
    return `complete|${parts.join('|')}`;
  };
}

/** SurveyJS's German texts (survey-core/i18n/german) for the two requirements a static definition can have. */
export const REQUIRED_ERROR_DE = 'Bitte beantworten Sie diese Frage.';
export const REQUIRED_IN_ALL_ROWS_ERROR_DE = 'Bitte beantworten Sie alle Fragen.';

/** A verdict: for each question in the order SurveyJS lists them, its errors ({path, message}). */
export type Verdict = (answers: Record<string, unknown>, complete: boolean) => Array<{ path: string; message: string }>;

/**
 * For a static definition, SurveyJS's verdict computed without SurveyJS: nothing before completion; on
 * completion, each required question that is empty (its `requiredErrorText` or SurveyJS's German text) and
 * each matrix that requires every row and leaves one empty. Null when the definition is not static, or when
 * a required question's own error text is not a plain string (SurveyJS's choice among locales decides then):
 * SurveyRules asks SurveyJS in those cases. survey-rules.spec.ts holds this against SurveyJS on generated
 * responses. For answers that passed the codebook check, like verdictKeyOf.
 */
export function staticVerdictOf(definition: unknown): Verdict | null {
  if (!isStaticDefinition(definition)) return null;
  const required = requiredQuestions(definition);
  if (required.some((question) => question.requiredErrorText !== undefined && typeof question.requiredErrorText !== 'string')) return null;
  return (answers, complete) => {
    if (!complete) return [];
    const errors: Array<{ path: string; message: string }> = [];
    for (const question of required) {
      const value = answers[question.name];
      if (question.required && isEmptyValue(value)) {
        errors.push({ path: question.name, message: (question.requiredErrorText as string | undefined) ?? REQUIRED_ERROR_DE });
      }
      if (question.rows !== undefined) {
        const cells = (value !== null && typeof value === 'object' ? value : {}) as Record<string, unknown>;
        if (question.rows.some((row) => isEmptyValue(cells[row])))
          errors.push({ path: question.name, message: REQUIRED_IN_ALL_ROWS_ERROR_DE });
      }
    }
    return errors;
  };
}
