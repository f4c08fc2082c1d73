import { escapeXml, questionChartSvg } from './results-chart';
import type { ChoiceTable, QuestionView } from './results-view';

const scale: QuestionView = {
  code: 'chancen',
  title: 'Chancen <&> „KI“?',
  nReported: 55,
  table: {
    kind: 'scale',
    levels: ['nein', 'eher nein', 'eher ja', 'ja'],
    noAnswerLabel: 'keine Angabe',
    topLabel: 'Top-2-Box',
    topDescription: '',
    rows: [
      {
        code: 'x',
        title: 'Ix',
        cells: [
          { count: 2, share: 3.8 },
          { count: 4, share: 7.5 },
          { count: 20, share: 37.7 },
          { count: 27, share: 50.9 },
        ],
        noAnswer: 2,
        n: 55,
        nBase: 53,
        top: 88.7,
        ci: { low: 77.4, high: 94.7 },
        smallBase: false,
      },
      {
        code: 'y',
        title: 'Ypsilon',
        cells: [0, 0, 0, 0].map((count) => ({ count, share: null })),
        noAnswer: 3,
        n: 3,
        nBase: 0,
        top: null,
        ci: null,
        smallBase: true,
      },
    ],
  },
};

const choice: QuestionView = {
  code: 'rolle',
  title: 'Rolle',
  nReported: 16,
  table: {
    kind: 'choice',
    noAnswerLabel: 'keine Angabe',
    rows: [
      { code: 'a', label: 'Alpha', count: 1, share: 6.3, ci: { low: 1.1, high: 28.3 }, smallBase: false },
      { code: 'b', label: 'Beta', count: 15, share: 93.8, ci: { low: 71.7, high: 98.9 }, smallBase: false },
      { code: 'c', label: 'Gamma', count: 0, share: null, ci: null, smallBase: false },
    ],
    noAnswer: 0,
    n: 16,
    nBase: 16,
  },
};

/** The widths of the rects with a fill of the given colours, in order. */
function rects(svg: string): Array<{ width: number; fill: string }> {
  return [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="([^"]+)" height="22" fill="([^"]+)"/g)].map((match) => ({
    width: Number(match[1]),
    fill: match[2],
  }));
}

describe('questionChartSvg', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<x>', '&lt;x&gt;'],
    ['"q" \'s\'', '&quot;q&quot; &#39;s&#39;'],
  ])('escapes %s', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });

  it('is an image with an escaped accessible name and a title, no script and no style element', () => {
    const svg = questionChartSvg(scale) as string;
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="results-chart" role="img" aria-label="Diagramm zu „Chancen &lt;&amp;&gt; „KI“\?“/,
    );
    expect(svg).toContain('<title>Diagramm zu „Chancen &lt;&amp;&gt;');
    expect(svg).not.toMatch(/<script|<style|\son[a-z]+=/);
    expect(svg).toMatch(/viewBox="0 0 480 \d+"/);
  });

  it('splits the bar of an item by level in proportion to the counts, with the larger shares printed', () => {
    const svg = questionChartSvg(scale) as string;
    const bars = rects(svg);
    // Item x: four segments over the 472 wide bar (2, 4, 20, 27 of 53); item y: one empty bar.
    expect(bars.slice(0, 4).map((bar) => bar.width)).toEqual([17.8, 35.6, 178.1, 240.5]);
    expect(bars[4]).toEqual({ width: 472, fill: '#f0f0f0' });
    expect(svg).toContain('>37,7 %</text>');
    expect(svg).toContain('>50,9 %</text>');
    expect(svg).not.toContain('>3,8 %</text>');
    expect(svg).toContain('keine Antworten außer „keine Angabe“');
    for (const level of ['nein', 'eher nein', 'eher ja', 'ja']) expect(svg).toContain(`>${level}</text>`);
  });

  it('draws a bar per option of a single-choice question with its share', () => {
    const svg = questionChartSvg(choice) as string;
    const filled = rects(svg).filter((bar) => bar.fill === '#2171b5');
    expect(filled.map((bar) => bar.width)).toEqual([25.3, 377.1]);
    expect(svg).toContain('>6,3 %</text>');
    expect(svg).toContain('>93,8 %</text>');
    expect(svg).toContain('>–</text>');
  });

  it('draws nothing for free text', () => {
    expect(questionChartSvg({ code: 't', title: 'T', nReported: 2, table: { kind: 'text', answered: 2 } })).toBeNull();
  });
});

describe('intervals in the chart of a single-choice question', () => {
  it('draws each option\'s 95 % interval as a whisker at its limits, none where there is no share, and marks small bases "°"', () => {
    const svg = questionChartSvg(choice) as string;
    const whiskers = [...svg.matchAll(/<g class="ci-whisker" data-low-x="([\d.]+)" data-high-x="([\d.]+)">/g)].map((match) => [
      Number(match[1]),
      Number(match[2]),
    ]);
    // The bars take 402 px for 0..100 %, from x = 4.
    const at = (percent: number) => Math.round((4 + (402 * percent) / 100) * 10) / 10;
    expect(whiskers).toEqual([
      [at(1.1), at(28.3)],
      [at(71.7), at(98.9)],
    ]);
    const small = questionChartSvg({
      ...choice,
      table: {
        ...(choice.table as ChoiceTable),
        rows: [{ code: 'a', label: 'A', count: 3, share: 50, ci: { low: 18.8, high: 81.2 }, smallBase: true }],
      },
    }) as string;
    expect(small).toContain('>50,0 % °</text>');
  });
});
