import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FigureSpecError, parseFigureSpecs } from './figure-spec';

const FILE = join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', 'figures.json');
const shipped = JSON.parse(readFileSync(FILE, 'utf8'));

const valid = {
  surveyId: 's',
  figures: [
    { id: 'f1', number: 1, title: 'Titel', question: 'q', statistic: 'topBox', items: ['a', 'b'], waves: ['w-1'], delta: false, notes: [] },
  ],
};

function problemsOf(raw: unknown, surveyId = 's'): string[] {
  try {
    parseFigureSpecs(raw, surveyId, 'figures.json');
  } catch (error) {
    if (error instanceof FigureSpecError) return error.problems;
    throw error;
  }
  return [];
}

function withFigure(patch: Record<string, unknown>): unknown {
  return { ...valid, figures: [{ ...valid.figures[0], ...patch }] };
}

describe('parseFigureSpecs', () => {
  it('reads the shipped figures of the first study', () => {
    const file = parseFigureSpecs(shipped, 'ki-mittelstand', FILE);
    expect(file.figures.map((figure) => figure.id)).toEqual(['abb3', 'abb4', 'abb5', 'abb6', 'abb7', 'abb8', 'abb9', 'abb10', 'abb11']);
    expect(file.source).toMatch(/^Quelle:/);
  });

  it('reads a minimal file; title, source and notes are optional', () => {
    const { notes, ...withoutNotes } = valid.figures[0];
    expect(notes).toEqual([]);
    expect(parseFigureSpecs({ ...valid, figures: [withoutNotes] }, 's', 'figures.json')).toEqual({
      surveyId: 's',
      title: null,
      source: null,
      figures: [{ ...valid.figures[0], notes: [] }],
    });
  });

  it.each([
    ['another survey id', { ...valid, surveyId: 'other' }, 'surveyId: must be "s" (the folder name), got "other"'],
    ['no figures', { ...valid, figures: [] }, 'figures: must be a non-empty array'],
    ['an unknown field', { ...valid, colour: 'red' }, 'colour: unknown field'],
    ['a figure id with a dot', withFigure({ id: 'abb3.svg' }), 'figures[0].id: must match /^[a-z0-9][a-z0-9_-]{0,99}$/ (no dots)'],
    ['an upper-case figure id', withFigure({ id: 'Abb3' }), 'figures[0].id: must match /^[a-z0-9][a-z0-9_-]{0,99}$/ (no dots)'],
    ['an item code that is no question code', withFigure({ items: ['a-b'] }), 'figures[0].items[0]: invalid code "a-b"'],
    ['a number that is no integer', withFigure({ number: 1.5 }), 'figures[0].number: must be a positive integer'],
    ['an unknown statistic', withFigure({ statistic: 'mean' }), 'figures[0].statistic: must be one of topBox, yes, choice'],
    ['no items', withFigure({ items: [] }), 'figures[0].items: must be a non-empty array of codes'],
    ['a duplicate item', withFigure({ items: ['a', 'a'] }), 'figures[0].items[1]: duplicate code "a"'],
    ['a wave code with a dot', withFigure({ waves: ['ki.2019'] }), 'figures[0].waves[0]: invalid code "ki.2019"'],
    ['delta as text', withFigure({ delta: 'yes' }), 'figures[0].delta: must be true or false'],
    ['an empty title', withFigure({ title: ' ' }), 'figures[0].title: must be a non-empty string'],
    ['a note that is no text', withFigure({ notes: [3] }), 'figures[0].notes: must be an array of non-empty strings'],
    ['a misspelt field', withFigure({ wave: ['w-1'] }), 'figures[0].wave: unknown field'],
    [
      'a duplicate figure id',
      { ...valid, figures: [valid.figures[0], { ...valid.figures[0], number: 2 }] },
      'figures[1].id: duplicate id "f1"',
    ],
  ])('refuses %s', (_, raw, problem) => {
    expect(problemsOf(raw)).toContain(problem);
  });

  it('lists every problem at once and names the file', () => {
    expect(() => parseFigureSpecs(withFigure({ number: 0, delta: null }), 's', '/defs/s/figures.json')).toThrow(
      /^Invalid figure specification \/defs\/s\/figures.json:\n {2}figures\[0\]\.number: .*\n {2}figures\[0\]\.delta: /,
    );
  });

  it('refuses a file that is no object', () => {
    expect(problemsOf([valid])).toEqual(['the file must contain a JSON object']);
  });
});
