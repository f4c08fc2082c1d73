import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allowedValues, buildCodebook } from './codebook';

const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'definition-example.json'), 'utf8'));

describe('buildCodebook', () => {
  const codebook = buildCodebook(example);
  const byCode = Object.fromEntries(codebook.questions.map((question) => [question.code, question]));

  it('reads a rating matrix: levels low to high, na apart, the upper two as top box', () => {
    expect(byCode.chancen).toMatchObject({
      kind: 'topBox',
      type: 'matrix',
      page: 'chancen_seite',
      scale: {
        levels: [
          { value: 1, label: 'trifft nicht zu' },
          { value: 2, label: 'trifft eher nicht zu' },
          { value: 3, label: 'trifft eher zu' },
          { value: 4, label: 'trifft zu' },
        ],
        noAnswerLabel: 'keine Angabe',
        topBox: 2,
        topValues: [3, 4],
      },
      items: [
        { code: 'prozesseffizienz', title: 'gesteigerte Prozesseffizienz' },
        { code: 'werbung', title: 'zielgenauere Werbung / Promotion' },
      ],
    });
  });

  it('reads a yes/no matrix with "ja" as its top box', () => {
    expect(byCode.transfer).toMatchObject({ kind: 'yes', scale: { topBox: 1, topValues: [1] } });
  });

  it('reads a single choice question as its own item', () => {
    expect(byCode.reifegrad).toMatchObject({
      kind: 'choice',
      choices: [
        { value: 'nicht_gestartet', label: 'Nicht gestartet' },
        { value: 'experimentierphase', label: 'Experimentierphase' },
      ],
      items: [{ code: 'reifegrad' }],
    });
  });

  it('keeps free text as a text question', () => {
    expect(byCode.transfer_sonstiges).toMatchObject({ kind: 'text', type: 'comment', items: [{ code: 'transfer_sonstiges' }] });
  });

  it('lists the values each question accepts', () => {
    expect(allowedValues(byCode.chancen)).toEqual(['1', '2', '3', '4', 'na']);
    expect(allowedValues(byCode.transfer)).toEqual(['0', '1', 'na']);
    expect(allowedValues(byCode.reifegrad)).toEqual(['nicht_gestartet', 'experimentierphase', 'na']);
    expect(allowedValues(byCode.transfer_sonstiges)).toBeUndefined();
  });

  it('numbers questions in questionnaire order', () => {
    expect(codebook.questions.map((question) => [question.code, question.position])).toEqual([
      ['chancen', 0],
      ['transfer', 1],
      ['reifegrad', 2],
      ['transfer_sonstiges', 3],
    ]);
  });
});
