/**
 * The codebook as a table for R and SPSS users: one row per value of every
 * export column, so the codes of the raw data can be labelled (value labels).
 * Pure.
 */
import { Codebook, NO_ANSWER } from '../../definitions/codebook';
import type { CellValue } from '../cell-safety';
import { ExportTable } from '../export-table';
import { columnName, NO_ANSWER_LABEL } from './raw-columns';

export const CODEBOOK_HEADER = ['column', 'question', 'item', 'type', 'question_title', 'item_title', 'value', 'label'];

export function codebookTable(codebook: Codebook, surveyId: string, version: string): ExportTable {
  const rows: CellValue[][] = [];
  for (const question of codebook.questions) {
    for (const item of question.items) {
      const base: CellValue[] = [columnName(question, item), question.code, item.code, question.type, question.title, item.title];
      const values: Array<[CellValue, CellValue]> = question.scale
        ? [...question.scale.levels.map((level): [CellValue, CellValue] => [level.value, level.label]), [NO_ANSWER, question.scale.noAnswerLabel || NO_ANSWER_LABEL]]
        : question.choices
          ? [
              ...question.choices.map((choice): [CellValue, CellValue] => [choice.value, choice.label]),
              ...(question.noAnswerLabel ? [[NO_ANSWER, question.noAnswerLabel] as [CellValue, CellValue]] : []),
            ]
          : [[null, null]];
      for (const [value, label] of values) rows.push([...base, value, label]);
    }
  }
  return {
    sheetName: 'codebook',
    title: null,
    columns: CODEBOOK_HEADER.map((header) => ({ header, kind: 'text' as const })),
    rows,
    footer: [[`Codebook ${surveyId}, Version ${version}: ${codebook.title}`]],
  };
}
