import { svgTexts } from '../../../test/fixtures/svg-texts';
import { choiceFigureFixture, deltaFigureFixture, figureFixture } from '../../../test/fixtures/analysis-results';
import { ChartRenderer } from './chart-renderer';
import { figureChartSpec } from './figure-chart';

describe('ChartRenderer', () => {
  const renderer = new ChartRenderer();
  const labels = new Map([
    ['ki-2019', '2019'],
    ['ki-2021', '2021'],
    ['ki-2023', '2023'],
  ]);

  afterAll(() => renderer.close());

  it('renders figure 3 as a well-formed SVG with every label, share, and "nicht abgefragt"', async () => {
    const figure = figureFixture();
    const { svg, warnings } = await renderer.render(figureChartSpec(figure, labels));
    expect(warnings).toEqual([]);
    expect(svg.startsWith('<svg')).toBe(true);
    const texts = svgTexts(svg);
    const all = texts.join('\n');
    for (const row of figure.rows) expect(all).toContain(row.title);
    for (const share of ['75,8 %', '81,3 %', '88,7 %', '29,0 %', '62,5 %', '87,8 %', '76,5 %']) expect(texts).toContain(share);
    expect(texts.filter((text) => text === 'nicht abgefragt')).toHaveLength(2);
    expect(texts).toEqual(expect.arrayContaining(['2019', '2021', '2023']));
    expect(all).toContain('N = 33 (2019), 48 (2021), 54 (2023)');
    expect(all).toContain('Abbildung 3: Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(all).toContain('Hinweis: 2019 mit fünfstufiger Skala, ab 2021 vierstufig');
    expect(all).toContain('Quelle: WIK-Befragung');
  });

  it('renders the change of a delta figure as text', async () => {
    const { svg } = await renderer.render(figureChartSpec(deltaFigureFixture(), labels));
    const texts = svgTexts(svg);
    expect(texts).toEqual(
      expect.arrayContaining(['62,3 %', '+12,3 pp n.s.', '86,0 %', '−4,0 pp n.s.', 'Texterstellung', 'vorausschauende Wartung']),
    );
    expect(texts).not.toContain('50,0 %');
  });

  it('renders a choice figure with long, wrapped option labels', async () => {
    const figure = choiceFigureFixture();
    const texts = svgTexts((await renderer.render(figureChartSpec(figure, labels))).svg);
    for (const row of figure.rows) expect(texts).toContain(row.title);
    expect(texts).toEqual(expect.arrayContaining(['29,2 %', '36,2 %', '60,4 %', '51,7 %']));
  });

  it('reports an invalid spec as an error and keeps rendering afterwards', async () => {
    await expect(renderer.render({ data: { values: [] }, mark: 'no-such-mark' } as never)).rejects.toThrow(/Chart rendering failed/);
    const { svg } = await renderer.render(figureChartSpec(figureFixture(), labels));
    expect(svgTexts(svg)).toContain('88,7 %');
  });
});
