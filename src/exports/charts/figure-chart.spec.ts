import { choiceFigureFixture, deltaFigureFixture, figureFixture } from '../../../test/fixtures/analysis-results';
import { barLabel, deltaLabel, figureChartSpec, nLine, waveColours, wrapText } from './figure-chart';

describe('wrapText', () => {
  it.each([
    ['Texterstellung', 20, ['Texterstellung']],
    ['Verbesserung der ökologischen Nachhaltigkeit', 20, ['Verbesserung der', 'ökologischen', 'Nachhaltigkeit']],
    ['  viel   Platz  ', 40, ['viel Platz']],
    ['Donaudampfschifffahrtsgesellschaft ab', 10, ['Donaudampfschifffahrtsgesellschaft', 'ab']],
    ['', 10, ['']],
  ])('%j at %d characters is %j', (text, width, lines) => {
    expect(wrapText(text, width)).toEqual(lines);
  });
});

describe('waveColours', () => {
  it.each([1, 2, 3, 7])('gives %d distinct colours, the latest wave darkest', (count) => {
    const colours = waveColours(count);
    expect(colours).toHaveLength(count);
    expect(new Set(colours).size).toBe(count);
    expect(colours[count - 1]).toBe('#08519c');
  });
});

describe('bar and delta labels', () => {
  const untested = { ci: null, smallBase: false, deltaCi: null, pValue: null, test: null, significant: null };
  const asked = (share: number | null, deltaPp: number | null = null) => ({
    wave: 'w',
    asked: true,
    share,
    nBase: 10,
    deltaPp,
    ...untested,
  });
  const notAsked = { wave: 'w', asked: false, share: null, nBase: null, deltaPp: null, ...untested };

  it.each([
    [asked(88.7), '88,7 %'],
    [asked(0), '0,0 %'],
    [asked(null), '–'],
    [notAsked, 'nicht abgefragt'],
    [undefined, 'nicht abgefragt'],
  ])('barLabel(%j) is %s', (value, expected) => {
    expect(barLabel(value)).toBe(expected);
  });

  it.each([
    [asked(62.3, 12.3), asked(50), '+12,3 pp'],
    [asked(86, -4), asked(90), '−4,0 pp'],
    [asked(70), notAsked, 'neu'],
    [notAsked, asked(50), ''],
    [asked(null), asked(50), ''],
  ])('deltaLabel(%j, %j) is %j', (value, previous, expected) => {
    expect(deltaLabel(value, previous)).toBe(expected);
  });
});

describe('nLine', () => {
  const label = (wave: string) => wave.replace('ki-', '');

  it('names the N of every wave, "nicht abgefragt" where the wave did not ask', () => {
    const figure = {
      ...figureFixture(),
      n: [
        { wave: 'ki-2019', nReported: null },
        { wave: 'ki-2023', nReported: 54 },
      ],
    };
    expect(nLine(figure, label)).toBe('N = nicht abgefragt (2019), 54 (2023)');
  });

  it("gives a single wave's N alone", () => {
    expect(nLine({ ...figureFixture(), n: [{ wave: 'ki-2023', nReported: 52 }] }, label)).toBe('N = 52');
  });
});

describe('figureChartSpec', () => {
  const labels = new Map([
    ['ki-2019', '2019'],
    ['ki-2021', '2021'],
    ['ki-2023', '2023'],
  ]);
  type Datum = { item: string; wave: string; share: number | null; label: string; delta: string; asked: boolean };
  const dataOf = (spec: ReturnType<typeof figureChartSpec>): Datum[] => {
    const inner = (spec as unknown as { vconcat: Array<{ data: { values: Datum[] } }> }).vconcat[0];
    return inner.data.values;
  };

  it('has one bar per item and wave in the figure\'s orders, "nicht abgefragt" where not asked', () => {
    const spec = figureChartSpec(figureFixture(), labels);
    const data = dataOf(spec);
    expect(data.map((datum) => `${datum.item}/${datum.wave}`)).toEqual([
      'werbung/ki-2019',
      'werbung/ki-2021',
      'werbung/ki-2023',
      'personalaufwand/ki-2019',
      'personalaufwand/ki-2021',
      'personalaufwand/ki-2023',
      'nachhaltigkeit/ki-2019',
      'nachhaltigkeit/ki-2021',
      'nachhaltigkeit/ki-2023',
    ]);
    expect(data[6]).toMatchObject({ share: null, asked: false, label: 'nicht abgefragt' });
    expect(data[2]).toMatchObject({ share: 88.7, label: '88,7 %', delta: '' });
    const json = JSON.stringify(spec);
    expect(json).toContain('"sort":["werbung","personalaufwand","nachhaltigkeit"]');
    expect(json).toContain('"sort":["ki-2019","ki-2021","ki-2023"]');
    expect(json).toContain('N = 33 (2019), 48 (2021), 54 (2023)');
    expect(json).toContain('Hinweis: Ein Thema wurde 2019 bzw. 2021 nicht abgefragt');
  });

  it('shows only the latest wave with the change in a figure with a delta', () => {
    const spec = figureChartSpec(deltaFigureFixture(), labels);
    expect(dataOf(spec).map((datum) => [datum.item, datum.wave, datum.label, datum.delta])).toEqual([
      ['texterstellung', 'ki-2023', '62,3 %', '+12,3 pp n.s.'],
      ['wartung', 'ki-2023', '86,0 %', '−4,0 pp n.s.'],
    ]);
    expect(JSON.stringify(spec)).toContain('Veränderung 2023 gegenüber 2021 in Prozentpunkten');
  });

  it('has one bar per option and wave in a choice figure', () => {
    const data = dataOf(figureChartSpec(choiceFigureFixture(), labels));
    expect(data).toHaveLength(6);
    expect(data.filter((datum) => datum.item === 'gestaltungsphase').map((datum) => datum.label)).toEqual(['0,0 %', '0,0 %']);
  });
});
