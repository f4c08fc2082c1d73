import { RequestException } from './app.exception';
import { findBodyProblem, isStorableText, MAX_BODY_DEPTH, SafeBodyPipe } from './input-guards';

describe('isStorableText', () => {
  it.each([
    ['plain', true],
    ['Umlaute äöü ß and emoji 🧪', true],
    ['right-to-left \u202e mark', true],
    ['nul \u0000 inside', false],
    ['lone high surrogate \ud800', false],
    ['lone low surrogate \udc00', false],
  ])('%j → %s', (text, storable) => {
    expect(isStorableText(text)).toBe(storable);
  });
});

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
};

describe('findBodyProblem', () => {
  it.each([[{ answers: { a: { b: ['x', 1, null] } }, complete: true }], [nested(MAX_BODY_DEPTH)], ['just a string']])(
    'accepts %j',
    (body) => {
      expect(findBodyProblem(body)).toBeUndefined();
    },
  );

  it.each([
    [{ answers: { zentrum: 'a\u0000b' } }, 'answers.zentrum', /NUL/],
    [{ answers: { matrix: { ['\u0000']: 1 } } }, 'answers.matrix', /property names/],
    [{ list: ['ok', '\ud800'] }, 'list.1', /unpaired/],
    ['\udfff', '(body)', /unpaired/],
    [JSON.parse('{"answers":{"__proto__":{"x":1}}}'), 'answers', /"__proto__"/],
    [{ answers: { prototype: null } }, 'answers', /"prototype"/],
    // Found by the hostile-input property test (seed 247480937): class-transformer dropped these keys without a word.
    [JSON.parse('{"answers":{"toString":"constructor"}}'), 'answers', /"toString"/],
    [{ answers: { rolle: 'x', valueOf: 1 } }, 'answers', /"valueOf"/],
    [{ answers: { chancen: { hasOwnProperty: 4 } } }, 'answers.chancen', /"hasOwnProperty"/],
    [nested(MAX_BODY_DEPTH + 1), expect.stringMatching(/^a(\.a)+$/), /nesting/],
  ])('refuses %j at %s', (body, path, message) => {
    expect(findBodyProblem(body)).toEqual({ path, message: expect.stringMatching(message) });
  });

  it('survives 100,000 levels without exhausting the stack', () => {
    expect(findBodyProblem(nested(100_000))?.message).toMatch(/nesting/);
  });
});

describe('SafeBodyPipe', () => {
  const pipe = new SafeBodyPipe();

  it('throws a 422 exception for a bad body and leaves other arguments alone', () => {
    expect(() => pipe.transform({ a: '\u0000' }, { type: 'body' })).toThrow(RequestException);
    expect(pipe.transform('a\u0000', { type: 'param' })).toBe('a\u0000');
  });
});
