/**
 * A chart of the export renderer (vega's SVG, a standalone file) made fit to sit inline in a page: no
 * XML prolog, role="img" and an accessible name on the root (instead of the renderer's own, English
 * ARIA attributes, dropped everywhere), and its ids (clip paths, gradients) prefixed so that several charts on one
 * page do not take each other's. Pure.
 */
import { escapeXml } from './results-chart';

export function inlineSvg(svg: string, name: string, idPrefix: string): string {
  const body = svg
    .replace(/^\s*<\?xml[^>]*\?>\s*/, '')
    .replace(/^<!DOCTYPE[^>]*>\s*/i, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${idPrefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${idPrefix}-${id})`)
    .replace(/\b(xlink:href|href)="#([^"]+)"/g, (_, attribute: string, id: string) => `${attribute}="#${idPrefix}-${id}"`)
    // The renderer's ARIA (English, graphics-* roles without names) says less than the table beside the chart.
    .replace(/\s(?:role|aria-[a-z]+)="[^"]*"/g, '');
  return body.replace(/^<svg\b/, `<svg role="img" aria-label="${escapeXml(name)}"`);
}
