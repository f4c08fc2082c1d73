import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook, Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import * as surveyModel from '../definitions/survey-model';
import { createSurveyModel } from '../definitions/survey-model';
import { isStaticDefinition, verdictKeyOf } from './answer-pattern';
import { SurveyRules, verdict } from './survey-rules';

const definition = {
  locale: 'de',
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'rolle', title: 'Rolle', isRequired: true, choices: ['a', 'b'] },
        { type: 'radiogroup', name: 'nutzt_ki', title: 'Nutzen Sie KI?', choices: ['ja', 'nein'] },
        { type: 'comment', name: 'wofuer', title: 'Wofür?', visibleIf: "{nutzt_ki} = 'ja'" },
      ],
    },
  ],
};

describe('SurveyRules', () => {
  const rules = new SurveyRules();
  const check = (answers: Record<string, unknown>, complete: boolean) => rules.check('hash', definition, answers, complete);

  it('requires required questions only on completion', () => {
    expect(check({}, false)).toEqual([]);
    expect(check({}, true)).toEqual([{ path: 'rolle', message: 'Bitte beantworten Sie diese Frage.' }]);
  });

  it('refuses an answer to a question its logic hides', () => {
    expect(check({ rolle: 'a', nutzt_ki: 'nein', wofuer: 'x' }, false)).toEqual([
      { path: 'wofuer', message: expect.stringContaining('ausgeblendet') },
    ]);
    expect(check({ rolle: 'a', nutzt_ki: 'ja', wofuer: 'x' }, true)).toEqual([]);
  });

  it('carries nothing from one check into the next (the model is reused)', () => {
    const sequence = [
      check({ rolle: 'a', nutzt_ki: 'ja', wofuer: 'x' }, true),
      check({}, true),
      check({ nutzt_ki: 'nein', wofuer: 'x' }, false),
      check({ rolle: 'b' }, true),
    ];
    expect(sequence.map((errors) => errors.map((error) => error.path))).toEqual([[], ['rolle'], ['wofuer'], []]);
  });
});

describe('SurveyRules and SurveyJS', () => {
  afterEach(() => jest.restoreAllMocks());

  it('checks a definition without logic without SurveyJS: no model is built, the verdict is the same', () => {
    const built = jest.spyOn(surveyModel, 'createSurveyModel');
    const rules = new SurveyRules();
    const check = (answers: Record<string, unknown>, complete: boolean) => rules.check('requirements', REQUIREMENTS, answers, complete);
    expect(check({}, false)).toEqual([]);
    expect(
      check({ rolle: 'a', anmerkung: 'x', zentrum: 'y', chancen: { werbung: 1 }, alle: { x: 1 }, beides: { r: 1, s: 2 } }, true),
    ).toEqual([
      { path: 'alle', message: 'Bitte beantworten Sie alle Fragen.' },
      { path: 'branche', message: 'Bitte wählen Sie eine Branche.' },
    ]);
    expect(built).not.toHaveBeenCalled();
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>, boolean, string[]]>([
    ['visibleIf', { type: 'comment', name: 'wofuer', visibleIf: "{rolle} = 'b'" }, { rolle: 'a', wofuer: 'x' }, false, ['wofuer']],
    ['requiredIf', { type: 'comment', name: 'wofuer', requiredIf: "{rolle} = 'b'" }, { rolle: 'b' }, true, ['wofuer']],
    [
      'validators',
      { type: 'text', name: 'wofuer', validators: [{ type: 'regex', regex: '^[0-9]+$', text: 'Nur Ziffern' }] },
      { rolle: 'a', wofuer: 'abc' },
      true,
      ['wofuer'],
    ],
    ['enableIf', { type: 'comment', name: 'wofuer', enableIf: "{rolle} = 'b'", isRequired: true }, { rolle: 'b' }, true, ['wofuer']],
  ])('still checks a definition with %s through SurveyJS', (_logic, element, answers, complete, paths) => {
    const json = {
      locale: 'de',
      pages: [{ name: 'p', elements: [{ type: 'radiogroup', name: 'rolle', choices: ['a', 'b'] }, element] }],
    };
    const built = jest.spyOn(surveyModel, 'createSurveyModel');
    const errors = new SurveyRules().check('logic', json, answers, complete);
    expect(built).toHaveBeenCalledTimes(1);
    expect(errors.map((error) => error.path)).toEqual(paths);
  });
});

const DEFINITIONS_DIR = join(__dirname, '..', '..', 'survey-definitions');

describe('SurveyRules reusing verdicts of static definitions', () => {
  const definitionFiles = readdirSync(DEFINITIONS_DIR).flatMap((survey) =>
    readdirSync(join(DEFINITIONS_DIR, survey))
      .filter((file) => /^\d[\w.-]*\.json$/.test(file))
      .map((file) => join(DEFINITIONS_DIR, survey, file)),
  );

  it('finds the definitions of survey-definitions/ (all of them without logic today)', () => {
    expect(definitionFiles.length).toBeGreaterThanOrEqual(3);
    for (const file of definitionFiles) expect([file, isStaticDefinition(readJson(file))]).toEqual([file, true]);
  });

  it.each([
    ['a visibleIf', definition, false],
    ['a validator', { pages: [{ name: 'p', elements: [{ type: 'text', name: 't', validators: [{ type: 'numeric' }] }] }] }, false],
    ['a number input', { pages: [{ name: 'p', elements: [{ type: 'text', name: 't', inputType: 'number', min: 0 }] }] }, false],
    ['a checkbox (not on the list)', { pages: [{ name: 'p', elements: [{ type: 'checkbox', name: 'c', choices: ['a'] }] }] }, false],
    ['a trigger', { triggers: [{ type: 'complete', expression: '{a} = 1' }], pages: [] }, false],
    [
      'a required panel (one answer among its questions)',
      { pages: [{ name: 'p', elements: [{ type: 'panel', name: 'g', isRequired: true, elements: [{ type: 'text', name: 't' }] }] }] },
      false,
    ],
    ['localized titles', { pages: [{ name: 'p', elements: [{ type: 'text', name: 't', title: { de: 'Frage', en: 'Question' } }] }] }, true],
  ])('tells a definition with %s apart', (_label, given, expected) => {
    expect(isStaticDefinition(given)).toBe(expected);
  });

  it('gives every generated response the verdict a fresh SurveyJS check gives, most of them reused', () => {
    const definitions = [
      ...definitionFiles.map((file) => ({ name: file, json: readJson(file) })),
      { name: 'requirements', json: REQUIREMENTS },
      { name: 'localized-error-text', json: LOCALIZED_ERROR_TEXT },
    ];
    for (const { name, json } of definitions) {
      const codebook = buildCodebook(json);
      const fresh = createSurveyModel(json);
      fresh.locale = 'de';
      fresh.checkErrorsMode = 'onComplete';
      // One instance for all runs: a verdict kept for one response is given to the next with the same key.
      const rules = new SurveyRules();
      const keyOf = verdictKeyOf(json) as (answers: Record<string, unknown>, complete: boolean) => string;
      const keys = new Set<string>();
      let runs = 0;
      fc.assert(
        fc.property(answersOf(codebook), fc.boolean(), (answers, complete) => {
          runs += 1;
          keys.add(keyOf(answers, complete));
          expect(rules.check(name, json, answers, complete)).toEqual(verdict(fresh, answers, complete));
        }),
        { numRuns: 200 },
      );
      expect(keys.size).toBeLessThan(runs / 2);
    }
  });
});

/** Every kind of requirement a static definition can have, to hold the key against SurveyJS. */
const REQUIREMENTS = {
  locale: 'de',
  pages: [
    {
      name: 'p',
      elements: [
        { type: 'radiogroup', name: 'rolle', isRequired: true, choices: ['a', 'b'] },
        { type: 'comment', name: 'anmerkung', isRequired: true },
        { type: 'text', name: 'zentrum', isRequired: true },
        { type: 'matrix', name: 'chancen', isRequired: true, columns: [1, 2, 3, 4, 'na'], rows: ['werbung', 'logistik'] },
        {
          type: 'matrix',
          name: 'alle',
          isAllRowRequired: true,
          columns: [1, 2, 'na'],
          rows: [
            { value: 'x', text: 'X' },
            { value: 'y', text: 'Y' },
          ],
        },
        { type: 'radiogroup', name: 'frei', choices: ['a', 'b'] },
        { type: 'matrix', name: 'optional', columns: [1, 2], rows: ['u', 'v'] },
        { type: 'matrix', name: 'beides', isRequired: true, isAllRowRequired: true, columns: [1, 2], rows: ['r', 's'] },
        { type: 'dropdown', name: 'branche', isRequired: true, requiredErrorText: 'Bitte wählen Sie eine Branche.', choices: ['x', 'y'] },
      ],
    },
  ],
};

/** A static definition whose error text is given per locale: SurveyJS picks the text (once per pattern). */
const LOCALIZED_ERROR_TEXT = {
  locale: 'de',
  pages: [
    {
      name: 'p',
      elements: [
        {
          type: 'radiogroup',
          name: 'rolle',
          isRequired: true,
          requiredErrorText: { de: 'Rolle fehlt.', en: 'Role missing.' },
          choices: ['a'],
        },
        { type: 'text', name: 'zentrum', isRequired: true },
      ],
    },
  ],
};

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** Answers as the codebook check lets them through: any subset of questions and rows, any allowed value, texts blank or not. */
function answersOf(codebook: Codebook): fc.Arbitrary<Record<string, unknown>> {
  const valueOf = (question: CodebookQuestion): fc.Arbitrary<unknown> => {
    if (question.scale) return fc.constantFrom<unknown>(...question.scale.levels.map((level) => level.value), NO_ANSWER);
    if (question.choices) {
      return fc.constantFrom<unknown>(...question.choices.map((choice) => choice.value), ...(question.noAnswerLabel ? [NO_ANSWER] : []));
    }
    return fc.constantFrom<unknown>('Antwort', '', '  ', 'x');
  };
  const entries = codebook.questions.map((question) => {
    const value =
      question.type === 'matrix'
        ? fc.record(Object.fromEntries(question.items.map((item) => [item.code, valueOf(question)])), {
            requiredKeys: [],
            noNullPrototype: true,
          })
        : valueOf(question);
    return [question.code, value] as const;
  });
  return fc.record(Object.fromEntries(entries), { requiredKeys: [], noNullPrototype: true });
}
