/**
 * A figure of the report on the "Trends und Abbildungen" page: its values per item and wave with the
 * change in percentage points, and the flags of the trends in German words (nicht abgefragt, neu,
 * umformuliert, Skala geändert). Pure: lays out the numbers of FiguresService and TrendsService.
 */
import type { Figure, FigureValue, TrendQuestion } from '../analysis/analysis.types';
import { formatCount, formatPercent } from '../exports/german-format';
import { changeDetails, formatChange, formatInterval } from '../exports/statistics-format';

/** The German words of the trends' flags. */
export const FLAG_LABELS = {
  notAsked: 'nicht abgefragt',
  new: 'neu',
  reworded: 'umformuliert',
  scaleChanged: 'Skala geändert',
} as const;

export const STATISTIC_LABELS: Record<Figure['statistic'], string> = {
  topBox: 'Anteil der oberen Skalenstufen (Top-Box) in %, ohne „keine Angabe“',
  yes: 'Anteil „ja“ in %, ohne „keine Angabe“',
  choice: 'Anteil je Antwortmöglichkeit in %, ohne „keine Angabe“',
};

export interface FigureCell {
  /** "88,7 %", "–" (asked, nobody answered substantively) or "nicht abgefragt". */
  value: string;
  /** The 95 % interval of the share, "44,0–75,3"; null without one. */
  ci: string | null;
  /** The base is below MIN_BASE: "geringe Fallzahl". */
  smallBase: boolean;
  /** "+12,3 pp*" (significant), "+8,4 pp, n.s." or "+8,4 pp" (not tested) against the previous wave that asked the item; null for the first. */
  delta: string | null;
  /** Whether the change is significant; null where there is none or it was not tested. */
  significant: boolean | null;
  /** The interval of the change, p and the test, for a tooltip and the details: null without a test. */
  details: string | null;
  /** Flags of the item in this wave; "Skala geändert" is on the wave's column heading. */
  flags: string[];
}

export interface FigureView {
  id: string;
  number: number;
  title: string;
  statistic: string;
  waves: Array<{ code: string; label: string; flags: string[] }>;
  rows: Array<{ code: string; title: string; cells: FigureCell[] }>;
  /** N per wave ("keine Angabe" included), "nicht abgefragt" where the wave did not ask the question. */
  n: string[];
  notes: string[];
  /** Every flag word that occurs in the figure, for a summary above the table. */
  flagWords: string[];
}

function cellOf(value: FigureValue | undefined, flags: string[]): FigureCell {
  if (!value || !value.asked) {
    return {
      value: FLAG_LABELS.notAsked,
      ci: null,
      smallBase: false,
      delta: null,
      significant: null,
      details: null,
      flags: [FLAG_LABELS.notAsked],
    };
  }
  const tested = value.deltaPp !== null ? value.significant : null;
  return {
    value: value.share === null ? '–' : formatPercent(value.share),
    ci: value.share !== null && value.ci ? formatInterval(value.ci) : null,
    smallBase: value.share !== null && value.smallBase,
    delta: value.deltaPp === null ? null : formatChange(value.deltaPp, tested),
    significant: tested,
    details: value.deltaPp === null ? null : changeDetails(value),
    flags,
  };
}

/**
 * The figure as a table. `trend` is the trend of the figure's question over the figure's waves (for
 * reworded items); `labels` names the waves as the chart does (years where each has one).
 */
export function figureView(figure: Figure, trend: TrendQuestion | undefined, labels: Map<string, string>): FigureView {
  const scaleChangedIn = new Set(figure.scaleChanged.map((change) => change.to));
  const rows = figure.rows.map((row) => {
    const item = trend?.items.find((candidate) => candidate.code === row.code);
    const firstAsked = row.values.findIndex((value) => value.asked);
    const cells = figure.waves.map((wave, index) => {
      const value = row.values.find((candidate) => candidate.wave === wave);
      const flags: string[] = [];
      if (index > 0 && index === firstAsked) flags.push(FLAG_LABELS.new);
      if (item?.rewordedIn.includes(wave)) flags.push(FLAG_LABELS.reworded);
      return cellOf(value, flags);
    });
    return { code: row.code, title: row.title, cells };
  });
  const words = new Set([
    ...rows.flatMap((row) => row.cells.flatMap((cell) => cell.flags)),
    ...(scaleChangedIn.size > 0 ? [FLAG_LABELS.scaleChanged] : []),
  ]);
  return {
    id: figure.id,
    number: figure.number,
    title: figure.title,
    statistic: STATISTIC_LABELS[figure.statistic],
    waves: figure.waves.map((code) => ({
      code,
      label: labels.get(code) ?? code,
      flags: scaleChangedIn.has(code) ? [FLAG_LABELS.scaleChanged] : [],
    })),
    rows,
    n: figure.waves.map((wave) => {
      const n = figure.n.find((entry) => entry.wave === wave)?.nReported;
      return n === null || n === undefined ? FLAG_LABELS.notAsked : formatCount(n);
    }),
    notes: figure.notes,
    flagWords: Object.values(FLAG_LABELS).filter((word) => words.has(word)),
  };
}

/** The query string of the wave picker for download links: `wellen=a&wellen=b`, empty for the default. */
export function wavesQuery(waves: string[] | undefined): string {
  return (waves ?? []).map((code) => `wellen=${encodeURIComponent(code)}`).join('&');
}
