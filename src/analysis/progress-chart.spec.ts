import { accessibleSvg, progressChartSpec, tickDays } from './progress-chart';
import { nextDay } from './progress-series';

describe('accessibleSvg', () => {
  it.each([
    [
      'plain root',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10"><g/></svg>',
      'Fortschritt',
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" role="img" aria-label="Fortschritt"><title>Fortschritt</title><g/></svg>',
    ],
    [
      'vega’s role and aria attributes replaced, text escaped',
      '<?xml version="1.0"?><svg class="marks" role="graphics-document" aria-roledescription="visualization" width="1"><g/></svg>',
      'A & B <"x">',
      '<?xml version="1.0"?><svg class="marks" width="1" role="img" aria-label="A &amp; B &lt;&quot;x&quot;&gt;"><title>A &amp; B &lt;&quot;x&quot;&gt;</title><g/></svg>',
    ],
  ])('%s', (_, svg, label, expected) => {
    expect(accessibleSvg(svg, label)).toBe(expected);
  });

  it('refuses text that is no SVG', () => {
    expect(() => accessibleSvg('<html></html>', 'x')).toThrow('Not an SVG');
  });
});

describe('progressChartSpec', () => {
  it('has one point per day and series, cumulative', () => {
    const spec = progressChartSpec({
      title: 'T',
      subtitle: 'S',
      days: [
        { day: '2025-07-27', started: 2, completed: 1, startedTotal: 2, completedTotal: 1 },
        { day: '2025-07-28', started: 0, completed: 1, startedTotal: 2, completedTotal: 2 },
      ],
    }) as { data: { values: unknown[] } };
    expect(spec.data.values).toEqual([
      { date: '2025-07-27', series: 'begonnen', count: 2 },
      { date: '2025-07-27', series: 'abgeschlossen', count: 1 },
      { date: '2025-07-28', series: 'begonnen', count: 2 },
      { date: '2025-07-28', series: 'abgeschlossen', count: 2 },
    ]);
  });

  it('says "Noch keine Daten" without days', () => {
    expect(JSON.stringify(progressChartSpec({ title: 'T', subtitle: 'S', days: [] }))).toContain('Noch keine Daten');
  });
});

describe('tickDays', () => {
  const days = (first: string, count: number) => {
    const list = [first];
    while (list.length < count) list.push(nextDay(list[list.length - 1]));
    return list;
  };
  const iso = (ticks: number[]) => ticks.map((tick) => new Date(tick).toISOString().slice(0, 10));
  it.each([
    [days('2025-07-01', 1), ['2025-07-01']],
    [days('2025-07-01', 3), ['2025-07-01', '2025-07-02', '2025-07-03']],
    [days('2025-07-01', 12).length, 12],
    [days('2025-07-01', 13).length, 7],
    [days('2025-07-01', 90).length, 12],
  ] as Array<[string[] | number, string[] | number]>)('%j → %j', (input, expected) => {
    const list = typeof input === 'number' ? days('2025-07-01', input) : input;
    const ticks = iso(tickDays(list));
    if (typeof expected === 'number') {
      expect(ticks.length).toBeLessThanOrEqual(12);
      expect(ticks).toHaveLength(expected);
      expect(ticks[ticks.length - 1]).toBe(list[list.length - 1]);
    } else {
      expect(ticks).toEqual(expected);
    }
  });
});
