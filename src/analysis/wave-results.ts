/**
 * From the aggregated answer counts of one wave to the results of every
 * question of its codebook. Pure: the counting rules of the report, no database.
 */
import { Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import type { ItemResult, QuestionResult } from './analysis.types';
import { DEFAULT_MIN_BASE, isSmallBase, shareInterval } from './intervals';
import { sharePercent } from './shares';

import type { AnswerCount } from '../responses/answer-counts.repository';

export type { AnswerCount };

type CountsByItem = Map<string, Map<string | null, number>>;

function groupByQuestion(rows: AnswerCount[]): Map<string, { nReported: number; items: CountsByItem }> {
  const questions = new Map<string, { nReported: number; items: CountsByItem }>();
  for (const row of rows) {
    let question = questions.get(row.questionCode);
    if (!question) {
      question = { nReported: 0, items: new Map() };
      questions.set(row.questionCode, question);
    }
    question.nReported += row.nFirst;
    let values = question.items.get(row.itemCode);
    if (!values) {
      values = new Map();
      question.items.set(row.itemCode, values);
    }
    values.set(row.value, (values.get(row.value) ?? 0) + row.n);
  }
  return questions;
}

/** An item's share of its base with the share's interval and small-base mark. */
function shareOf(topCount: number, nBase: number, minBase: number): Pick<ItemResult, 'share' | 'ci' | 'smallBase'> {
  return { share: sharePercent(topCount, nBase), ci: shareInterval(topCount, nBase), smallBase: isSmallBase(nBase, minBase) };
}

/**
 * Counts over the codes a question offers, each present (0 when unchosen);
 * values outside the codebook are not counted (answers are validated on the way in).
 */
function countsOver(codes: string[], values: Map<string | null, number> | undefined): Record<string, number> {
  return Object.fromEntries(codes.map((code) => [code, values?.get(code) ?? 0]));
}

function matrixItems(question: CodebookQuestion, items: CountsByItem | undefined, minBase: number): ItemResult[] {
  const scale = question.scale;
  if (!scale) throw new Error(`Question ${question.code} has no scale`);
  const codes = [...scale.levels.map((level) => String(level.value)), NO_ANSWER];
  const topCodes = scale.topValues.map(String);
  return question.items.map((item) => {
    const counts = countsOver(codes, items?.get(item.code));
    const nAnswered = codes.reduce((sum, code) => sum + counts[code], 0);
    const nNoAnswer = counts[NO_ANSWER];
    const nBase = nAnswered - nNoAnswer;
    const topCount = topCodes.reduce((sum, code) => sum + counts[code], 0);
    return { code: item.code, title: item.title, nAnswered, nNoAnswer, nBase, counts, topCount, ...shareOf(topCount, nBase, minBase) };
  });
}

function choiceItems(question: CodebookQuestion, items: CountsByItem | undefined, minBase: number): ItemResult[] {
  const choices = question.choices ?? [];
  const values = items?.get(question.code);
  const counts = countsOver([...choices.map((choice) => choice.value), NO_ANSWER], values);
  const nNoAnswer = counts[NO_ANSWER];
  const nAnswered = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const nBase = nAnswered - nNoAnswer;
  return choices.map((choice) => ({
    code: choice.value,
    title: choice.label,
    nAnswered,
    nNoAnswer,
    nBase,
    counts: { [choice.value]: counts[choice.value] },
    topCount: counts[choice.value],
    ...shareOf(counts[choice.value], nBase, minBase),
  }));
}

function textItems(question: CodebookQuestion, items: CountsByItem | undefined): ItemResult[] {
  return question.items.map((item) => {
    const nAnswered = items?.get(item.code)?.get(null) ?? 0;
    // Free text has no share: no interval, and nothing to mark as a small base.
    return {
      code: item.code,
      title: item.title,
      nAnswered,
      nNoAnswer: 0,
      nBase: nAnswered,
      counts: {},
      topCount: 0,
      share: null,
      ci: null,
      smallBase: false,
    };
  });
}

/**
 * Every question of the codebook, in questionnaire order, with its items' counts and shares, each share with its
 * 95 % Wilson interval and marked `smallBase` when its base is below `minBase` (MIN_BASE).
 */
export function buildQuestionResults(codebook: Codebook, rows: AnswerCount[], minBase: number = DEFAULT_MIN_BASE): QuestionResult[] {
  const grouped = groupByQuestion(rows);
  return codebook.questions.map((question) => {
    const counted = grouped.get(question.code);
    const items =
      question.kind === 'choice'
        ? choiceItems(question, counted?.items, minBase)
        : question.kind === 'text'
          ? textItems(question, counted?.items)
          : matrixItems(question, counted?.items, minBase);
    return { code: question.code, title: question.title, kind: question.kind, nReported: counted?.nReported ?? 0, items };
  });
}
