/**
 * A reconstruction: designed answer distributions of past waves, from which
 * deterministic raw responses are generated (survey-definitions/<surveyId>/reconstruction.json).
 * The figures are then computed from those stored responses like from any other.
 */
export interface ReconstructionSpec {
  surveyId: string;
  description?: string;
  waves: ReconstructedWave[];
}

export interface ReconstructedWave {
  code: string;
  title: string;
  version: string;
  opensAt?: string;
  closesAt?: string;
  completed: number;
  partial?: number;
  answers: Record<string, ReconstructedQuestion>;
}

export type ReconstructedQuestion = { respondents: number; items: Record<string, Record<string, number>> } | { texts: string[] };

export const NO_ANSWER_KEY = 'na';

/**
 * The raw answer objects of a wave's completed responses, deterministic:
 * for each question the first `respondents` responses answer it; item by item
 * the counts are dealt out in level order, each item starting where the last
 * one stopped, so that every one of them answers at least one item.
 * `levelValue` turns a count key into the stored value (a number for scale levels).
 */
export function generateAnswers(
  wave: ReconstructedWave,
  levelValue: (question: string, key: string) => string | number,
): Array<Record<string, unknown>> {
  const responses: Array<Record<string, unknown>> = Array.from({ length: wave.completed }, () => ({}));
  for (const [question, spec] of Object.entries(wave.answers)) {
    if ('texts' in spec) {
      if (spec.texts.length > wave.completed) throw new Error(`${wave.code}.${question}: more texts than responses`);
      spec.texts.forEach((text, index) => (responses[index][question] = text));
      continue;
    }
    if (spec.respondents > wave.completed) throw new Error(`${wave.code}.${question}: more respondents than responses`);
    let cursor = 0;
    for (const [item, counts] of Object.entries(spec.items)) {
      const values = Object.entries(counts).flatMap(([key, count]) => Array.from({ length: count }, () => levelValue(question, key)));
      if (values.length > spec.respondents)
        throw new Error(`${wave.code}.${question}.${item}: ${values.length} answers but ${spec.respondents} respondents`);
      values.forEach((value, index) => {
        const respondent = responses[(cursor + index) % spec.respondents];
        if (item === question) {
          respondent[question] = value;
        } else {
          const matrix = (respondent[question] ??= {}) as Record<string, unknown>;
          matrix[item] = value;
        }
      });
      cursor = (cursor + values.length) % spec.respondents;
    }
  }
  return responses;
}

/** Unfinished responses: the first two answered questions of the first completed ones. */
export function generatePartialAnswers(completed: Array<Record<string, unknown>>, count: number): Array<Record<string, unknown>> {
  return completed.slice(0, count).map((answers) => Object.fromEntries(Object.entries(answers).slice(0, 2)));
}
