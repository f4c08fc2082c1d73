import { ariaFields, svgMarkItems } from '../../../test/fixtures/svg-marks';
import { svgTexts } from '../../../test/fixtures/svg-texts';
import { deltaFigureFixture } from '../../../test/fixtures/analysis-results';
import { intervalFigureFixture } from '../../../test/fixtures/statistics-views';
import { ChartRenderer } from './chart-renderer';
import { figureChartSpec, intervalNotes, NOT_SIGNIFICANT_COLOUR, significanceDeltaLabel, SIGNIFICANT_COLOUR } from './figure-chart';

/** The bars take 420 px for 0..100 % (BAR_AREA_WIDTH). */
const PX_PER_PERCENT = 4.2;

describe('figure charts with intervals (?ci=true)', () => {
  const renderer = new ChartRenderer();
  const labels = new Map([
    ['ki-2021', '2021'],
    ['ki-2023', '2023'],
  ]);
  afterAll(() => renderer.close());

  it('labels a change "n.s." or "*" by its significance, untested changes as before', () => {
    const [texterstellung, wartung, , robotik] = intervalFigureFixture().rows;
    expect(significanceDeltaLabel(texterstellung.values[1], texterstellung.values[0])).toBe('+8,4 pp n.s.');
    expect(significanceDeltaLabel(wartung.values[1], wartung.values[0])).toBe('+55,0 pp*');
    expect(significanceDeltaLabel(robotik.values[1], robotik.values[0])).toBe('neu');
    expect(significanceDeltaLabel(texterstellung.values[0], undefined)).toBe('');
  });

  it('draws a whisker from the lower to the upper limit of every shown share, at the right place', async () => {
    const figure = intervalFigureFixture();
    const { svg, warnings } = await renderer.render(figureChartSpec(figure, labels, { ci: true, minBase: 10 }));
    expect(warnings).toEqual([]);
    const whiskers = svgMarkItems(svg, 'ci-whisker');
    const latest = figure.rows.map((row) => ({ code: row.code, value: row.values[1] }));
    expect(whiskers).toHaveLength(latest.length);
    for (const { code, value } of latest) {
      const whisker = whiskers.find((item) => ariaFields(item.attributes['aria-label']).item === code);
      const fields = ariaFields(whisker?.attributes['aria-label']);
      expect([Number(fields.low), Number(fields.high)]).toEqual([value.ci?.low, value.ci?.high]);
      expect(whisker?.x).toBeCloseTo((value.ci?.low ?? NaN) * PX_PER_PERCENT, 1);
      expect(Number(whisker?.attributes.x2)).toBeCloseTo(((value.ci?.high ?? NaN) - (value.ci?.low ?? NaN)) * PX_PER_PERCENT, 1);
    }
    // 20 of 33 → 40 of 58: the whisker of 69,0 % runs from 56,2 to 79,4 %.
    expect(ariaFields(whiskers[0].attributes['aria-label'])).toMatchObject({ low: '56.2', high: '79.4' });
    expect(svgMarkItems(svg, 'ci-cap-low')).toHaveLength(4);
    expect(svgMarkItems(svg, 'ci-cap-high')).toHaveLength(4);
  });

  it('prints "n.s." exactly at the changes that are not significant, lighter; "*" at the significant ones, dark and bold', async () => {
    const figure = intervalFigureFixture();
    const { svg } = await renderer.render(figureChartSpec(figure, labels, { ci: true, minBase: 10 }));
    const notSignificant = svgMarkItems(svg, 'delta-not-significant');
    const significant = svgMarkItems(svg, 'delta-significant');
    const codesWhere = (flag: boolean) => figure.rows.filter((row) => row.values[1].significant === flag).map((row) => row.code);
    expect(notSignificant.map((item) => ariaFields(item.attributes['aria-label']).item)).toEqual(codesWhere(false));
    expect(significant.map((item) => ariaFields(item.attributes['aria-label']).item)).toEqual(codesWhere(true));
    expect(notSignificant.map((item) => item.text)).toEqual(['+8,4 pp n.s.', '+37,5 pp n.s.']);
    expect(significant.map((item) => item.text)).toEqual(['+55,0 pp*']);
    for (const item of notSignificant) expect(item.attributes).toMatchObject({ fill: NOT_SIGNIFICANT_COLOUR, 'font-weight': 'normal' });
    for (const item of significant) expect(item.attributes).toMatchObject({ fill: SIGNIFICANT_COLOUR, 'font-weight': 'bold' });
    const texts = svgTexts(svg);
    expect(texts.filter((text) => text.endsWith('n.s.'))).toHaveLength(codesWhere(false).length);
  });

  it('marks small bases beside the share and explains whiskers, "*", "n.s." and the mark below the chart', async () => {
    const figure = intervalFigureFixture();
    const { svg } = await renderer.render(figureChartSpec(figure, labels, { ci: true, minBase: 10 }));
    const texts = svgTexts(svg);
    expect(texts).toContain('87,5 % °');
    expect(texts).toContain('69,0 %');
    const all = texts.join(' ');
    expect(all).toContain('Striche: 95-%-Konfidenzintervall des Anteils (Wilson).');
    expect(all).toContain('n.s.: nicht signifikant');
    expect(all).toContain('° geringe Fallzahl: weniger als 10 Antworten in der Basis des Anteils.');
    expect(intervalNotes({ ...figure, rows: figure.rows.slice(0, 2) }, { ci: true }, true).join(' ')).not.toContain('geringe Fallzahl');
  });

  it('says under the chart when begun responses were counted too (the printed report counts completed ones)', async () => {
    const figure = intervalFigureFixture();
    const completed = svgTexts((await renderer.render(figureChartSpec(figure, labels))).svg).join(' ');
    const partial = svgTexts((await renderer.render(figureChartSpec({ ...figure, include: 'partial' }, labels))).svg).join(' ');
    expect(completed).not.toContain('auch der nicht abgeschlossenen');
    expect(partial).toContain('auch der nicht abgeschlossenen');
  });

  it('without ?ci draws no whiskers but still marks significance and small bases (every change and share carries them)', async () => {
    const figure = intervalFigureFixture();
    const { svg } = await renderer.render(figureChartSpec(figure, labels));
    expect(svgMarkItems(svg, 'ci-whisker')).toEqual([]);
    expect(svgTexts(svg).some((text) => text.includes('n.s.'))).toBe(true);
    expect(svgTexts(svg).some((text) => text.includes('°'))).toBe(true);
    expect(svgTexts(svg).join(' ')).not.toContain('Striche');
    const legacy = deltaFigureFixture();
    expect(JSON.stringify(figureChartSpec(legacy, labels, {}))).toBe(JSON.stringify(figureChartSpec(legacy, labels)));
  });
});
