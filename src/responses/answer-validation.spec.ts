import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook } from '../definitions/codebook';
import { validateAnswers } from './answer-validation';
import { SurveyRules } from './survey-rules';

const content = JSON.parse(readFileSync(join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', '2023.json'), 'utf8'));
const definition = { hash: 'ki-mittelstand-2023', content, codebook: buildCodebook(content) };
const rules = new SurveyRules();

describe('validateAnswers (the respondent API and the import)', () => {
  it.each<[string, Record<string, unknown>, boolean, Array<{ path: string; message: RegExp }>]>([
    ['complete answers', { rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' } }, true, []],
    ['a required question missing on completion', { chancen: { werbung: 4 } }, true, [{ path: 'rolle', message: /Bitte beantworten/ }]],
    ['a required question missing while partial', { chancen: { werbung: 4 } }, false, []],
    [
      'an unknown question, even with null',
      { rolle: 'ki_trainer', rollen: null },
      false,
      [{ path: 'rollen', message: /Unbekannte Frage/ }],
    ],
    ['an unknown row, even with null', { chancen: { werbng: null } }, false, [{ path: 'chancen.werbng', message: /Unbekannte Zeile/ }]],
    [
      'a level outside the scale (shape first, no SurveyJS errors then)',
      { chancen: { werbung: 5 } },
      true,
      [{ path: 'chancen.werbung', message: /Ungültiger Wert 5/ }],
    ],
    ['unanswered values only (left out before SurveyJS sees them)', { rolle: 'ki_trainer', zentrum: '  ', chancen: {} }, true, []],
  ])('%s', (_, answers, complete, expected) => {
    expect(validateAnswers(rules, definition, answers, complete)).toEqual(
      expected.map(({ path, message }) => ({ path, message: expect.stringMatching(message) })),
    );
  });
});
