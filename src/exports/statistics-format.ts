/**
 * The uncertainty of the numbers (issue 17) in German words and formats, for exports, charts and the
 * console alike: intervals "44,0–75,3", p-values "p = 0,42", "n.s." / "*", "geringe Fallzahl". Pure.
 */
import type { ChangeStatistics, PercentInterval, ResponseInclusion } from '../analysis/analysis.types';
import { formatDeltaPp, formatPercent } from './german-format';

/** Beside a share whose base is below MIN_BASE. */
export const SMALL_BASE_LABEL = 'geringe Fallzahl';
/** A change whose p-value is not below 0.05. */
export const NOT_SIGNIFICANT_LABEL = 'n.s.';
export const SIGNIFICANT_LABEL = 'signifikant';
/** Marks a significant change ("+12,3 pp*"). */
export const SIGNIFICANT_MARK = '*';
/** The legend of "*" and "n.s.", one sentence. */
export const SIGNIFICANCE_LEGEND =
  '* Veränderung signifikant (p < 0,05); n.s. = nicht signifikant, die Veränderung liegt im Rahmen des Zufalls.';

/** The German name of a test, as the exports and the console write it. */
export const TEST_LABELS: Record<NonNullable<ChangeStatistics['test']>, string> = {
  'n-1-chi2': 'N−1-Chi²-Test',
  fisher: 'exakter Test nach Fisher',
};

/** Which responses a result counts, in words (for titles, notes and file names). */
export const INCLUSION_LABELS: Record<ResponseInclusion, string> = {
  completed: 'nur abgeschlossene Antworten',
  partial: 'abgeschlossene und begonnene Antworten (beantwortete Fragen unvollständiger Antworten mitgezählt)',
};

function oneDecimal(value: number): string {
  return Math.abs(value).toFixed(1).replace('.', ',');
}

/** A number with one decimal and a typographic minus: -11 → "−11,0". */
function signedDecimal(value: number): string {
  return `${value < 0 && oneDecimal(value) !== '0,0' ? '−' : ''}${oneDecimal(value)}`;
}

/** An interval of a share: {44, 75.3} → "44,0–75,3". */
export function formatInterval(ci: PercentInterval): string {
  return `${signedDecimal(ci.low)}–${signedDecimal(ci.high)}`;
}

/** An interval of a change in pp, with signs: {-11, 28} → "−11,0 bis +28,0 pp". */
export function formatDeltaInterval(ci: PercentInterval): string {
  const signed = (value: number) => (value > 0 && oneDecimal(value) !== '0,0' ? `+${oneDecimal(value)}` : signedDecimal(value));
  return `${signed(ci.low)} bis ${signed(ci.high)} pp`;
}

/** A share with its interval: "60,6 % (44,0–75,3)"; "–" without a share; the share alone without an interval. */
export function formatShareWithInterval(share: number | null, ci: PercentInterval | null): string {
  if (share === null) return '–';
  return ci ? `${formatPercent(share)} (${formatInterval(ci)})` : formatPercent(share);
}

/**
 * A p-value as written in German: "p < 0,001"; three decimals below 0.1 ("p = 0,004"), two above ("p = 0,42").
 * Never a rounded "p = 0,050" for a p below 0.05: that is written "p < 0,05", so the text agrees with "signifikant".
 */
export function formatPValue(p: number): string {
  if (p < 0.001) return 'p < 0,001';
  if (p < 0.1) {
    const text = p.toFixed(3);
    if (p < 0.05 && Number(text) >= 0.05) return 'p < 0,05';
    return `p = ${text.replace('.', ',')}`;
  }
  return `p = ${p.toFixed(2).replace('.', ',')}`;
}

/** "signifikant", "n.s." or null where there is no change to test. */
export function significanceLabel(significant: boolean | null): string | null {
  if (significant === null) return null;
  return significant ? SIGNIFICANT_LABEL : NOT_SIGNIFICANT_LABEL;
}

/** A change with its significance: "+12,3 pp*", "+8,4 pp, n.s.", or "+8,4 pp" where it was not tested. */
export function formatChange(deltaPp: number, significant: boolean | null): string {
  const delta = formatDeltaPp(deltaPp);
  if (significant === null) return delta;
  return significant ? `${delta}${SIGNIFICANT_MARK}` : `${delta}, ${NOT_SIGNIFICANT_LABEL}`;
}

/** The details of a change for a tooltip or a details line: "Differenz −11,0 bis +28,0 pp (KI 95 %), p = 0,42, N−1-Chi²-Test". */
export function changeDetails(change: ChangeStatistics): string | null {
  if (change.pValue === null || change.test === null) return null;
  const parts = [
    ...(change.deltaCi ? [`KI 95 % der Differenz ${formatDeltaInterval(change.deltaCi)}`] : []),
    formatPValue(change.pValue),
    TEST_LABELS[change.test],
  ];
  return parts.join(', ');
}

/** The file name of an export that counts partial responses too: "ki-2023-results.csv" → "ki-2023-results-mit-begonnenen.csv". */
export function withInclusion(filename: string, include: ResponseInclusion | undefined): string {
  if (include !== 'partial') return filename;
  const dot = filename.lastIndexOf('.');
  return `${filename.slice(0, dot)}-mit-begonnenen${filename.slice(dot)}`;
}
