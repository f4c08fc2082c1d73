/**
 * The results of a wave per answer option of a single-choice question (issue 17), pure. Groups follow the question's
 * option order, then "keine Angabe" (`na`, which also holds completed responses that did not answer the question, so
 * that the groups partition the responses). Small groups are suppressed as ./suppression decides.
 */
import { Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import type { Breakdown, BreakdownGroup } from './analysis.types';
import { suppressedGroups } from './suppression';
import { AnswerCount, buildQuestionResults } from './wave-results';

/** The codes a breakdown may use: the wave's single-choice questions, in questionnaire order. */
export function breakdownCodes(codebook: Codebook): string[] {
  return codebook.questions.filter((question) => question.kind === 'choice').map((question) => question.code);
}

/** The single-choice question `code`, or undefined when the codebook has none of that code and kind. */
export function breakdownQuestion(codebook: Codebook, code: string): CodebookQuestion | undefined {
  return codebook.questions.find((question) => question.code === code && question.kind === 'choice');
}

export interface BreakdownInput {
  codebook: Codebook;
  question: CodebookQuestion;
  /** Responses per group value (`na` included) as counted (with include=partial: also partial ones); values outside the options are left out. */
  sizes: Map<string, number>;
  /**
   * Completed responses per group value: what suppression is decided on (MIN_GROUP counts completed responses). When
   * `sizes` counts partial responses too, a group whose partial ones number 1 to MIN_GROUP − 1 is suppressed as well:
   * comparing it with the completed-only view would show their answers. Defaults to `sizes`.
   */
  completedSizes?: Map<string, number>;
  /** Answer counts per group value. */
  counts: Map<string, AnswerCount[]>;
  minBase: number;
  minGroup: number;
}

export function buildBreakdown(input: BreakdownInput): Breakdown {
  const { question } = input;
  const options = [
    ...(question.choices ?? []).map((choice) => ({ code: choice.value, title: choice.label })),
    { code: NO_ANSWER, title: question.noAnswerLabel ?? 'keine Angabe' },
  ];
  const sizes = options.map((option) => input.sizes.get(option.code) ?? 0);
  const completed = options.map((option) => (input.completedSizes ?? input.sizes).get(option.code) ?? 0);
  // A group at risk only through its partial responses is decided as a group of one (primary suppression).
  const decisive = completed.map((size, index) => {
    const partialOnes = sizes[index] - size;
    return partialOnes > 0 && partialOnes < input.minGroup ? 1 : size;
  });
  const suppressed = suppressedGroups(decisive, input.minGroup);
  const groups: BreakdownGroup[] = options.map((option, index) =>
    suppressed[index]
      ? { ...option, n: null, suppressed: true, questions: null }
      : {
          ...option,
          n: sizes[index],
          suppressed: false,
          questions: buildQuestionResults(input.codebook, input.counts.get(option.code) ?? [], input.minBase),
        },
  );
  return {
    by: question.code,
    title: question.title,
    minGroup: input.minGroup,
    total: sizes.reduce((sum, size) => sum + size, 0),
    groups,
  };
}
