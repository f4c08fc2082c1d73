import { Codebook } from '../definitions/codebook';
import { SurveyAnswers } from './response.entity';

/** One row of the normalized answers table, as written for a response. */
export interface AnswerRow {
  questionCode: string;
  itemCode: string;
  /** Level, `na` or choice code; null for free text. */
  value: string | null;
  /** Free text; null otherwise. */
  text: string | null;
  /** True on the first answered item of each question. */
  questionFirst: boolean;
}

/**
 * The normalized rows of a validated SurveyJS answer object, in codebook order.
 * Empty free text and empty matrices are no answer and give no row.
 */
export function answerRows(codebook: Codebook, answers: SurveyAnswers): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const question of codebook.questions) {
    const answer = answers[question.code];
    if (answer === undefined || answer === null) continue;
    const before = rows.length;
    if (question.scale) {
      const values = answer as Record<string, number | string | null | undefined>;
      for (const item of question.items) {
        const value = values[item.code];
        if (value !== undefined && value !== null)
          rows.push({ questionCode: question.code, itemCode: item.code, value: String(value), text: null, questionFirst: false });
      }
    } else if (question.kind === 'choice') {
      rows.push({ questionCode: question.code, itemCode: question.code, value: answer as string, text: null, questionFirst: false });
    } else if (typeof answer === 'string' && answer.trim() !== '') {
      rows.push({ questionCode: question.code, itemCode: question.code, value: null, text: answer, questionFirst: false });
    }
    if (rows.length > before) rows[before].questionFirst = true;
  }
  return rows;
}
