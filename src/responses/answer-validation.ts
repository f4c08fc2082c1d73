import type { ErrorDetail } from '../common/error-code';
import type { Codebook } from '../definitions/codebook';
import { checkAnswerShape, withoutUnanswered } from './answer-shape';
import { SurveyRules } from './survey-rules';

/** What validation needs of a definition version (DefinitionsService's `CompiledDefinition` fits). */
export interface ValidatedDefinition {
  hash: string;
  content: Record<string, unknown>;
  codebook: Codebook;
}

/**
 * Every check an answer object passes before it is stored, in one place, for
 * the respondent API (ResponsesService.save) and the import alike: first the
 * strict codebook checks on the answers as given (unknown question and row
 * codes are refused even when their value is null), then, only when those
 * pass, SurveyJS's logic (hidden questions answered; required questions and
 * validators when `complete`) on the answers without the unanswered ones.
 * Messages are German (the respondent's page shows them at the question).
 */
export function validateAnswers(
  rules: SurveyRules,
  definition: ValidatedDefinition,
  answers: Record<string, unknown>,
  complete: boolean,
): ErrorDetail[] {
  const shapeErrors = checkAnswerShape(definition.codebook, answers);
  if (shapeErrors.length > 0) return shapeErrors;
  return rules.check(definition.hash, definition.content, withoutUnanswered(answers), complete);
}
