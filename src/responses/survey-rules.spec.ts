import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook, Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import { createSurveyModel } from '../definitions/survey-model';
import { answerPattern, isStaticDefinition } from './answer-pattern';
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
    ['localized titles', { pages: [{ name: 'p', elements: [{ type: 'text', name: 't', title: { de: 'Frage', en: 'Question' } }] }] }, true],
  ])('tells a definition with %s apart', (_label, given, expected) => {
    expect(isStaticDefinition(given)).toBe(expected);
  });

  it('gives two responses that answer the same questions with other values each the verdict a fresh SurveyJS check gives', () => {
    for (const file of definitionFiles) {
      const json = readJson(file);
      const codebook = buildCodebook(json);
      const fresh = createSurveyModel(json);
      fresh.locale = 'de';
      fresh.checkErrorsMode = 'onComplete';
      // One instance for all runs: a key that took two different patterns for one would show here too.
      const rules = new SurveyRules();
      fc.assert(
        fc.property(samePatternPair(codebook), fc.boolean(), ([first, second], complete) => {
          expect(answerPattern(second, complete)).toBe(answerPattern(first, complete));
          expect(rules.check(file, json, first, complete)).toEqual(verdict(fresh, first, complete));
          // the second comes from the verdict kept for the first: it must still be SurveyJS's own
          expect(rules.check(file, json, second, complete)).toEqual(verdict(fresh, second, complete));
        }),
        { numRuns: 100 },
      );
    }
  });
});

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Two answer objects as the codebook check lets them through, answering the same questions and matrix rows (texts
 * both blank or both not) with values drawn independently: the same pattern, so the second reuses the first's verdict.
 */
function samePatternPair(codebook: Codebook): fc.Arbitrary<[Record<string, unknown>, Record<string, unknown>]> {
  /** Per question (or matrix row) what is answered: nothing, a level of the scale, "na", a choice, a blank or a real text. */
  type Kind = false | 'level' | 'na' | 'choice' | 'blank' | 'text';
  type Shape = Record<string, Kind | Record<string, Kind>>;
  const kindOf = (question: CodebookQuestion): fc.Arbitrary<Kind> =>
    question.scale
      ? fc.constantFrom<Kind>(false, 'level', 'na')
      : question.choices
        ? fc.constantFrom<Kind>(false, 'choice')
        : fc.constantFrom<Kind>(false, 'blank', 'text');
  const shapeOf = (question: CodebookQuestion): fc.Arbitrary<Shape[string]> =>
    question.type === 'matrix'
      ? fc.record(Object.fromEntries(question.items.map((item) => [item.code, kindOf(question)])), { noNullPrototype: true })
      : kindOf(question);
  const valueOf = (question: CodebookQuestion, kind: Exclude<Kind, false>): fc.Arbitrary<unknown> => {
    switch (kind) {
      case 'level':
        return fc.constantFrom<unknown>(...(question.scale?.levels.map((level) => level.value) ?? []));
      case 'na':
        return fc.constant<unknown>(NO_ANSWER);
      case 'choice':
        return fc.constantFrom<unknown>(
          ...(question.choices?.map((choice) => choice.value) ?? []),
          ...(question.noAnswerLabel ? [NO_ANSWER] : []),
        );
      case 'blank':
        return fc.constantFrom<unknown>('', '  ');
      case 'text':
        return fc.constantFrom<unknown>('Antwort', 'x', ' Text mit Rand ');
    }
  };
  const answersFor = (shape: Shape): fc.Arbitrary<Record<string, unknown>> => {
    const entries = codebook.questions.flatMap((question) => {
      const kind = shape[question.code];
      if (typeof kind === 'object') {
        const rows = question.items.flatMap((item) => {
          const row = kind[item.code];
          return row === false ? [] : [[item.code, valueOf(question, row)] as const];
        });
        return [[question.code, fc.record(Object.fromEntries(rows), { noNullPrototype: true })] as const];
      }
      return kind === false ? [] : [[question.code, valueOf(question, kind)] as const];
    });
    return fc.record(Object.fromEntries(entries), { noNullPrototype: true });
  };
  const shape = fc.record(Object.fromEntries(codebook.questions.map((question) => [question.code, shapeOf(question)])), {
    noNullPrototype: true,
  }) as fc.Arbitrary<Shape>;
  return shape.chain((given) => fc.tuple(answersFor(given), answersFor(given)));
}
