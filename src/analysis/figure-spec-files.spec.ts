import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFigureSpecs } from './figure-spec-files';

const figure = { id: 'f1', number: 1, title: 'T', question: 'q', statistic: 'yes', items: ['a'], waves: ['w1'], delta: false, notes: [] };

describe('loadFigureSpecs', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'figure-specs-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function write(surveyId: string, content: string): void {
    mkdirSync(join(dir, surveyId), { recursive: true });
    writeFileSync(join(dir, surveyId, 'figures.json'), content);
  }

  it('reads the figures.json of every survey folder and skips folders without one', () => {
    write('eins', JSON.stringify({ surveyId: 'eins', figures: [figure] }));
    mkdirSync(join(dir, 'zwei'));
    writeFileSync(join(dir, 'notes.txt'), 'not a survey');
    const specs = loadFigureSpecs(dir);
    expect([...specs.keys()]).toEqual(['eins']);
    expect(specs.get('eins')?.figures.map((spec) => spec.id)).toEqual(['f1']);
  });

  it('has no figures when the folder does not exist', () => {
    expect(loadFigureSpecs(join(dir, 'missing')).size).toBe(0);
  });

  it('fails with the file name when a file is no JSON', () => {
    write('eins', '{ "surveyId": ');
    expect(() => loadFigureSpecs(dir)).toThrow(
      new RegExp(`^Invalid figure specification ${join(dir, 'eins', 'figures.json')}:\\n  not valid JSON`),
    );
  });

  it('fails with the path of each problem when a file is malformed', () => {
    write('eins', JSON.stringify({ surveyId: 'eins', figures: [{ ...figure, statistic: 'median', waves: [] }] }));
    expect(() => loadFigureSpecs(dir)).toThrow(
      /figures\[0\]\.statistic: must be one of topBox, yes, choice\n {2}figures\[0\]\.waves: must be a non-empty array of codes/,
    );
  });
});
