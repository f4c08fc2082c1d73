import { SaxesParser } from 'saxes';

/** Parses the SVG strictly (throws on anything not well-formed) and returns the text of every <text>, lines joined by spaces. */
export function svgTexts(svg: string): string[] {
  const parser = new SaxesParser();
  const texts: string[] = [];
  let current: string[] | null = null;
  let root: string | undefined;
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    root ??= tag.name;
    if (tag.name === 'text') current = [];
  });
  parser.on('text', (text) => current?.push(text));
  parser.on('closetag', (tag) => {
    if (tag.name === 'tspan') current?.push(' ');
    if (tag.name === 'text' && current) {
      texts.push(current.join('').replace(/\s+/g, ' ').trim());
      current = null;
    }
  });
  parser.write(svg).close();
  expect(root).toBe('svg');
  return texts;
}
