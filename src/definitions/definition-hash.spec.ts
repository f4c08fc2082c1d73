import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson, definitionHash } from './definition-hash';

describe('canonicalJson', () => {
  it.each([
    ['sorts keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'sorts keys in nested objects and arrays',
      { z: [{ y: 1, x: 2 }], a: { d: null, c: true } },
      '{"a":{"c":true,"d":null},"z":[{"x":2,"y":1}]}',
    ],
    ['keeps the order of arrays', [3, 1, 2], '[3,1,2]'],
    ['escapes strings like JSON', { 'k"ey': 'Künstliche "Intelligenz"\n' }, '{"k\\"ey":"Künstliche \\"Intelligenz\\"\\n"}'],
    ['drops undefined properties', { a: undefined, b: 1 }, '{"b":1}'],
    ['writes numbers like JSON', { a: 1.0, b: -0.5, c: 1e21 }, '{"a":1,"b":-0.5,"c":1e+21}'],
  ])('%s', (_, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
    expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
  });
});

/** The 2023 definition with just the path to the chancen matrix typed. */
type Chancen = { pages: Array<{ elements: Array<{ rows: Array<{ text: string }>; columns: Array<{ value: unknown }>; topBox: number }> }> };

describe('definitionHash', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', '2023.json'), 'utf8');
  const definition = JSON.parse(text);

  it('is a sha256 in hex', () => {
    expect(definitionHash(definition)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not change with formatting or key order', () => {
    const reformatted = JSON.parse(JSON.stringify(definition));
    const reordered = Object.fromEntries(Object.entries(reformatted).reverse());
    expect(definitionHash(JSON.parse(JSON.stringify(reordered, null, 7)))).toBe(definitionHash(definition));
  });

  it.each([
    ['a reworded item', (copy: Chancen) => (copy.pages[1].elements[0].rows[0].text = 'gesteigerte Effizienz')],
    ['a changed level value', (copy: Chancen) => (copy.pages[1].elements[0].columns[0].value = 0)],
    ['reordered items', (copy: Chancen) => copy.pages[1].elements[0].rows.reverse()],
    ['a changed top box', (copy: Chancen) => (copy.pages[1].elements[0].topBox = 1)],
  ])('changes with %s', (_, change) => {
    const copy = JSON.parse(text);
    change(copy);
    expect(definitionHash(copy)).not.toBe(definitionHash(definition));
  });
});
