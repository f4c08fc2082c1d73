/**
 * A figure of the report as a Vega-Lite spec, pure: horizontal bars per item,
 * one bar per wave in the report's wave order (grouped, one colour per wave),
 * the share printed at the end of each bar, "nicht abgefragt" where a wave did
 * not ask the item, N, notes and source under the chart. A figure with a delta
 * shows the latest wave and the change against the previous wave as text.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import type { Figure, FigureValue } from '../../analysis/analysis.types';
import { inclusionNote } from '../../analysis/method-notes';
import { NOT_ASKED } from '../export-table';
import { formatDeltaPp, formatPercent } from '../german-format';
import { NOT_SIGNIFICANT_LABEL, SIGNIFICANT_MARK, SMALL_BASE_LABEL } from '../statistics-format';

/** Widely installed fonts first; the layout is measured for the widest of them (glyph-widths.ts). */
export const CHART_FONT = 'Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif';
const BAR_AREA_WIDTH = 420;
/** Room right of the bars for the printed share ("100,0 %") and, with a delta, the change column. */
const VALUE_COLUMN = 56;
/** The change column: "+8,4 pp n.s." or "+12,3 pp*". */
const DELTA_COLUMN = 92;
/** Printed beside a share whose base is small (`smallBase`), explained under the chart. */
export const SMALL_BASE_MARK = '°';
/** Colours of the change: a significant one dark and bold, one that is not lighter (grey-blue, regular). */
export const SIGNIFICANT_COLOUR = '#08306b';
export const NOT_SIGNIFICANT_COLOUR = '#6b7a8f';
const WHISKER_COLOUR = '#252525';
const BAR_HEIGHT = 15;
const LABEL_CHARS = 44;
const NOTE_CHARS = 110;
const TITLE_CHARS = 80;

/** Blues from light (earliest wave) to dark (latest wave), as in the report. */
const WAVE_COLOURS = ['#deebf7', '#c6dbef', '#9ecae1', '#6baed6', '#4292c6', '#2171b5', '#08519c'];

const STATISTIC_TEXT: Record<Figure['statistic'], string> = {
  topBox: 'Anteil der oberen Skalenstufen (Top-Box) in %, ohne „keine Angabe“',
  yes: 'Anteil „ja“ in %, ohne „keine Angabe“',
  choice: 'Anteil je Antwortmöglichkeit in %, ohne „keine Angabe“',
};

/** Colours for n waves, spread over the blues, the latest wave darkest (distinct up to seven waves). */
export function waveColours(count: number): string[] {
  const last = WAVE_COLOURS.length - 1;
  if (count <= 1) return [WAVE_COLOURS[last]];
  const first = Math.max(0, last - 2 * (count - 1));
  return Array.from({ length: count }, (_, index) => WAVE_COLOURS[first + Math.round(((last - first) * index) / (count - 1))]);
}

/** Splits a text into lines of at most `width` characters at spaces (a longer word gets a line of its own). */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.trim().split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/** The text printed at a bar: the share, "nicht abgefragt", or "–" for an item nobody answered. */
export function barLabel(value: FigureValue | undefined): string {
  if (!value || !value.asked) return NOT_ASKED;
  return value.share === null ? '–' : formatPercent(value.share);
}

/** The change printed in a delta figure: "+12,3 pp", "neu" where the previous wave did not ask the item. */
export function deltaLabel(value: FigureValue | undefined, previous: FigureValue | undefined): string {
  if (!value || !value.asked || value.share === null) return '';
  if (value.deltaPp !== null) return formatDeltaPp(value.deltaPp);
  return previous && !previous.asked ? 'neu' : '';
}

/**
 * The change as the chart with intervals prints it: "+12,3 pp*" where significant, "+8,4 pp n.s." where not,
 * "neu" or the change alone where nothing was tested.
 */
export function significanceDeltaLabel(value: FigureValue | undefined, previous: FigureValue | undefined): string {
  const label = deltaLabel(value, previous);
  if (!value || value.deltaPp === null || !label || value.significant === null) return label;
  return value.significant ? `${label}${SIGNIFICANT_MARK}` : `${label} ${NOT_SIGNIFICANT_LABEL}`;
}

/** Options of the chart: `ci` draws the 95 % intervals as whiskers, marks small bases and the significance of changes. */
export interface FigureChartOptions {
  ci?: boolean;
  /** MIN_BASE, named in the note on small bases. */
  minBase?: number;
}

/** The notes under a chart with intervals: what the whiskers, "*", "n.s." and the small-base mark mean. */
export function intervalNotes(figure: Figure, options: FigureChartOptions, showDelta: boolean): string[] {
  const shown = figure.rows.flatMap((row) => row.values.filter((value) => value.asked && value.share !== null));
  const smallBase = shown.some((value) => value.smallBase);
  return [
    ...(options.ci === true ? ['Striche: 95-%-Konfidenzintervall des Anteils (Wilson).'] : []),
    ...(showDelta
      ? [
          `Veränderung mit ${SIGNIFICANT_MARK}: signifikant (p < 0,05); ${NOT_SIGNIFICANT_LABEL}: nicht signifikant, heller gesetzt (N−1-Chi²-Test bzw. exakter Test nach Fisher).`,
        ]
      : []),
    ...(smallBase
      ? [
          `${SMALL_BASE_MARK} ${SMALL_BASE_LABEL}: ${options.minBase !== undefined ? `weniger als ${options.minBase} Antworten` : 'wenige Antworten'} in der Basis des Anteils.`,
        ]
      : []),
  ];
}

/** Printed at each item of a figure none of whose waves exists (yet). */
export const NO_DATA = 'keine Daten';

/** The N line under the figure: "N = 33 (2019), 48 (2021), 54 (2023)". */
export function nLine(figure: Figure, label: (wave: string) => string): string {
  if (figure.n.length === 0) return `N: ${NO_DATA}`;
  const parts = figure.n.map((entry) => `${entry.nReported ?? NOT_ASKED} (${label(entry.wave)})`);
  return figure.n.length === 1 && figure.n[0].nReported !== null ? `N = ${figure.n[0].nReported}` : `N = ${parts.join(', ')}`;
}

interface BarDatum {
  item: string;
  wave: string;
  share: number | null;
  asked: boolean;
  x: number;
  label: string;
  delta: string;
}

/** The fields a chart with intervals adds to a bar. */
interface IntervalDatum {
  low: number | null;
  high: number | null;
  /** Where the printed share starts: right of the bar or of its whisker, whichever is longer. */
  labelX: number;
  /** 'yes', 'no', or 'none' where the change was not tested. */
  significant: 'yes' | 'no' | 'none';
}

/**
 * The Vega-Lite spec of a figure. `waveLabels` names the waves in the legend
 * and the caption (e.g. "2023" for "ki-2023"); codes are used where missing.
 */
export function figureChartSpec(
  figure: Figure,
  waveLabels: Map<string, string> = new Map(),
  options: FigureChartOptions = {},
): TopLevelSpec {
  // Whiskers only on request; the significance of a change and the small-base mark always (issue 17: every change a
  // chart shows carries its significance, every share its small-base mark).
  const ci = options.ci === true;
  const label = (wave: string) => waveLabels.get(wave) ?? wave;
  const lastWave = figure.waves[figure.waves.length - 1];
  const previousWave = figure.waves[figure.waves.length - 2];
  const shownWaves = figure.delta && lastWave ? [lastWave] : figure.waves;
  const showDelta = figure.delta && previousWave !== undefined;

  // A figure without any wave (none exists yet) still lists its items, each marked "keine Daten".
  const slots = shownWaves.length > 0 ? shownWaves : [NO_DATA];
  const values: Array<BarDatum | (BarDatum & IntervalDatum)> = figure.rows.flatMap((row) =>
    slots.map((wave) => {
      const value = row.values.find((candidate) => candidate.wave === wave);
      const previous = row.values.find((candidate) => candidate.wave === previousWave);
      const share = value?.asked ? value.share : null;
      const datum: BarDatum = {
        item: row.code,
        wave,
        share,
        asked: value?.asked ?? false,
        x: share ?? 0,
        label: shownWaves.length > 0 ? barLabel(value) : NO_DATA,
        delta: showDelta ? deltaLabel(value, previous) : '',
      };
      const interval = ci && share !== null ? (value?.ci ?? null) : null;
      return {
        ...datum,
        label: share !== null && value?.smallBase ? `${datum.label} ${SMALL_BASE_MARK}` : datum.label,
        delta: showDelta ? significanceDeltaLabel(value, previous) : '',
        low: interval?.low ?? null,
        high: interval?.high ?? null,
        labelX: Math.max(share ?? 0, interval?.high ?? 0),
        significant: !value?.asked || value.significant === null || value.deltaPp === null ? 'none' : value.significant ? 'yes' : 'no',
      };
    }),
  );
  const itemLines = Object.fromEntries(figure.rows.map((row) => [row.code, wrapText(row.title, LABEL_CHARS)]));
  const legendLabels = Object.fromEntries(shownWaves.map((wave) => [wave, label(wave)]));
  const colours = waveColours(figure.waves.length).slice(figure.waves.length - shownWaves.length);
  const linesPerItem = Math.max(1, ...Object.values(itemLines).map((lines) => lines.length));
  const step = Math.max(slots.length * BAR_HEIGHT, linesPerItem * 13) + 14;

  const subtitle = [
    STATISTIC_TEXT[figure.statistic],
    ...(showDelta ? [`rechts: Veränderung ${label(lastWave)} gegenüber ${label(previousWave)} in Prozentpunkten (pp)`] : []),
  ];
  const footer = [
    nLine(figure, label),
    ...intervalNotes(figure, options, showDelta).flatMap((note) => wrapText(note, NOTE_CHARS)),
    // The printed report counts completed responses; a chart that counts begun ones too says so.
    ...(figure.include === 'partial' ? wrapText(inclusionNote('partial'), NOTE_CHARS) : []),
    ...figure.notes.flatMap((note) => wrapText(`Hinweis: ${note}`, NOTE_CHARS)),
    ...(figure.source ? wrapText(figure.source, NOTE_CHARS) : []),
  ];
  const y = {
    field: 'item',
    type: 'nominal' as const,
    sort: figure.rows.map((row) => row.code),
    title: null,
    scale: { paddingInner: 0.28, paddingOuter: 0.1 },
    axis: {
      labelExpr: `${JSON.stringify(itemLines)}[datum.value]`,
      labelLimit: 0,
      labelFontSize: 11,
      labelColor: '#222222',
      labelPadding: 8,
      labelLineHeight: 13,
      ticks: false,
      domain: false,
    },
  };
  const yOffset = { field: 'wave', type: 'nominal' as const, sort: slots, scale: { paddingInner: 0.08 } };
  // The bars take BAR_AREA_WIDTH for 0..100 %; the scale runs on into the value (and delta) column.
  const deltaColumn = DELTA_COLUMN;
  const extra = VALUE_COLUMN + (showDelta ? deltaColumn : 0);
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { domain: [0, 100 * (1 + extra / BAR_AREA_WIDTH)], nice: false, zero: true },
    axis: null,
  };

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: wrapText(`Abbildung ${figure.number}: ${figure.title}`, TITLE_CHARS),
      subtitle,
      anchor: 'start',
      frame: 'bounds',
      fontSize: 14,
      subtitleFontSize: 11,
      subtitleColor: '#555555',
      subtitlePadding: 6,
      offset: 14,
    },
    background: 'white',
    padding: 16,
    config: { font: CHART_FONT, view: { stroke: null }, legend: { labelFontSize: 11, symbolType: 'square', symbolSize: 120 } },
    vconcat: [
      {
        width: BAR_AREA_WIDTH + extra,
        height: { step, for: 'position' },
        data: { values },
        title: {
          text: footer,
          orient: 'bottom',
          anchor: 'start',
          frame: 'bounds',
          fontSize: 10,
          fontWeight: 'normal',
          color: '#444444',
          offset: 16,
          lineHeight: 14,
        },
        layer: [
          {
            mark: { type: 'rule', color: '#888888', strokeWidth: 1 },
            encoding: { x: { datum: 0, type: 'quantitative', scale: x.scale, axis: null } },
          },
          {
            mark: { type: 'bar', height: { band: 1 } },
            transform: [{ filter: 'datum.share !== null' }],
            encoding: {
              y,
              yOffset,
              x,
              color: {
                field: 'wave',
                type: 'nominal',
                sort: shownWaves,
                scale: { domain: shownWaves, range: colours },
                legend:
                  shownWaves.length === 0
                    ? null
                    : { orient: 'top', direction: 'horizontal', title: null, labelExpr: `${JSON.stringify(legendLabels)}[datum.value]` },
              },
            },
          },
          ...(ci ? whiskerLayers(y, yOffset, x.scale) : []),
          {
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, color: '#222222' },
            transform: [{ filter: 'datum.asked' }],
            encoding: { y, yOffset, x: { ...x, field: 'labelX' }, text: { field: 'label' } },
          },
          {
            mark: { type: 'text', align: 'left', baseline: 'middle', dx: 4, fontSize: 10, fontStyle: 'italic', color: '#777777' },
            transform: [{ filter: '!datum.asked' }],
            encoding: { y, yOffset, x: { value: 0 }, text: { field: 'label' } },
          },
          ...(showDelta ? significanceLayers(y, yOffset, BAR_AREA_WIDTH + VALUE_COLUMN + deltaColumn) : []),
        ],
      },
    ],
  };
}

type Channel = Record<string, unknown>;

/**
 * The whiskers of the intervals: a line from the lower to the upper limit through the middle of each bar,
 * with a short cap at each end (named marks: `ci-whisker`, `ci-cap-low`, `ci-cap-high`).
 */
function whiskerLayers(y: Channel, yOffset: Channel, scale: Channel) {
  const at = (field: string) => ({ field, type: 'quantitative' as const, scale, axis: null });
  const filter = [{ filter: 'datum.low !== null && datum.high !== null' }];
  const cap = (name: string, field: string) => ({
    name,
    mark: { type: 'tick' as const, orient: 'vertical' as const, color: WHISKER_COLOUR, opacity: 1, thickness: 1.2, size: 8 },
    transform: filter,
    encoding: { y, yOffset, x: at(field) },
  });
  return [
    {
      name: 'ci-whisker',
      mark: { type: 'rule' as const, color: WHISKER_COLOUR, strokeWidth: 1.2 },
      transform: filter,
      encoding: { y, yOffset, x: at('low'), x2: { field: 'high' } },
    },
    cap('ci-cap-low', 'low'),
    cap('ci-cap-high', 'high'),
  ];
}

/** The change column with intervals: significant changes bold and dark, the others lighter and regular. */
function significanceLayers(y: Channel, yOffset: Channel, right: number) {
  const style = (name: string, filter: string, mark: Record<string, unknown>) => ({
    name,
    mark: { type: 'text' as const, align: 'right' as const, baseline: 'middle' as const, fontSize: 10, ...mark },
    transform: [{ filter }],
    encoding: { y, yOffset, x: { value: right }, text: { field: 'delta' } },
  });
  return [
    style('delta-significant', "datum.significant === 'yes'", { fontWeight: 'bold', color: SIGNIFICANT_COLOUR }),
    style('delta-not-significant', "datum.significant === 'no'", { fontWeight: 'normal', color: NOT_SIGNIFICANT_COLOUR }),
    style('delta-untested', "datum.significant === 'none'", { fontWeight: 'bold', color: SIGNIFICANT_COLOUR }),
  ];
}
