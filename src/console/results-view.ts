/**
 * The "Ergebnisse" page of a wave as tables: per question of the codebook (questionnaire order) the
 * counts per level with the level's label, "keine Angabe", the share of each level, N and the top box
 * (or "ja") share the analysis computes. Pure: only lays out the numbers of ResultsService.
 */
import type { Codebook, CodebookQuestion } from '../definitions/codebook';
import type { ItemResult, PercentInterval, QuestionResult, WaveResults } from '../analysis/analysis.types';
import { sharePercent } from '../analysis/shares';

export interface LevelCell {
  count: number;
  /** count / nBase in percent (half-up, one decimal); null when nobody gave a substantive answer. */
  share: number | null;
}

/** A rating or yes/no question: a row per item, a column per level. */
export interface ScaleTable {
  kind: 'scale';
  levels: string[];
  noAnswerLabel: string;
  /** Heading of the top-box column: "Top-2-Box", "Anteil „ja“". */
  topLabel: string;
  /** Which levels form the top box, in words. */
  topDescription: string;
  rows: Array<{
    code: string;
    title: string;
    cells: LevelCell[];
    noAnswer: number;
    n: number;
    nBase: number;
    top: number | null;
    /** The 95 % Wilson interval of `top`; null without a base. */
    ci: PercentInterval | null;
    /** nBase below MIN_BASE: "geringe Fallzahl". */
    smallBase: boolean;
  }>;
}

/** A single-choice question: a row per option. */
export interface ChoiceTable {
  kind: 'choice';
  noAnswerLabel: string;
  rows: Array<{ code: string; label: string; count: number; share: number | null; ci: PercentInterval | null; smallBase: boolean }>;
  noAnswer: number;
  /** Completed responses that answered the question, "keine Angabe" included. */
  n: number;
  nBase: number;
}

/** A free-text question: only how many answered. */
export interface TextSummary {
  kind: 'text';
  answered: number;
}

export interface QuestionView {
  code: string;
  title: string;
  /** Completed responses with any answer to the question ("keine Angabe" included). */
  nReported: number;
  table: ScaleTable | ChoiceTable | TextSummary;
}

export const DEFAULT_NO_ANSWER_LABEL = 'keine Angabe';

function topWords(question: CodebookQuestion): { topLabel: string; topDescription: string } {
  const scale = question.scale;
  if (question.kind === 'yes' || !scale) return { topLabel: 'Anteil „ja“', topDescription: 'Anteil „ja“ ohne „keine Angabe“' };
  const top = scale.levels.filter((level) => scale.topValues.includes(level.value)).map((level) => `„${level.label}“`);
  const label = scale.topBox === 1 ? 'Top-Box' : `Top-${scale.topBox}-Box`;
  return { topLabel: label, topDescription: `${label}: Anteil ${top.join(' und ')} ohne „keine Angabe“` };
}

function scaleTable(question: CodebookQuestion, items: ItemResult[]): ScaleTable {
  const scale = question.scale;
  if (!scale) throw new Error(`Question ${question.code} has no scale`);
  return {
    kind: 'scale',
    levels: scale.levels.map((level) => level.label),
    noAnswerLabel: scale.noAnswerLabel || DEFAULT_NO_ANSWER_LABEL,
    ...topWords(question),
    rows: items.map((item) => ({
      code: item.code,
      title: item.title,
      cells: scale.levels.map((level) => {
        const count = item.counts[String(level.value)] ?? 0;
        return { count, share: sharePercent(count, item.nBase) };
      }),
      noAnswer: item.nNoAnswer,
      n: item.nAnswered,
      nBase: item.nBase,
      top: item.share,
      ci: item.ci,
      // "geringe Fallzahl" beside a share; without a share ("–") there is nothing to qualify.
      smallBase: item.smallBase && item.share !== null,
    })),
  };
}

function choiceTable(question: CodebookQuestion, items: ItemResult[]): ChoiceTable {
  const first = items[0];
  return {
    kind: 'choice',
    noAnswerLabel: question.noAnswerLabel || DEFAULT_NO_ANSWER_LABEL,
    rows: items.map((item) => ({
      code: item.code,
      label: item.title,
      count: item.topCount,
      share: item.share,
      ci: item.ci,
      smallBase: item.smallBase && item.share !== null,
    })),
    noAnswer: first?.nNoAnswer ?? 0,
    n: first?.nAnswered ?? 0,
    nBase: first?.nBase ?? 0,
  };
}

function questionView(question: CodebookQuestion, result: QuestionResult): QuestionView {
  const table =
    question.kind === 'choice'
      ? choiceTable(question, result.items)
      : question.kind === 'text'
        ? { kind: 'text' as const, answered: result.nReported }
        : scaleTable(question, result.items);
  return { code: question.code, title: question.title, nReported: result.nReported, table };
}

/** Every question of the wave's codebook in questionnaire order, with its table. */
export function resultsView(codebook: Codebook, results: WaveResults): QuestionView[] {
  const byCode = new Map(results.questions.map((question) => [question.code, question]));
  return codebook.questions.flatMap((question) => {
    const result = byCode.get(question.code);
    return result ? [questionView(question, result)] : [];
  });
}

/** One cell of a breakdown table: a group's share with interval, or the group is suppressed. */
export type BreakdownCell =
  { suppressed: false; share: number | null; ci: PercentInterval | null; smallBase: boolean } | { suppressed: true };

export interface BreakdownView {
  by: string;
  title: string;
  /** "zu wenige Antworten (< 5)" */
  suppressedText: string;
  /** `label`: the title without an explanation in brackets ("Experimentierphase"), for column headings. */
  groups: Array<{ code: string; title: string; label: string; n: number | null; suppressed: boolean }>;
  questions: Array<{
    code: string;
    title: string;
    shareLabel: string;
    rows: Array<{ code: string; title: string; cells: BreakdownCell[] }>;
  }>;
}

/** An option's label without the explanation in brackets at its end: "Experimentierphase (der Impuls …)" → "Experimentierphase". */
export function shortLabel(title: string): string {
  const short = title.replace(/\s*\([^()]*\)\s*$/, '').trim();
  return short.length > 0 ? short : title;
}

/** What a suppressed group shows in the console instead of its numbers. */
export function suppressedGroupText(minGroup: number): string {
  return `zu wenige Antworten (< ${minGroup})`;
}

/**
 * A breakdown (`?by=`) as one table per question: a row per item (or option), a column per group with the share
 * (top box, "ja" or the option) and its interval; a suppressed group's column says "zu wenige Antworten (< MIN_GROUP)"
 * and shows no number. Free text is left out. Questions in questionnaire order.
 */
export function breakdownView(codebook: Codebook, results: WaveResults): BreakdownView | null {
  const breakdown = results.breakdown;
  if (!breakdown) return null;
  const shown = breakdown.groups.map((group) => new Map((group.questions ?? []).map((question) => [question.code, question])));
  const questions = codebook.questions.flatMap((question) => {
    if (question.kind === 'text') return [];
    const overall = results.questions.find((candidate) => candidate.code === question.code);
    if (!overall) return [];
    const rows = overall.items.map((item) => ({
      code: item.code,
      title: item.title,
      cells: breakdown.groups.map((group, index): BreakdownCell => {
        if (group.suppressed || group.questions === null) return { suppressed: true };
        const result = shown[index].get(question.code)?.items.find((candidate) => candidate.code === item.code);
        return {
          suppressed: false,
          share: result?.share ?? null,
          ci: result?.ci ?? null,
          smallBase: (result?.smallBase ?? false) && result?.share !== null,
        };
      }),
    }));
    const shareLabel = question.kind === 'choice' ? 'Anteil je Antwort' : topWords(question).topLabel;
    return [{ code: question.code, title: question.title, shareLabel, rows }];
  });
  return {
    by: breakdown.by,
    title: breakdown.title,
    suppressedText: suppressedGroupText(breakdown.minGroup),
    groups: breakdown.groups.map((group) => ({
      code: group.code,
      title: group.title,
      label: shortLabel(group.title),
      n: group.suppressed ? null : group.n,
      suppressed: group.suppressed,
    })),
    questions,
  };
}

/** The single-choice questions of a codebook a page can break its results down by. */
export function breakdownChoices(codebook: Codebook): Array<{ code: string; title: string }> {
  return codebook.questions
    .filter((question) => question.kind === 'choice')
    .map((question) => ({ code: question.code, title: question.title }));
}
