import { SurveyRules } from './survey-rules';

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
