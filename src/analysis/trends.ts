/**
 * Time series over waves, built from each wave's codebook and results. Pure.
 * An item a wave did not ask stays "not asked" (share null), never 0 %.
 */
import type { Codebook, CodebookQuestion, CodebookScale } from '../definitions/codebook';
import type { ItemResult, QuestionResult, SeriesPoint, TrendItem, TrendQuestion } from './analysis.types';
import { changeStatistics, NO_CHANGE } from './intervals';
import { deltaPp } from './shares';
import { itemFlags, sameScale, scaleChanges, waveLabels, WaveRef } from './trend-flags';

export interface TrendWave extends WaveRef {
  codebook: Codebook;
  results: QuestionResult[];
}

/**
 * Codes in the order of the latest list, then codes only earlier lists have,
 * going back wave by wave (each in its own order).
 */
export function unionLatestFirst(lists: string[][]): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  for (let index = lists.length - 1; index >= 0; index -= 1) {
    for (const code of lists[index]) {
      if (!seen.has(code)) {
        seen.add(code);
        order.push(code);
      }
    }
  }
  return order;
}

/** The point of a wave that did not ask the item: everything null, never 0. */
function notAsked(wave: string): SeriesPoint {
  return { wave, asked: false, share: null, nBase: null, topCount: null, ci: null, smallBase: false, deltaPp: null, ...NO_CHANGE };
}

/**
 * Share series of one item with deltas against the previous wave that asked it. Where there is a `deltaPp` (the
 * difference of the rounded shares, as printed), the change statistics compare the unrounded counts of the two waves
 * (later first); everywhere else they are null. They are null too where the two waves asked on different scales
 * (`scales`, per wave): a test would measure the change of the scale as much as that of the opinion.
 */
export function seriesOf(
  waves: string[],
  items: Array<ItemResult | undefined>,
  scales: Array<CodebookScale | undefined> = [],
): SeriesPoint[] {
  let previous: ItemResult | undefined;
  let previousIndex = -1;
  return waves.map((wave, index) => {
    const item = items[index];
    if (!item) return notAsked(wave);
    const delta = previous ? deltaPp(item.share, previous.share) : null;
    const before = scales[previousIndex];
    const now = scales[index];
    const comparable = before === undefined || now === undefined || sameScale(before, now);
    const change =
      previous && delta !== null && comparable ? changeStatistics(item.topCount, item.nBase, previous.topCount, previous.nBase) : NO_CHANGE;
    const point: SeriesPoint = {
      wave,
      asked: true,
      share: item.share,
      nBase: item.nBase,
      topCount: item.topCount,
      ci: item.ci,
      smallBase: item.smallBase,
      deltaPp: delta,
      ...change,
    };
    previous = item;
    previousIndex = index;
    return point;
  });
}

function lastDefined<T>(values: Array<T | undefined>): T | undefined {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    if (values[index] !== undefined) return values[index];
  }
  return undefined;
}

function trendQuestion(waves: TrendWave[], code: string, labels: Map<string, string>): TrendQuestion | undefined {
  const codes = waves.map((wave) => wave.code);
  const results = waves.map((wave) => wave.results.find((question) => question.code === code && question.kind !== 'text'));
  const latest = lastDefined(results);
  if (!latest) return undefined;
  const definitions: Array<CodebookQuestion | undefined> = waves.map((wave, index) =>
    results[index] ? wave.codebook.questions.find((question) => question.code === code) : undefined,
  );
  const itemCodes = unionLatestFirst(results.map((result) => result?.items.map((item) => item.code) ?? []));
  const items: TrendItem[] = itemCodes.map((itemCode) => {
    const perWave = results.map((result) => result?.items.find((item) => item.code === itemCode));
    const flags = itemFlags(
      codes,
      perWave.map((item) => item?.title),
    );
    return {
      code: itemCode,
      title: (lastDefined(perWave) as ItemResult).title,
      ...flags,
      series: seriesOf(
        codes,
        perWave,
        definitions.map((definition) => definition?.scale),
      ),
    };
  });
  return {
    code,
    title: latest.title,
    kind: latest.kind,
    n: waves.map((wave, index) => ({ wave: wave.code, nReported: results[index]?.nReported ?? null })),
    scaleChanged: scaleChanges(
      definitions.map((definition, index) => ({ wave: codes[index], scale: definition?.scale })),
      labels,
    ),
    items,
  };
}

/** The trend of one question over the given waves; undefined when none of them asked it (or it is free text). */
export function buildTrendQuestion(waves: TrendWave[], code: string): TrendQuestion | undefined {
  return trendQuestion(waves, code, waveLabels(waves));
}

/** The trend questions over the given waves (in the given order); text questions are left out. */
export function buildTrendQuestions(waves: TrendWave[]): TrendQuestion[] {
  const labels = waveLabels(waves);
  const questionCodes = unionLatestFirst(waves.map((wave) => wave.results.map((question) => question.code)));
  return questionCodes.flatMap((code) => trendQuestion(waves, code, labels) ?? []);
}
