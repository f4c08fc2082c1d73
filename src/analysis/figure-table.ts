/**
 * A figure as a plain-text table for the terminal (`npm run cli -- figures`). Pure.
 */
import type { Figure, FigureValue } from './analysis.types';

const STATISTIC_LABELS: Record<Figure['statistic'], string> = {
  topBox: 'Anteil Top-Box in %',
  yes: 'Anteil „ja“ in %',
  choice: 'Anteil je Antwort in %',
};

/** One decimal with a German decimal comma: 88.7 → "88,7". */
export function germanDecimal(value: number): string {
  return value.toFixed(1).replace('.', ',');
}

function shareCell(value: FigureValue): string {
  if (!value.asked) return 'nicht abgefragt';
  if (value.share === null) return `– (n=${value.nBase ?? 0})`;
  return `${germanDecimal(value.share)} % (n=${value.nBase})`;
}

function deltaCell(value: FigureValue): string {
  if (!value.asked || value.deltaPp === null) return '–';
  const sign = value.deltaPp > 0 ? '+' : value.deltaPp < 0 ? '−' : '±';
  return `${sign}${germanDecimal(Math.abs(value.deltaPp))} pp`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join(' | ')
      .trimEnd(),
  );
}

export function formatFigureTable(figure: Figure): string {
  const header = ['', ...figure.waves.flatMap((wave, index) => (figure.delta && index > 0 ? [wave, `Δ ${wave}`] : [wave]))];
  const body = figure.rows.map((row) => [
    row.title,
    ...row.values.flatMap((value, index) => (figure.delta && index > 0 ? [shareCell(value), deltaCell(value)] : [shareCell(value)])),
  ]);
  const n = [
    'N',
    ...figure.n.flatMap((entry, index) => {
      const cell = entry.nReported === null ? 'nicht gestellt' : String(entry.nReported);
      return figure.delta && index > 0 ? [cell, ''] : [cell];
    }),
  ];
  const lines = [
    `Abbildung ${figure.number} (${figure.id}): ${figure.title}`,
    `${STATISTIC_LABELS[figure.statistic]}; n = Basis ohne „keine Angabe“, N = Antworten auf die Frage`,
    '',
    ...(figure.waves.length > 0 ? table([header, ...body, n]) : ['(keine Welle vorhanden)']),
  ];
  if (figure.notes.length > 0) lines.push('', ...figure.notes.map((note) => `Hinweis: ${note}`));
  if (figure.source) lines.push(figure.source);
  return `${lines.join('\n')}\n`;
}
