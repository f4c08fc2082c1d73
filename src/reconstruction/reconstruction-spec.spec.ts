import { generateAnswers, generatePartialAnswers, ReconstructedWave } from './reconstruction-spec';

const level = (_: string, key: string) => (key === 'na' ? 'na' : /^\d+$/.test(key) ? Number(key) : key);

describe('generateAnswers', () => {
  const wave: ReconstructedWave = {
    code: 'w',
    title: 'W',
    version: '1',
    completed: 5,
    answers: {
      rating: { respondents: 4, items: { a: { '1': 1, '2': 2, na: 1 }, b: { '2': 2 } } },
      choice: { respondents: 5, items: { choice: { x: 3, y: 1, na: 1 } } },
      note: { texts: ['eins', 'zwei'] },
    },
  };
  const responses = generateAnswers(wave, level);

  it('gives every level exactly its count', () => {
    const a = responses
      .map((response) => (response.rating as Record<string, unknown> | undefined)?.a)
      .filter((value) => value !== undefined);
    expect(a.sort()).toEqual([1, 2, 2, 'na']);
    const choices = responses.map((response) => response.choice);
    expect(choices).toEqual(['x', 'x', 'x', 'y', 'na']);
  });

  it('lets exactly `respondents` responses answer a question', () => {
    expect(responses.filter((response) => response.rating !== undefined)).toHaveLength(4);
    expect(responses[4].rating).toBeUndefined();
  });

  it('places texts on the first responses', () => {
    expect(responses.map((response) => response.note)).toEqual(['eins', 'zwei', undefined, undefined, undefined]);
  });

  it('refuses an item with more answers than respondents', () => {
    expect(() => generateAnswers({ ...wave, answers: { rating: { respondents: 1, items: { a: { '1': 2 } } } } }, level)).toThrow(
      /2 answers but 1 respondents/,
    );
  });

  it('makes partial responses from the first answers', () => {
    expect(generatePartialAnswers([{ a: 1, b: 2, c: 3 }], 1)).toEqual([{ a: 1, b: 2 }]);
  });
});
