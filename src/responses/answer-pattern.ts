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
      if (LOCALIZED.has(key)) continue;
      if (!visit(value)) return false;
    }
    return true;
  };
  return visit(definition);
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
      found.push({ name: element.name, required: element.isRequired === true, rows });
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
