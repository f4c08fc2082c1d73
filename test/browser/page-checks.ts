import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';

/** axe-core's own script, evaluated through the DevTools protocol (the page's CSP forbids inline scripts, and it stays in force). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  rule: string;
  impact: string;
  /** Selector and axe's explanation of each element found. */
  elements: string[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules and best practices) on the page as it is now; returns every violation. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type AxeResult = {
      violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[]; failureSummary?: string }> }>;
    };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } }).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      elements: violation.nodes.map((node) => `${node.target.join(' ')}: ${(node.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
  });
}

/** The violations a person with a disability would be stopped by (axe's "serious" and "critical"). */
export async function seriousAxeViolations(page: Page): Promise<AxeFinding[]> {
  return (await axeViolations(page)).filter((finding) => finding.impact === 'serious' || finding.impact === 'critical');
}

/** The text of every heading of a level that a person can see (hidden sections do not count). */
export async function visibleHeadings(page: Page, level: number): Promise<string[]> {
  return page.evaluate((tag) => {
    return Array.from(document.querySelectorAll(tag))
      .filter((element) => (element as HTMLElement).offsetParent !== null || (element as HTMLElement).getClientRects().length > 0)
      .map((element) => (element.textContent ?? '').trim());
  }, `h${level}`);
}

/**
 * Everything wrong with the layout of the matrices on screen, measured from element boxes:
 * a card that scrolls sideways, a cell or header text outside the part of the card that is not
 * covered by the library's sticky edges, or a word of a column header broken over two lines.
 * Empty when every matrix fits.
 */
export async function matrixLayoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const px = (value: string) => (Number.isFinite(parseFloat(value)) ? parseFloat(value) : 0);
    const TOLERANCE = 0.5;
    for (const card of Array.from(document.querySelectorAll<HTMLElement>('.sd-question--table'))) {
      const name = card.dataset.name ?? '?';
      const width = window.innerWidth;
      if (card.scrollWidth > card.clientWidth + TOLERANCE) {
        problems.push(`${name} @${width}: the card scrolls sideways (${card.scrollWidth} px content in ${card.clientWidth} px)`);
      }
      const box = card.getBoundingClientRect();
      const style = getComputedStyle(card);
      // The table wrapper spans the card's padding box; its ::before/::after stick to the edges and hide what lies beneath.
      const wrapper = card.querySelector<HTMLElement>('.sd-table-wrapper');
      const cover = (pseudo: '::before' | '::after') => (wrapper ? px(getComputedStyle(wrapper, pseudo).width) : 0);
      const left = box.left + px(style.borderLeftWidth) + cover('::before');
      const right = box.right - px(style.borderRightWidth) - cover('::after');
      if (box.left < -TOLERANCE || box.right > document.documentElement.clientWidth + TOLERANCE) {
        problems.push(`${name} @${width}: the card [${box.left}, ${box.right}] leaves the window`);
      }
      for (const cell of Array.from(card.querySelectorAll<HTMLElement>('table th, table td'))) {
        const cellBox = cell.getBoundingClientRect();
        if (cellBox.width === 0) continue;
        const label = (cell.textContent ?? '').trim() || cell.dataset.responsiveTitle || cell.tagName;
        if (cellBox.left < left - TOLERANCE || cellBox.right > right + TOLERANCE) {
          problems.push(
            `${name} @${width}: cell "${label}" [${cellBox.left}, ${cellBox.right}] outside the visible card [${left}, ${right}]`,
          );
        }
      }
      for (const header of Array.from(card.querySelectorAll<HTMLElement>('thead th span'))) {
        const text = header.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) continue;
        const content = text.textContent ?? '';
        const headerBox = header.getBoundingClientRect();
        const th = header.closest('th')?.getBoundingClientRect();
        if (th && (headerBox.left < th.left - TOLERANCE || headerBox.right > th.right + TOLERANCE)) {
          problems.push(`${name} @${width}: header "${content}" wider than its column`);
        }
        // Each word on one line: a word broken over two lines has two boxes.
        let offset = 0;
        for (const word of content.split(/\s+/)) {
          const start = content.indexOf(word, offset);
          offset = start + word.length;
          if (!word) continue;
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + word.length);
          const lines = new Set(Array.from(range.getClientRects()).map((rect) => Math.round(rect.top)));
          if (lines.size > 1) problems.push(`${name} @${width}: header word "${word}" broken over ${lines.size} lines`);
        }
      }
    }
    return problems;
  });
}

/** How the "keine Angabe" column looks next to the last scale column (desktop table layout). */
export async function noAnswerColumnStyle(page: Page): Promise<Array<{ question: string; scale: string[]; noAnswer: string[] }>> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.sd-question--table:not(.sd-question--mobile)')).map((card) => {
      const headers = Array.from(card.querySelectorAll<HTMLElement>('thead th'));
      const look = (element: HTMLElement | undefined) => {
        if (!element) return [];
        const style = getComputedStyle(element);
        return [style.backgroundColor, style.borderLeftWidth, style.boxShadow];
      };
      const noAnswer = headers.find((header) => header.textContent?.trim() === 'keine Angabe');
      const index = noAnswer ? headers.indexOf(noAnswer) : -1;
      return { question: card.dataset.name ?? '?', scale: look(headers[index - 1]), noAnswer: look(noAnswer) };
    }),
  );
}

/** The controls of the main content that pressing Tab never reaches (none on a page usable by keyboard alone). */
export async function unreachableByKeyboard(page: Page): Promise<string[]> {
  // A radio group is one stop of the Tab order (the arrow keys move within it): its radios share one mark.
  // A control inside a closed <details> is not shown, so not expected to be reached: its <summary> is.
  const controls = await page.$$eval(
    'main a[href], main button, main input:not([type="hidden"]), main select, main textarea, main summary, main [tabindex="0"]',
    (elements) =>
      elements
        .filter((element) => element.checkVisibility())
        .map((element, index) => {
          const radio = element instanceof HTMLInputElement && element.type === 'radio';
          const mark = radio ? `radio:${element.name}` : String(index);
          element.setAttribute('data-focus-check', mark);
          return {
            mark,
            text: `${element.tagName.toLowerCase()} ${(element.textContent ?? '').trim().slice(0, 40) || element.getAttribute('name') || ''}`,
          };
        }),
  );
  const reached = new Set<string>();
  const stops = new Set(controls.map((control) => control.mark)).size;
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let press = 0; press < controls.length + 40 && reached.size < stops; press += 1) {
    await page.keyboard.press('Tab');
    const mark = await page.evaluate(() => document.activeElement?.getAttribute('data-focus-check') ?? null);
    if (mark !== null) reached.add(mark);
  }
  return controls.filter((control) => !reached.has(control.mark)).map((control) => control.text);
}
