/**
 * The progress chart of a wave as a Vega-Lite spec, pure: two cumulative
 * lines per Berlin day, "begonnen" and "abgeschlossen", German day labels
 * ("27.07."), the report's font and blues. Rendered by the same ChartRenderer
 * as the report's figures; accessibleSvg() gives the SVG its title.
 */
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };
import { CHART_FONT } from '../exports/charts/figure-chart';
import type { ProgressDay } from './progress-series';

export const STARTED_LABEL = 'begonnen';
export const COMPLETED_LABEL = 'abgeschlossen';

/** German number formatting for the axis (1.234). */
const GERMAN_NUMBERS = { decimal: ',', thousands: '.', grouping: [3], currency: ['', ' €'] as [string, string] };

export interface ProgressChartInput {
  title: string;
  subtitle: string;
  days: ProgressDay[];
}

export function progressChartSpec(input: ProgressChartInput): TopLevelSpec {
  const values = input.days.flatMap((day) => [
    { date: day.day, series: STARTED_LABEL, count: day.startedTotal },
    { date: day.day, series: COMPLETED_LABEL, count: day.completedTotal },
  ]);
  const common = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: input.title,
      subtitle: input.subtitle,
      anchor: 'start' as const,
      frame: 'bounds' as const,
      fontSize: 14,
      subtitleFontSize: 11,
      subtitleColor: '#555555',
      offset: 12,
    },
    background: 'white',
    padding: 16,
    width: 560,
    height: 240,
    config: { font: CHART_FONT, view: { stroke: null }, locale: { number: GERMAN_NUMBERS } },
  };
  if (values.length === 0) {
    return {
      ...common,
      data: { values: [{ text: 'Noch keine Daten' }] },
      mark: { type: 'text', fontSize: 12, color: '#555555' },
      encoding: { text: { field: 'text', type: 'nominal' } },
    };
  }
  return {
    ...common,
    data: { values },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: 'date',
        type: 'temporal',
        title: null,
        scale: { type: 'utc', nice: false },
        axis: {
          labelExpr: "utcFormat(datum.value, '%d.%m.')",
          values: tickDays(input.days.map((day) => day.day)),
          labelOverlap: true,
          grid: false,
        },
      },
      y: {
        field: 'count',
        type: 'quantitative',
        title: 'Antworten (kumuliert)',
        axis: { format: ',d', tickMinStep: 1 },
        scale: { zero: true },
      },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: [STARTED_LABEL, COMPLETED_LABEL], range: ['#6baed6', '#08519c'] },
        legend: { orient: 'top', labelFontSize: 11 },
      },
    },
  };
}

/** At most this many day labels on the axis. */
const MAX_TICKS = 12;

/** The axis ticks (UTC midnight of `YYYY-MM-DD` days, which the axis prints as "27.07."): every day, or every n-th for long waves, always the last. */
export function tickDays(days: string[]): number[] {
  const step = Math.max(1, Math.ceil(days.length / MAX_TICKS));
  const ticks = days.filter((_, index) => (days.length - 1 - index) % step === 0);
  return ticks.map((day) => Date.parse(`${day}T00:00:00Z`));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The SVG as an image with a name for screen readers: `role="img"`, an
 * `aria-label` and a `<title>` as the first child (vega's own role and aria
 * attributes on the root element are replaced).
 */
export function accessibleSvg(svg: string, label: string): string {
  const match = /<svg\b[^>]*>/.exec(svg);
  if (!match) throw new Error('Not an SVG document');
  const attributes = match[0]
    .replace(/^<svg/, '')
    .replace(/>$/, '')
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '');
  const text = escapeXml(label);
  const open = `<svg${attributes} role="img" aria-label="${text}"><title>${text}</title>`;
  return svg.slice(0, match.index) + open + svg.slice(match.index + match[0].length);
}
