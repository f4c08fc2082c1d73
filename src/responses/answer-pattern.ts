/**
 * When SurveyJS's verdict on a response depends only on WHICH questions and matrix rows are answered, not on the
 * answers themselves, a verdict can be reused for every response with the same pattern of answered questions.
 * That is so for a definition without logic (no `visibleIf`, `requiredIf`, … expressions, no validators, no
 * triggers, no number or date inputs with limits): its questions are always shown, and "required" asks only
 * whether a question (or, for `isAllRowRequired`, each row) has an answer. `isStaticDefinition` admits a definition
 * only when every property it uses is on the list below; anything else (a property this list does not know)
 * makes it dynamic, and every response is checked by SurveyJS in full. survey-rules.spec.ts checks the reuse
 * against a fresh SurveyJS check on generated responses for each definition in survey-definitions/.
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

function valueKind(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value.trim() === '' ? 'e' : 's';
  if (Array.isArray(value)) return value.length === 0 ? 'e' : 'a';
  if (typeof value === 'object') {
    const rows = Object.entries(value as Record<string, unknown>)
      .map(([row, cell]) => [row, valueKind(cell)] as const)
      .filter(([, kind]) => kind !== '')
      .map(([row, kind]) => `${row}=${kind}`)
      .sort();
    return `{${rows.join(',')}}`;
  }
  return typeof value === 'number' ? 'n' : 'v';
}

/** Which questions (and matrix rows) are answered, and with what kind of value: the key a static definition's verdict depends on. */
export function answerPattern(answers: Record<string, unknown>, complete: boolean): string {
  const parts = Object.entries(answers)
    .map(([question, value]) => [question, valueKind(value)] as const)
    .filter(([, kind]) => kind !== '')
    .map(([question, kind]) => `${question}:${kind}`)
    .sort();
  return `${complete ? 'c' : 'p'}|${parts.join('|')}`;
}
