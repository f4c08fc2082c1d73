import { Codebook } from '../definitions/codebook';
import { SurveyAnswers } from './response.entity';

/**
 * The answers of a response as the analysis counts them: one cell per answered item, stored in the response's own
 * row (`responses.cells`, migration AnswerCells) by the same statement as its JSONB.
 *
 * A cell is `<first><question>:<item>[:<value>]`:
 * - `first` is `1` on the first answered item of each question (in codebook order), else `0`: one GROUP BY pass then
 *   yields both the level counts and each question's N;
 * - `value` is a scale level, `na` or a choice code; free text has no value (its text stays in the JSONB only).
 * Codes and values never hold a `:` (codes match QUESTION_CODE_PATTERN, levels are numbers or `na`), so the parts
 * split unambiguously, and no value is empty.
 */
export type AnswerCell = string;

/** One group of cells, decoded. */
export interface CellKey {
  questionCode: string;
  itemCode: string;
  /** Level, `na` or choice code; null for free text. */
  value: string | null;
}

/** The cell of one answered item. */
export function answerCell(first: boolean, key: CellKey): AnswerCell {
  return `${first ? '1' : '0'}${key.questionCode}:${key.itemCode}${key.value === null ? '' : `:${key.value}`}`;
}

/**
 * The cells of a validated SurveyJS answer object, in codebook order.
 * Empty free text and empty matrices are no answer and give no cell.
 */
export function answerCells(codebook: Codebook, answers: SurveyAnswers): AnswerCell[] {
  const cells: AnswerCell[] = [];
  for (const question of codebook.questions) {
    const answer = answers[question.code];
    if (answer === undefined || answer === null) continue;
    const before = cells.length;
    const first = () => cells.length === before;
    if (question.scale) {
      const values = answer as Record<string, number | string | null | undefined>;
      for (const item of question.items) {
        const value = values[item.code];
        if (value !== undefined && value !== null)
          cells.push(answerCell(first(), { questionCode: question.code, itemCode: item.code, value: String(value) }));
      }
    } else if (question.kind === 'choice') {
      cells.push(answerCell(true, { questionCode: question.code, itemCode: question.code, value: answer as string }));
    } else if (typeof answer === 'string' && answer.trim() !== '') {
      cells.push(answerCell(true, { questionCode: question.code, itemCode: question.code, value: null }));
    }
  }
  return cells;
}

/**
 * SQL over the cells of the responses `r` (joined as `unnest(r.cells) AS c`): the cell without its flag (the group),
 * whether it is its question's first, and the decoded parts of a group `g` (a cell without its flag).
 */
export const CELL_SQL = {
  group: 'substr(c, 2)',
  first: "left(c, 1) = '1'",
  question: (group: string) => `split_part(${group}, ':', 1)`,
  item: (group: string) => `split_part(${group}, ':', 2)`,
  /** NULLIF: free text has no third part (and no value is empty). */
  value: (group: string) => `NULLIF(split_part(${group}, ':', 3), '')`,
} as const;
