import { inlineSvg } from './inline-svg';

describe('inlineSvg', () => {
  const vega =
    '<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10" viewBox="0 0 10 10" role="graphics-document" aria-roledescription="visualization" aria-label="chart">' +
    '<defs><clipPath id="clip1"><rect/></clipPath></defs><g clip-path="url(#clip1)" role="graphics-object"><use href="#clip1"/><use xlink:href="#clip1"/></g></svg>';

  it('drops the prolog and the renderer’s ARIA and puts role="img" and the German name on the root', () => {
    const svg = inlineSvg(vega, 'Abbildung 3: „Chancen“ & mehr', 'fig-abb3');
    expect(svg).toMatch(
      /^<svg role="img" aria-label="Abbildung 3: „Chancen“ &amp; mehr" xmlns="http:\/\/www.w3.org\/2000\/svg" class="marks" width="10" height="10" viewBox="0 0 10 10">/,
    );
    expect(svg).not.toContain('<?xml');
    expect(svg).not.toContain('graphics-document');
  });

  it('prefixes ids and their references so that two charts on a page keep their own', () => {
    const svg = inlineSvg(vega, 'x', 'fig-abb3');
    expect(svg).toContain('<clipPath id="fig-abb3-clip1">');
    expect(svg).toContain('clip-path="url(#fig-abb3-clip1)"');
    expect(svg).toContain('<use href="#fig-abb3-clip1"/>');
    expect(svg).toContain('<use xlink:href="#fig-abb3-clip1"/>');
    expect(svg).not.toContain('graphics-object');
    expect(svg.match(/role=/g)).toHaveLength(1);
  });
});
