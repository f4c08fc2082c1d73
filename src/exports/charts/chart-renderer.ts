import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { BOLD_WIDTHS, GLYPH_CHARACTERS, REGULAR_WIDTHS } from './glyph-widths';
import type { TopLevelSpec } from 'vega-lite' with { 'resolution-mode': 'import' };

/**
 * The worker's source. vega and vega-lite are ES modules with top-level await,
 * which a CommonJS build cannot `require()` and Jest cannot `import()`; a
 * worker thread loads them with Node's own loader wherever this runs (dist,
 * CLI, tests), and keeps the CPU work of rendering off the event loop. Plain
 * JavaScript on purpose: it runs as is, untouched by any TypeScript build.
 *
 * Without a canvas, vega estimates text widths as 0.8 em per character. The
 * estimate below sums per-character advance widths from glyph-widths.ts, the
 * widest of DejaVu Sans and Helvetica/Arial/Liberation Sans, plus a margin: the
 * layout (label column, chart and title width) then holds with whichever of
 * those fonts the viewer has, never cutting a label at the left edge.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');

const glyphs = workerData.glyphs;
const glyphIndex = new Map(Array.from(glyphs.characters).map((char, index) => [char, index]));

function estimateWidth(item, text) {
  const line = text == null ? (Array.isArray(item.text) ? item.text.reduce((a, b) => (String(b).length > String(a).length ? b : a), '') : item.text) : text;
  const size = item.fontSize != null ? +item.fontSize || 0 : 11;
  const bold = item.fontWeight === 'bold' || +item.fontWeight >= 600;
  const widths = bold ? glyphs.bold : glyphs.regular;
  let width = 0;
  for (const char of String(line == null ? '' : line)) {
    const index = glyphIndex.get(char);
    width += index === undefined ? glyphs.fallback : widths[index];
  }
  return (width / 1000) * size * glyphs.safety;
}

const libraries = Promise.all([import(workerData.vega), import(workerData.vegaLite)]).then(([vega, vegaLite]) => {
  vega.textMetrics.width = estimateWidth;
  return { vega, vegaLite };
});

function collectingLogger(warnings) {
  let level = 0;
  const logger = {
    level(value) { if (value === undefined) return level; level = value; return logger; },
    error(...args) { warnings.push(args.join(' ')); return logger; },
    warn(...args) { warnings.push(args.join(' ')); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

parentPort.on('message', async ({ id, spec }) => {
  try {
    const { vega, vegaLite } = await libraries;
    const warnings = [];
    const compiled = vegaLite.compile(spec, { logger: collectingLogger(warnings) }).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger: collectingLogger(warnings), logLevel: vega.Warn });
    const svg = await view.toSVG();
    view.finalize();
    parentPort.postMessage({ id, svg, warnings });
  } catch (error) {
    parentPort.postMessage({ id, error: error && error.stack ? error.stack : String(error) });
  }
});
`;

interface WorkerReply {
  id: number;
  svg?: string;
  warnings?: string[];
  error?: string;
}

export interface RenderedChart {
  svg: string;
  /** What vega-lite and vega warned about while compiling and rendering (logged, too). */
  warnings: string[];
}

interface Pending {
  resolve(chart: RenderedChart): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** The width table the worker measures text with; an unknown character counts as the widest known one. */
const GLYPHS = {
  characters: GLYPH_CHARACTERS,
  regular: REGULAR_WIDTHS,
  bold: BOLD_WIDTHS,
  fallback: Math.max(...REGULAR_WIDTHS, ...BOLD_WIDTHS),
  /** Rendering differences (hinting, rounding) between browsers: 3 % more. */
  safety: 1.03,
};

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';
const RENDER_TIMEOUT_MS = 30_000;

/**
 * Renders Vega-Lite specs to SVG with vega's headless View (`renderer: 'none'`,
 * `toSVG()`), no browser. One worker thread, started on first use, shared by
 * all requests; a crashed or stuck worker is replaced on the next render.
 */
@Injectable()
export class ChartRenderer implements OnModuleDestroy {
  private readonly logger = new Logger(ChartRenderer.name);
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  async render(spec: TopLevelSpec): Promise<RenderedChart> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<RenderedChart>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`Chart rendering took longer than ${RENDER_TIMEOUT_MS} ms`)), RENDER_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.ref();
      worker.postMessage({ id, spec });
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.close();
  }

  /** Stops the worker; a later render starts a new one. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll(new Error('Chart renderer closed'));
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        glyphs: GLYPHS,
        vega: pathToFileURL(require.resolve('vega')).href,
        vegaLite: pathToFileURL(require.resolve('vega-lite')).href,
      },
    });
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) {
        this.worker = undefined;
        this.rejectAll(new Error(`Chart worker exited with code ${code}`));
      }
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.error !== undefined || reply.svg === undefined) {
      pending.reject(new Error(`Chart rendering failed: ${reply.error ?? 'no SVG'}`));
      return;
    }
    const warnings = reply.warnings ?? [];
    for (const warning of warnings) this.logger.warn(`Chart: ${warning}`);
    pending.resolve({ svg: reply.svg, warnings });
  }

  /** A worker error or a timeout: every pending render fails and the worker is replaced. */
  private fail(error: Error): void {
    this.logger.error(`Chart worker failed: ${error.message}`);
    const worker = this.worker;
    this.worker = undefined;
    this.rejectAll(error);
    void worker?.terminate();
  }

  private rejectAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
