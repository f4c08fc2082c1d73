/**
 * The codebook as a table for R and SPSS users: one row per value of every
 * export column, so the codes of the raw data can be labelled (value labels).
 * Pure.
 */
import { Codebook, CodebookQuestion, NO_ANSWER } from '../../definitions/codebook';
import type { CellValue } from '../cell-safety';
import { ExportTable } from '../export-table';
import { columnName, NO_ANSWER_LABEL, RawColumn, VersionedCodebook } from './raw-columns';

export const CODEBOOK_HEADER = ['column', 'question', 'item', 'type', 'question_title', 'item_title', 'value', 'label'];
/** The survey-wide codebook names, per column, the versions whose answers it holds. */
export const SURVEY_CODEBOOK_HEADER = ['column', 'versions', 'question', 'item', 'type', 'question_title', 'item_title', 'value', 'label'];

/** The value rows of a question: levels and "na", choices (and "na"), or one empty row for free text. */
function valuesOf(question: CodebookQuestion): Array<[CellValue, CellValue]> {
  if (question.scale) {
    return [
      ...question.scale.levels.map((level): [CellValue, CellValue] => [level.value, level.label]),
      [NO_ANSWER, question.scale.noAnswerLabel || NO_ANSWER_LABEL],
    ];
  }
  if (question.choices) {
    return [
      ...question.choices.map((choice): [CellValue, CellValue] => [choice.value, choice.label]),
      ...(question.noAnswerLabel ? [[NO_ANSWER, question.noAnswerLabel] as [CellValue, CellValue]] : []),
    ];
  }
  return [[null, null]];
}

/**
 * The codebook of the survey-wide raw export: one row per value of every
 * column, each column described by the latest of its versions, which the
 * `versions` column lists (e.g. `chancen_werbung` 2023, 2021;
 * `chancen_werbung_2019` 2019).
 */
export function surveyCodebookTable(columns: RawColumn[], versions: VersionedCodebook[], surveyId: string): ExportTable {
  const rows: CellValue[][] = [];
  for (const column of columns) {
    const codebook = versions.find((candidate) => candidate.version === column.versions[0])?.codebook;
    const question = codebook?.questions.find((candidate) => candidate.code === column.question);
    const item = question?.items.find((candidate) => candidate.code === column.item);
    if (!question || !item) continue;
    const base: CellValue[] = [
      column.name,
      column.versions.join(', '),
      question.code,
      item.code,
      question.type,
      question.title,
      item.title,
    ];
    for (const [value, label] of valuesOf(question)) rows.push([...base, value, label]);
  }
  return {
    sheetName: 'codebook',
    title: null,
    columns: SURVEY_CODEBOOK_HEADER.map((header) => ({ header, kind: 'text' as const })),
    rows,
    footer: [[`Codebook der Rohdaten aller Wellen von ${surveyId}, Versionen ${versions.map((entry) => entry.version).join(', ')}`]],
  };
}

export function codebookTable(codebook: Codebook, surveyId: string, version: string): ExportTable {
  const rows: CellValue[][] = [];
  for (const question of codebook.questions) {
    for (const item of question.items) {
      const base: CellValue[] = [columnName(question, item), question.code, item.code, question.type, question.title, item.title];
      for (const [value, label] of valuesOf(question)) rows.push([...base, value, label]);
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
