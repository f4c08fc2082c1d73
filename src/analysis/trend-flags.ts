/**
 * The honest flags of a time series: items a wave did not ask, items first
 * asked later, reworded items, and questions whose answer scale changed.
 * Pure; generic over any survey (nothing here knows a question of a study).
 */
import type { CodebookScale } from '../definitions/codebook';
import type { ScaleChange } from './analysis.types';

export interface WaveRef {
  code: string;
  title: string;
}

const YEAR = /(?:^|\D)((?:19|20)\d{2})(?!\d)/;

function yearOf(wave: WaveRef): string | undefined {
  return YEAR.exec(wave.code)?.[1] ?? YEAR.exec(wave.title)?.[1];
}

/**
 * How waves are named in generated text: by their year when every wave has a
 * year of its own in its code or title (the report says "2019 bzw. 2021"),
 * otherwise by their codes.
 */
export function waveLabels(waves: WaveRef[]): Map<string, string> {
  const years = waves.map(yearOf);
  const distinct = new Set(years);
  const useYears = years.every((year) => year !== undefined) && distinct.size === waves.length;
  return new Map(waves.map((wave, index) => [wave.code, useYears ? years[index] : wave.code]));
}

/** "a", "a bzw. b", "a, b bzw. c". */
export function joinAlternatives(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} bzw. ${parts[parts.length - 1]}`;
}

export interface ItemFlags {
  newIn: string | null;
  notAskedIn: string[];
  rewordedIn: string[];
}

function normalizedTitle(title: string): string {
  return title.trim().replace(/\s+/g, ' ');
}

/**
 * Flags of one item over the waves shown. `titles[i]` is the item's wording in
 * wave i, undefined where the wave did not ask it. An item is reworded in a
 * wave when its wording differs from the previous wave that asked it.
 */
export function itemFlags(waves: string[], titles: Array<string | undefined>): ItemFlags {
  const askedAt = titles.flatMap((title, index) => (title === undefined ? [] : [index]));
  const first = askedAt[0];
  const rewordedIn: string[] = [];
  for (let k = 1; k < askedAt.length; k += 1) {
    const before = titles[askedAt[k - 1]] as string;
    const now = titles[askedAt[k]] as string;
    if (normalizedTitle(before) !== normalizedTitle(now)) rewordedIn.push(waves[askedAt[k]]);
  }
  return {
    newIn: first !== undefined && first > 0 ? waves[first] : null,
    notAskedIn: waves.filter((_, index) => titles[index] === undefined),
    rewordedIn,
  };
}

/** Whether two waves asked a scale question on the same scale (levels, labels, top box). */
export function sameScale(a: CodebookScale, b: CodebookScale): boolean {
  return (
    a.levels.length === b.levels.length &&
    a.levels.every(
      (level, index) => level.value === b.levels[index].value && normalizedTitle(level.label) === normalizedTitle(b.levels[index].label),
    ) &&
    a.topBox === b.topBox
  );
}

function levelRange(labels: string[], all: boolean): string {
  if (all || labels.length <= 2) return labels.join(' / ');
  return `${labels[0]} … ${labels[labels.length - 1]}`;
}

/** "5 Stufen (trifft gar nicht zu … trifft voll zu)"; every label when `allLabels`. */
export function describeLevels(labels: string[], allLabels = false): string {
  const levels = labels.length === 1 ? '1 Stufe' : `${labels.length} Stufen`;
  return `${levels} (${levelRange(labels, allLabels)})`;
}

/**
 * Consecutive waves (among those that asked the question and have a scale)
 * whose scales differ in number of levels, level labels or top box. The detail
 * reads "2019: 5 Stufen (trifft gar nicht zu … trifft voll zu), 2021: 4 Stufen (trifft nicht zu … trifft zu)".
 */
export function scaleChanges(
  points: Array<{ wave: string; scale: CodebookScale | undefined }>,
  labels: Map<string, string>,
): ScaleChange[] {
  const scaled = points.filter((point): point is { wave: string; scale: CodebookScale } => point.scale !== undefined);
  const changes: ScaleChange[] = [];
  for (let k = 1; k < scaled.length; k += 1) {
    const from = scaled[k - 1];
    const to = scaled[k];
    if (sameScale(from.scale, to.scale)) continue;
    const fromLevels = from.scale.levels.map((level) => level.label);
    const toLevels = to.scale.levels.map((level) => level.label);
    const allLabels = fromLevels.length === toLevels.length;
    const topBox = from.scale.topBox === to.scale.topBox ? '' : ` (Top-Box: ${from.scale.topBox} → ${to.scale.topBox} Stufen)`;
    const detail =
      `${labels.get(from.wave) ?? from.wave}: ${describeLevels(fromLevels, allLabels)}, ` +
      `${labels.get(to.wave) ?? to.wave}: ${describeLevels(toLevels, allLabels)}${topBox}`;
    changes.push({ from: from.wave, to: to.wave, detail, fromLevels, toLevels, fromTopBox: from.scale.topBox, toTopBox: to.scale.topBox });
  }
  return changes;
}
