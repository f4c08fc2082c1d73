/**
 * The chart of a question on the "Ergebnisse" page, as an inline SVG built on the server (no script,
 * no style element; the CSP allows it). A rating or yes/no question: one 100 % bar per item, split by
 * level (without "keine Angabe"), the share printed where it fits, a legend of the levels. A single-choice
 * question: one bar per option with its share. Free text: no chart. Pure; the numbers are in the table too.
 */
import { CHART_FONT, SMALL_BASE_MARK, waveColours, wrapText } from '../exports/charts/figure-chart';
import { formatPercent } from '../exports/german-format';
import type { ChoiceTable, QuestionView, ScaleTable } from './results-view';

/** Narrow on purpose: on a 390 px phone the chart shrinks to about 360 px and its text stays readable. */
const WIDTH = 480;
const PAD = 4;
const FONT = 14;
const LINE = 18;
const BAR = 22;
const GAP = 12;
/** Average advance of a character at FONT, generous (DejaVu Sans is wide). */
const CHAR_WIDTH = 8.2;
const LABEL_CHARS = 54;
const BAR_COLOUR = '#2171b5';
const EMPTY_COLOUR = '#f0f0f0';
const TEXT = '#1a1a1a';
const WHISKER = '#1a1a1a';

/** Text for SVG (and HTML) content and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Whether white text is readable on a colour of the palette (the darker blues). */
function darkColour(colour: string): boolean {
  const value = parseInt(colour.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255];
  return 0.299 * r + 0.587 * g + 0.114 * b < 140;
}

function text(x: number, y: number, content: string, attributes = ''): string {
  return `<text x="${round(x)}" y="${round(y)}"${attributes}>${escapeXml(content)}</text>`;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function labelLines(lines: string[], y: number): { svg: string; y: number } {
  let svg = '';
  let at = y;
  for (const line of lines) {
    at += LINE;
    svg += text(PAD, at - 4, line, ` fill="${TEXT}"`);
  }
  return { svg, y: at };
}

/** The legend of the levels, wrapped over as many lines as the width needs. */
function legend(levels: string[], colours: string[]): { svg: string; height: number } {
  let svg = '';
  let x = PAD;
  let y = 0;
  levels.forEach((label, index) => {
    const width = 16 + label.length * CHAR_WIDTH + 14;
    if (x > PAD && x + width > WIDTH - PAD) {
      x = PAD;
      y += LINE + 4;
    }
    svg += `<rect x="${round(x)}" y="${y + 3}" width="12" height="12" fill="${colours[index]}" stroke="#555" stroke-width="0.5"/>`;
    svg += text(x + 16, y + 14, label, ` fill="${TEXT}"`);
    x += width;
  });
  return { svg, height: y + LINE + 8 };
}

function scaleChart(table: ScaleTable): { body: string; height: number } {
  const colours = waveColours(table.levels.length);
  const head = legend(table.levels, colours);
  let body = head.svg;
  let y = head.height;
  const barWidth = WIDTH - 2 * PAD;
  for (const row of table.rows) {
    const label = labelLines(wrapText(row.title, LABEL_CHARS), y);
    body += label.svg;
    y = label.y + 2;
    if (row.nBase === 0) {
      body += `<rect x="${PAD}" y="${y}" width="${barWidth}" height="${BAR}" fill="${EMPTY_COLOUR}"/>`;
      body += text(PAD + 6, y + BAR / 2 + 5, 'keine Antworten außer „keine Angabe“', ` fill="${TEXT}"`);
    } else {
      let x = PAD;
      row.cells.forEach((cell, index) => {
        const width = (barWidth * cell.count) / row.nBase;
        if (width <= 0) return;
        body += `<rect x="${round(x)}" y="${y}" width="${round(width)}" height="${BAR}" fill="${colours[index]}"/>`;
        if (cell.share !== null && width >= 52) {
          const fill = darkColour(colours[index]) ? '#ffffff' : TEXT;
          body += text(x + width / 2, y + BAR / 2 + 5, formatPercent(cell.share), ` fill="${fill}" text-anchor="middle"`);
        }
        x += width;
      });
    }
    y += BAR + GAP;
  }
  return { body, height: y };
}

/** The 95 % interval of a share as a whisker: a line with a cap at each end, dark with a white edge (readable on the bar and beside it). */
export function whisker(x1: number, x2: number, y: number): string {
  const line = (ax: number, ay: number, bx: number, by: number) =>
    `x1="${round(ax)}" y1="${round(ay)}" x2="${round(bx)}" y2="${round(by)}"`;
  const stroke = (width: number, colour: string) => ` stroke="${colour}" stroke-width="${width}" stroke-linecap="butt"`;
  const parts = [line(x1, y, x2, y), line(x1, y - 5, x1, y + 5), line(x2, y - 5, x2, y + 5)];
  return (
    `<g class="ci-whisker" data-low-x="${round(x1)}" data-high-x="${round(x2)}">` +
    parts.map((part) => `<line ${part}${stroke(3.5, '#ffffff')}/>`).join('') +
    parts.map((part) => `<line ${part}${stroke(1.5, WHISKER)}/>`).join('') +
    `</g>`
  );
}

function choiceChart(table: ChoiceTable): { body: string; height: number } {
  let body = '';
  let y = 0;
  const valueRoom = 70;
  const barWidth = WIDTH - 2 * PAD - valueRoom;
  for (const row of table.rows) {
    const label = labelLines(wrapText(row.label, LABEL_CHARS), y);
    body += label.svg;
    y = label.y + 2;
    const width = row.share === null ? 0 : (barWidth * row.share) / 100;
    body += `<rect x="${PAD}" y="${y}" width="${barWidth}" height="${BAR}" fill="${EMPTY_COLOUR}"/>`;
    if (width > 0) body += `<rect x="${PAD}" y="${y}" width="${round(width)}" height="${BAR}" fill="${BAR_COLOUR}"/>`;
    if (row.ci) body += whisker(PAD + (barWidth * row.ci.low) / 100, PAD + (barWidth * row.ci.high) / 100, y + BAR / 2);
    const value = row.share === null ? '–' : `${formatPercent(row.share)}${row.smallBase ? ` ${SMALL_BASE_MARK}` : ''}`;
    body += text(PAD + barWidth + 6, y + BAR / 2 + 5, value, ` fill="${TEXT}"`);
    y += BAR + GAP;
  }
  return { body, height: y };
}

/**
 * The SVG of a question (null for free text), with role="img" and an accessible name that says what it
 * shows and that the numbers are in the table.
 */
export function questionChartSvg(question: QuestionView): string | null {
  const table = question.table;
  if (table.kind === 'text') return null;
  const { body, height } = table.kind === 'scale' ? scaleChart(table) : choiceChart(table);
  const what =
    table.kind === 'scale' ? 'Verteilung der Antworten je Aussage' : 'Anteil je Antwortmöglichkeit mit 95-%-Konfidenzintervall als Strich';
  const name = `Diagramm zu „${question.title}“: ${what} in Prozent, ohne „keine Angabe“. Die Zahlen stehen in der Tabelle.`;
  const totalHeight = Math.max(Math.ceil(height), LINE);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="results-chart" role="img" aria-label="${escapeXml(name)}" ` +
    `viewBox="0 0 ${WIDTH} ${totalHeight}" width="${WIDTH}" height="${totalHeight}" font-family="${escapeXml(CHART_FONT)}" font-size="${FONT}">` +
    `<title>${escapeXml(name)}</title>${body}</svg>`
  );
}
