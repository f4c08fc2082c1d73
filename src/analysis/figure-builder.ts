/**
 * A figure of the report from its specification and the trends over its waves,
 * with the notes the data demands ("nicht abgefragt", scale changes, missing
 * waves) generated in German. Pure; nothing here names a study's question.
 */
import type { Codebook } from '../definitions/codebook';
import type {
  Figure,
  FigureRow,
  FigureSpec,
  FigureValue,
  ResponseInclusion,
  ScaleChange,
  SeriesPoint,
  TrendQuestion,
} from './analysis.types';
import { topBoxWords } from './german-count';
import { DEFAULT_MIN_BASE, NO_CHANGE } from './intervals';
import { methodNotes } from './method-notes';
import { joinAlternatives, waveLabels, WaveRef } from './trend-flags';

const STUFIG: Record<number, string> = {
  2: 'zwei',
  3: 'drei',
  4: 'vier',
  5: 'fünf',
  6: 'sechs',
  7: 'sieben',
  8: 'acht',
  9: 'neun',
  10: 'zehn',
  11: 'elf',
  12: 'zwölf',
};

/** "fünfstufig" for 5 levels, "13-stufig" where there is no word. */
export function levelsAdjective(levels: number): string {
  return STUFIG[levels] ? `${STUFIG[levels]}stufig` : `${levels}-stufig`;
}

function range(labels: string[]): string {
  return labels.length <= 2 ? labels.join(' / ') : `${labels[0]} … ${labels[labels.length - 1]}`;
}

/**
 * "2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), ab 2021 vierstufig (trifft nicht zu … trifft zu)".
 * `ab` marks the last change of the figure (the scale holds from there on).
 */
export function scaleChangeNote(change: ScaleChange, labels: Map<string, string>, last: boolean): string {
  const from = labels.get(change.from) ?? change.from;
  const to = `${last ? 'ab ' : ''}${labels.get(change.to) ?? change.to}`;
  const sameCount = change.fromLevels.length === change.toLevels.length;
  const fromText = sameCount ? change.fromLevels.join(' / ') : range(change.fromLevels);
  const toText = sameCount ? change.toLevels.join(' / ') : range(change.toLevels);
  const toAdjective = sameCount ? `${levelsAdjective(change.toLevels.length)} mit anderen Stufen` : levelsAdjective(change.toLevels.length);
  let note = `${from} mit ${levelsAdjective(change.fromLevels.length)}er Skala (${fromText}), ${to} ${toAdjective} (${toText})`;
  if (change.fromTopBox !== change.toTopBox) {
    note += `; Top-Box: ${from} ${topBoxWords(change.fromTopBox)}, ${to} ${topBoxWords(change.toTopBox)}`;
  }
  return note;
}

export interface FigureInput {
  surveyId: string;
  source: string | null;
  spec: FigureSpec;
  /** The spec's waves that exist, in the spec's order. */
  waves: WaveRef[];
  /** The spec's waves that do not exist (or belong to another survey). */
  missingWaves: string[];
  /** The trend of the figure's question over `waves`; undefined when none of them asked it. */
  question: TrendQuestion | undefined;
  /** Item (or choice) titles from the definitions, for items no shown wave asked; codes are the last resort. */
  itemTitles?: Map<string, string>;
  /** Which responses were counted (default 'completed'). */
  include?: ResponseInclusion;
  /** MIN_BASE of the small-base marks (default DEFAULT_MIN_BASE; the marks themselves come with the question). */
  minBase?: number;
}

/**
 * The titles of a question's items (for a choice question: its options) from
 * codebooks, latest version first: the latest version that has an item names it.
 */
export function itemTitlesOf(codebooksLatestFirst: Codebook[], questionCode: string): Map<string, string> {
  const titles = new Map<string, string>();
  for (const codebook of codebooksLatestFirst) {
    const question = codebook.questions.find((candidate) => candidate.code === questionCode);
    if (!question) continue;
    const entries =
      question.kind === 'choice'
        ? (question.choices ?? []).map((choice) => [choice.value, choice.label])
        : question.items.map((item) => [item.code, item.title]);
    for (const [code, title] of entries) if (!titles.has(code)) titles.set(code, title);
  }
  return titles;
}

/** A figure's value of a series point: the share, its interval and small-base mark, the change and its statistics. */
export function figureValueOf(point: SeriesPoint): FigureValue {
  const { wave, asked, share, nBase, ci, smallBase, deltaPp, deltaCi, pValue, test, significant } = point;
  return { wave, asked, share, nBase, ci, smallBase, deltaPp, deltaCi, pValue, test, significant };
}

function notAskedValue(wave: string): FigureValue {
  return { wave, asked: false, share: null, nBase: null, ci: null, smallBase: false, deltaPp: null, ...NO_CHANGE };
}

function rowsOf(input: FigureInput): FigureRow[] {
  const codes = input.waves.map((wave) => wave.code);
  return input.spec.items.map((code) => {
    const item = input.question?.items.find((candidate) => candidate.code === code);
    if (!item) {
      return {
        code,
        title: input.itemTitles?.get(code) ?? code,
        values: codes.map(notAskedValue),
      };
    }
    return {
      code,
      title: item.title,
      values: item.series.map(figureValueOf),
    };
  });
}

function generatedNotes(input: FigureInput, rows: FigureRow[], labels: Map<string, string>): string[] {
  const notes: string[] = [];
  const label = (wave: string) => labels.get(wave) ?? wave;
  if (input.missingWaves.length > 0) {
    const plural = input.missingWaves.length > 1;
    notes.push(`Keine Daten für ${joinAlternatives(input.missingWaves)}: ${plural ? 'diese Wellen gibt' : 'diese Welle gibt'} es nicht`);
  }
  const askedWaves = new Set((input.question?.n ?? []).filter((n) => n.nReported !== null).map((n) => n.wave));
  const questionNotAsked = input.waves.filter((wave) => !askedWaves.has(wave.code)).map((wave) => label(wave.code));
  if (questionNotAsked.length > 0 && questionNotAsked.length < input.waves.length) {
    notes.push(`Die Frage wurde ${joinAlternatives(questionNotAsked)} nicht gestellt`);
  } else if (input.waves.length > 0 && questionNotAsked.length === input.waves.length) {
    notes.push(`Die Frage wurde in keiner der Wellen gestellt`);
  }
  const partial = rows
    .map((row) => ({ row, waves: row.values.filter((value) => !value.asked && askedWaves.has(value.wave)).map((value) => value.wave) }))
    .filter((entry) => entry.waves.length > 0);
  if (partial.length > 0) {
    const waves = input.waves.map((wave) => wave.code).filter((wave) => partial.some((entry) => entry.waves.includes(wave)));
    const choice = input.spec.statistic === 'choice';
    const subject =
      partial.length === 1
        ? choice
          ? 'Eine Antwortmöglichkeit wurde'
          : 'Ein Thema wurde'
        : choice
          ? 'Einige Antwortmöglichkeiten wurden'
          : 'Einige Themen wurden';
    notes.push(`${subject} ${joinAlternatives(waves.map(label))} nicht abgefragt`);
    const details = partial.map((entry) => `${entry.row.title} (nicht abgefragt ${entry.waves.map(label).join(', ')})`);
    notes.push(`Nicht in allen Wellen abgefragt: ${details.join('; ')}`);
  }
  const changes = input.question?.scaleChanged ?? [];
  changes.forEach((change, index) => notes.push(scaleChangeNote(change, labels, index === changes.length - 1)));
  return notes;
}

export function buildFigure(input: FigureInput): Figure {
  const { spec } = input;
  const labels = waveLabels(input.waves);
  const rows = rowsOf(input);
  const codes = input.waves.map((wave) => wave.code);
  const include = input.include ?? 'completed';
  const minBase = input.minBase ?? DEFAULT_MIN_BASE;
  return {
    surveyId: input.surveyId,
    source: input.source,
    id: spec.id,
    number: spec.number,
    title: spec.title,
    question: spec.question,
    statistic: spec.statistic,
    waves: codes,
    delta: spec.delta,
    n: input.question?.n ?? codes.map((wave) => ({ wave, nReported: null })),
    rows,
    notes: [...spec.notes, ...generatedNotes(input, rows, labels)],
    scaleChanged: input.question?.scaleChanged ?? [],
    include,
    minBase,
    methods: methodNotes({ include, minBase, changes: codes.length > 1 }),
  };
}
