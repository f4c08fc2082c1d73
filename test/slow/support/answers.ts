import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildCodebook } from '../../../src/definitions/codebook';

interface Element {
  type: string;
  name: string;
  rows?: Array<{ value: string } | string>;
  columns?: Array<{ value: string | number } | string | number>;
  choices?: Array<{ value: string } | string>;
}

const valueOf = (entry: { value: string | number } | string | number): string | number => (typeof entry === 'object' ? entry.value : entry);

const DEFINITION_2023 = JSON.parse(readFileSync(resolve(__dirname, '../../../survey-definitions/ki-mittelstand/2023.json'), 'utf8')) as {
  pages: Array<{ elements: Element[] }>;
};

/** The questions of the 2023 questionnaire. */
export const ELEMENTS_2023: Element[] = DEFINITION_2023.pages.flatMap((page) => page.elements);

/** The codebook of the 2023 questionnaire, as the service builds it. */
export const CODEBOOK_2023 = buildCodebook(DEFINITION_2023);

/** A complete, valid 2023 answer object, varied by `seed`: every matrix row a level, every choice a code, rolle 'ki_trainer'. */
export function completeAnswers2023(seed: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  ELEMENTS_2023.forEach((element, questionIndex) => {
    if (element.type === 'matrix') {
      const columns = (element.columns ?? []).map(valueOf);
      answers[element.name] = Object.fromEntries(
        (element.rows ?? []).map((row, rowIndex) => [
          String(valueOf(row)),
          columns[(seed * 7 + questionIndex * 3 + rowIndex) % columns.length],
        ]),
      );
    } else if (element.type === 'radiogroup') {
      const choices = (element.choices ?? []).map(valueOf);
      answers[element.name] = element.name === 'rolle' ? 'ki_trainer' : choices[(seed + questionIndex) % choices.length];
    } else {
      answers[element.name] = `Zentrum ${seed % 26}`;
    }
  });
  return answers;
}

/** The (question, item, value-or-text) triples an answer object stands for. */
export function answerTriples(answers: Record<string, unknown>): string[] {
  const triples: string[] = [];
  for (const [question, answer] of Object.entries(answers)) {
    if (answer !== null && typeof answer === 'object') {
      for (const [item, value] of Object.entries(answer)) triples.push(`${question}|${item}|${String(value)}`);
    } else {
      triples.push(`${question}|${question}|${String(answer)}`);
    }
  }
  return triples.sort();
}

/** The (question, item, value) triples the cells of an answer object hold: free text without its text (in the JSONB only). */
export function cellTriples(answers: Record<string, unknown>): string[] {
  const text = new Set(
    ELEMENTS_2023.filter((element) => element.type === 'text' || element.type === 'comment').map((element) => element.name),
  );
  return answerTriples(answers).map((triple) => {
    const [question, item] = triple.split('|');
    return text.has(question) ? `${question}|${item}|` : triple;
  });
}
