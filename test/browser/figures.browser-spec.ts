import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { BrowserHarness, openTab, startHarness, TestTab } from './browser-harness';

/** Every figure of the report, as in figures.json. */
const FIGURES: Array<{ id: string }> = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', 'figures.json'), 'utf8'),
).figures;

interface TextBox {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

interface Layout {
  viewBox: { x: number; y: number; width: number; height: number };
  texts: TextBox[];
  /** The font Chromium actually renders the item labels with (from the rendered width, see below). */
  fontFamily: string;
}

/**
 * Every figure's SVG in Chromium with the fonts of the machine (in CI only DejaVu:
 * no Arial, no Helvetica): no text may leave the SVG's viewBox, i.e. nothing is
 * cut off at any edge, whatever font the viewer falls back to.
 */
describe('figure SVGs in a browser without Arial or Helvetica', () => {
  let harness: BrowserHarness;
  let tab: TestTab;
  const svgs = new Map<string, string>();

  beforeAll(async () => {
    harness = await startHarness();
    await harness.testApp.app.get(ReconstructionService).load('ki-mittelstand');
    for (const { id } of FIGURES) {
      const response = await request(harness.testApp.app.getHttpServer())
        .get(`/api/surveys/ki-mittelstand/figures/${id}.svg`)
        .auth(harness.adminToken, { type: 'bearer' })
        .buffer(true)
        .parse((res, callback) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => callback(null, Buffer.concat(chunks)));
        })
        .expect(200);
      svgs.set(id, (response.body as Buffer).toString('utf8'));
    }
    tab = await openTab(harness, { width: 1400, height: 900 });
  }, 300_000);

  afterAll(async () => {
    await tab?.context.close();
    await harness?.close();
  });

  async function layoutOf(id: string): Promise<Layout> {
    await tab.page.setContent(`<!DOCTYPE html><html lang="de"><body style="margin:0;background:#fff">${svgs.get(id)}</body></html>`);
    await tab.page.evaluate(() => document.fonts.ready);
    return tab.page.evaluate(() => {
      const svg = document.querySelector('svg') as SVGSVGElement;
      const box = svg.viewBox.baseVal;
      const toRoot = (svg.getScreenCTM() as DOMMatrix).inverse();
      const texts = Array.from(svg.querySelectorAll('text')).map((element) => {
        const bbox = element.getBBox();
        const matrix = toRoot.multiply(element.getScreenCTM() as DOMMatrix);
        const corners = [
          new DOMPoint(bbox.x, bbox.y),
          new DOMPoint(bbox.x + bbox.width, bbox.y),
          new DOMPoint(bbox.x, bbox.y + bbox.height),
          new DOMPoint(bbox.x + bbox.width, bbox.y + bbox.height),
        ].map((point) => point.matrixTransform(matrix));
        return {
          text: element.textContent ?? '',
          left: Math.min(...corners.map((point) => point.x)),
          right: Math.max(...corners.map((point) => point.x)),
          top: Math.min(...corners.map((point) => point.y)),
          bottom: Math.max(...corners.map((point) => point.y)),
        };
      });
      const label = svg.querySelector('text') as SVGTextElement;
      return {
        viewBox: { x: box.x, y: box.y, width: box.width, height: box.height },
        texts,
        fontFamily: getComputedStyle(label).fontFamily,
      };
    });
  }

  it('covers every figure of figures.json', () => {
    expect([...svgs.keys()]).toEqual(FIGURES.map((figure) => figure.id));
    expect(FIGURES.length).toBeGreaterThanOrEqual(9);
  });

  it('runs where Arial and Helvetica are missing, as in CI (the fonts the SVG names first)', async () => {
    await tab.page.setContent(
      '<p id="a" style="font:20px Arial;display:inline">mmmmmmmmmm</p> <p id="d" style="font:20px \'DejaVu Sans\';display:inline">mmmmmmmmmm</p>',
    );
    const [arial, dejavu] = await tab.page.evaluate(() =>
      ['a', 'd'].map((id) => (document.getElementById(id) as HTMLElement).getBoundingClientRect().width),
    );
    // Arial's "m" is 833/1000 em, DejaVu Sans's 974/1000: Arial falls back to DejaVu Sans (or to Liberation Sans, Arial's metrics).
    expect(arial === dejavu || Math.abs(arial - 166.6) < 2).toBe(true);
  });

  it.each(FIGURES.map((figure) => figure.id))('%s: every text stays inside the viewBox', async (id) => {
    const layout = await layoutOf(id);
    expect(layout.fontFamily).toMatch(/^Arial, Helvetica, "Liberation Sans", "DejaVu Sans", sans-serif$/);
    expect(layout.texts.length).toBeGreaterThan(5);
    const { x, y, width, height } = layout.viewBox;
    expect(width).toBeGreaterThan(0);
    const outside = layout.texts
      .filter((box) => box.text.trim() !== '')
      .filter((box) => box.left < x - 0.5 || box.top < y - 0.5 || box.right > x + width + 0.5 || box.bottom > y + height + 0.5)
      .map((box) => `${box.text} [${box.left.toFixed(1)}, ${box.top.toFixed(1)} – ${box.right.toFixed(1)}, ${box.bottom.toFixed(1)}]`);
    expect(outside).toEqual([]);
    // The widest item label starts near the left edge (the label column is not wastefully wide either).
    const leftmost = Math.min(...layout.texts.map((box) => box.left));
    expect(leftmost).toBeLessThan(x + 60);
  });

  it('saves screenshots of figures 3, 7 and 9 to look at', async () => {
    for (const id of ['abb3', 'abb7', 'abb9']) {
      await layoutOf(id);
      await tab.page.setViewportSize({ width: 1400, height: 1100 });
      const path = await tab.screenshot(`figure-${id}`);
      expect(path).toMatch(new RegExp(`figure-${id}\\.png$`));
    }
  });
});
