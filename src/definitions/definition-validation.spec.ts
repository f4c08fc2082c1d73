import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefinitionProblem, formatProblem, validateDefinition } from './definition-validation';

const root = join(__dirname, '..', '..');
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(root, ...path), 'utf8'));

/** The conventions' example: page 0 holds chancen (matrix), transfer (yes/no), reifegrad (choice), transfer_sonstiges (comment). */
type Element = Record<string, unknown> & {
  rows: Array<Record<string, unknown>>;
  columns: Array<Record<string, unknown>>;
  choices: Array<Record<string, unknown>>;
};
type Example = Record<string, unknown> & { pages: Array<Record<string, unknown> & { elements: Element[] }> };
const example = (): Example => readJson('test', 'fixtures', 'definition-example.json');
const elements = (definition: Example) => definition.pages[0].elements;
const [CHANCEN, TRANSFER, REIFEGRAD, SONSTIGES] = [0, 1, 2, 3];
const q = (index: number) => `pages[0].elements[${index}]`;

describe('validateDefinition', () => {
  it.each([
    ['survey-definitions/ki-mittelstand/2019.json'],
    ['survey-definitions/ki-mittelstand/2021.json'],
    ['survey-definitions/ki-mittelstand/2023.json'],
    ['test/fixtures/definition-example.json'],
  ])('accepts %s', (file) => {
    expect(validateDefinition(readJson(file))).toEqual([]);
  });

  it('accepts panels, html, localized titles and standard SurveyJS logic', () => {
    const definition = example();
    const [chancen, ...rest] = elements(definition);
    chancen.visibleIf = "{reifegrad} <> 'nicht_gestartet'";
    chancen.title = { de: 'Chancen', en: 'Opportunities' };
    chancen.isAllRowRequired = true;
    definition.pages[0].elements = [
      { type: 'html', name: 'intro', html: '<p>Willkommen</p>' } as unknown as Element,
      { type: 'panel', name: 'block', title: 'Block', elements: [chancen] } as unknown as Element,
      ...rest,
    ];
    expect(validateDefinition(definition)).toEqual([]);
  });

  /** Each rule with a definition that breaks it and the problems it must give (usually exactly one). */
  const cases: Array<[string, (definition: Example) => unknown, DefinitionProblem | DefinitionProblem[]]> = [
    ['not an object', () => [], { path: '', message: expect.stringContaining('JSON object') }],
    [
      'no pages',
      (definition) => ({ title: definition.title, elements: elements(definition) }),
      { path: 'pages', message: expect.stringContaining('"pages"') },
    ],
    ['empty pages', (definition) => ({ ...definition, pages: [] }), { path: 'pages', message: expect.stringContaining('non-empty') }],
    [
      'an unknown property',
      (definition) => ((elements(definition)[CHANCEN].columnz = []), definition),
      { path: `${q(CHANCEN)}.columnz`, message: 'Unknown SurveyJS property "columnz"' },
    ],
    [
      'an unknown property of a scale level',
      (definition) => ((elements(definition)[CHANCEN].columns[2].score = 3), definition),
      { path: `${q(CHANCEN)}.columns[2].score`, message: 'Unknown SurveyJS property "score"' },
    ],
    [
      'an unknown property of the survey',
      (definition) => ({ ...definition, theme: 'dark' }),
      { path: 'theme', message: 'Unknown SurveyJS property "theme"' },
    ],
    [
      'topBox on a question other than a matrix',
      (definition) => ((elements(definition)[REIFEGRAD].topBox = 1), definition),
      { path: `${q(REIFEGRAD)}.topBox`, message: 'Unknown SurveyJS property "topBox"' },
    ],
    [
      'an unknown question type',
      (definition) => ((elements(definition)[SONSTIGES].type = 'essay'), definition),
      { path: `${q(SONSTIGES)}.type`, message: expect.stringMatching(/^Unknown question type "essay"/) },
    ],
    [
      'a SurveyJS type the conventions do not support (checkbox)',
      (definition) => ((elements(definition)[REIFEGRAD].type = 'checkbox'), definition),
      {
        path: `${q(REIFEGRAD)}.type`,
        message: expect.stringMatching(/^Question type "checkbox" is not supported by the definition conventions/),
      },
    ],
    [
      'a SurveyJS type the conventions do not support (matrixdropdown)',
      (definition) => ((elements(definition)[CHANCEN].type = 'matrixdropdown'), definition),
      { path: `${q(CHANCEN)}.type`, message: expect.stringContaining('not supported') },
    ],
    [
      'duplicate question codes',
      (definition) => ((elements(definition)[SONSTIGES].name = 'chancen'), definition),
      { path: `${q(SONSTIGES)}.name`, message: `Duplicate question code "chancen" (also at ${q(CHANCEN)}.name)` },
    ],
    [
      'duplicate item codes in a matrix',
      (definition) => ((elements(definition)[CHANCEN].rows[1].value = 'prozesseffizienz'), definition),
      { path: `${q(CHANCEN)}.rows[1].value`, message: expect.stringContaining('Duplicate item code "prozesseffizienz"') },
    ],
    [
      'duplicate choice codes',
      (definition) => ((elements(definition)[REIFEGRAD].choices[1].value = 'nicht_gestartet'), definition),
      { path: `${q(REIFEGRAD)}.choices[1].value`, message: expect.stringContaining('Duplicate choice code "nicht_gestartet"') },
    ],
    [
      'a question code with capitals',
      (definition) => ((elements(definition)[CHANCEN].name = 'Chancen'), definition),
      { path: `${q(CHANCEN)}.name`, message: expect.stringContaining('"Chancen" must match') },
    ],
    [
      'a question without a code',
      (definition) => (delete elements(definition)[SONSTIGES].name, definition),
      [
        { path: `${q(SONSTIGES)}.name`, message: expect.stringContaining('undefined must match') },
        { path: q(SONSTIGES), message: "SurveyJS: The property 'name' is required in class 'comment'." },
      ],
    ],
    [
      'an item code with a hyphen',
      (definition) => ((elements(definition)[CHANCEN].rows[0].value = 'prozess-effizienz'), definition),
      { path: `${q(CHANCEN)}.rows[0].value`, message: expect.stringContaining('"prozess-effizienz" must be a string matching') },
    ],
    [
      'a numeric choice code',
      (definition) => ((elements(definition)[REIFEGRAD].choices[0].value = 1), definition),
      { path: `${q(REIFEGRAD)}.choices[0].value`, message: expect.stringContaining('1 must be a string matching') },
    ],
    [
      'a scale that does not start at 1',
      (definition) => (
        elements(definition)[CHANCEN].columns.forEach((column) => typeof column.value === 'number' && (column.value += 1)),
        definition
      ),
      { path: `${q(CHANCEN)}.columns`, message: expect.stringContaining('found 2, 3, 4, 5') },
    ],
    [
      'a scale in descending order',
      (definition) => {
        const columns = elements(definition)[CHANCEN].columns;
        elements(definition)[CHANCEN].columns = [...columns.slice(0, 4).reverse(), columns[4]];
        return definition;
      },
      { path: `${q(CHANCEN)}.columns`, message: expect.stringContaining('found 4, 3, 2, 1') },
    ],
    [
      'a scale with a gap',
      (definition) => ((elements(definition)[CHANCEN].columns[2].value = 7), definition),
      { path: `${q(CHANCEN)}.columns`, message: expect.stringContaining('found 1, 2, 7, 4') },
    ],
    [
      'a scale with a single level',
      (definition) => (
        (elements(definition)[CHANCEN].columns = [
          { value: 1, text: 'ja' },
          { value: 'na', text: 'keine Angabe' },
        ]),
        definition
      ),
      { path: `${q(CHANCEN)}.columns`, message: expect.stringContaining('found 1') },
    ],
    [
      'string level values',
      (definition) => ((elements(definition)[CHANCEN].columns[0].value = '1'), definition),
      { path: `${q(CHANCEN)}.columns[0].value`, message: 'A column value must be an integer level or "na", not "1"' },
    ],
    [
      'a scale without "na"',
      (definition) => (elements(definition)[CHANCEN].columns.pop(), definition),
      { path: `${q(CHANCEN)}.columns`, message: expect.stringMatching(/exactly one "na" column .*; found 0/) },
    ],
    [
      'a scale with two "na" columns',
      (definition) => (elements(definition)[CHANCEN].columns.push({ value: 'na', text: 'weiß nicht' }), definition),
      [
        { path: `${q(CHANCEN)}.columns[4].value`, message: 'The "na" column must be the last column' },
        { path: `${q(CHANCEN)}.columns`, message: expect.stringMatching(/exactly one "na" column .*; found 2$/) },
      ],
    ],
    [
      '"na" before the levels',
      (definition) => (
        elements(definition)[CHANCEN].columns.unshift(elements(definition)[CHANCEN].columns.pop() as Record<string, unknown>),
        definition
      ),
      { path: `${q(CHANCEN)}.columns[0].value`, message: 'The "na" column must be the last column' },
    ],
    [
      'a top box as large as the scale',
      (definition) => ((elements(definition)[CHANCEN].topBox = 4), definition),
      { path: `${q(CHANCEN)}.topBox`, message: 'topBox must be an integer from 1 to 3 for a scale of 4 levels, not 4' },
    ],
    [
      'a top box of 0',
      (definition) => ((elements(definition)[CHANCEN].topBox = 0), definition),
      { path: `${q(CHANCEN)}.topBox`, message: expect.stringContaining('not 0') },
    ],
    [
      'a fractional top box',
      (definition) => ((elements(definition)[CHANCEN].topBox = 1.5), definition),
      { path: `${q(CHANCEN)}.topBox`, message: expect.stringContaining('not 1.5') },
    ],
    [
      'the default top box on a two-level rating scale',
      (definition) => {
        const chancen = elements(definition)[CHANCEN];
        delete chancen.topBox;
        chancen.columns = [
          { value: 1, text: 'nein' },
          { value: 2, text: 'ja' },
          { value: 'na', text: 'keine Angabe' },
        ];
        return definition;
      },
      { path: `${q(CHANCEN)}.topBox`, message: expect.stringContaining('not the default 2') },
    ],
    [
      'a yes/no matrix without topBox 1',
      (definition) => (delete elements(definition)[TRANSFER].topBox, definition),
      { path: `${q(TRANSFER)}.topBox`, message: expect.stringContaining('must set topBox to 1') },
    ],
    [
      'a matrix without items',
      (definition) => ((elements(definition)[CHANCEN].rows = []), definition),
      { path: `${q(CHANCEN)}.rows`, message: expect.stringContaining('non-empty "rows"') },
    ],
    [
      '"na" before other choices',
      (definition) => (
        elements(definition)[REIFEGRAD].choices.unshift(elements(definition)[REIFEGRAD].choices.pop() as Record<string, unknown>),
        definition
      ),
      { path: `${q(REIFEGRAD)}.choices[0].value`, message: 'The "na" choice must be the last choice' },
    ],
    [
      'a single choice with "na" only',
      (definition) => ((elements(definition)[REIFEGRAD].choices = [{ value: 'na', text: 'keine Angabe' }]), definition),
      { path: `${q(REIFEGRAD)}.choices`, message: expect.stringContaining('at least one choice besides "na"') },
    ],
    [
      'an "other" option outside the declared choices',
      (definition) => ((elements(definition)[REIFEGRAD].showOtherItem = true), definition),
      { path: `${q(REIFEGRAD)}.showOtherItem`, message: expect.stringContaining('outside the declared choices') },
    ],
    [
      'a question without a title',
      (definition) => (delete elements(definition)[SONSTIGES].title, definition),
      { path: `${q(SONSTIGES)}.title`, message: 'The question needs a German title' },
    ],
    [
      'a question with an English title only',
      (definition) => ((elements(definition)[CHANCEN].title = { en: 'Opportunities' }), definition),
      { path: `${q(CHANCEN)}.title`, message: 'The question needs a German title' },
    ],
    [
      'an item with an empty title',
      (definition) => ((elements(definition)[CHANCEN].rows[1].text = '  '), definition),
      { path: `${q(CHANCEN)}.rows[1].text`, message: 'The item needs a German title' },
    ],
    [
      'an item given as a bare string',
      (definition) => ((elements(definition)[CHANCEN].rows[1] = 'werbung' as unknown as Record<string, unknown>), definition),
      { path: `${q(CHANCEN)}.rows[1]`, message: expect.stringContaining('"text" (its German title)') },
    ],
    [
      'a scale level without a label',
      (definition) => (delete elements(definition)[CHANCEN].columns[3].text, definition),
      { path: `${q(CHANCEN)}.columns[3].text`, message: 'The scale level needs a German label' },
    ],
    [
      'a choice without a label',
      (definition) => (delete elements(definition)[REIFEGRAD].choices[1].text, definition),
      { path: `${q(REIFEGRAD)}.choices[1].text`, message: 'The choice needs a German label' },
    ],
  ];

  it.each(cases)('refuses %s', (_, change, expected) => {
    expect(validateDefinition(change(example()))).toEqual(Array.isArray(expected) ? expected : [expected]);
  });

  it('reports every problem of a definition, each at its own path', () => {
    const definition = example();
    elements(definition)[CHANCEN].rows[1].value = 'prozesseffizienz';
    elements(definition)[REIFEGRAD].type = 'checkbox';
    elements(definition)[TRANSFER].topBox = 2;
    expect(validateDefinition(definition).map((problem) => problem.path)).toEqual([
      `${q(CHANCEN)}.rows[1].value`,
      `${q(TRANSFER)}.topBox`,
      `${q(REIFEGRAD)}.type`,
    ]);
  });

  it('finds questions inside panels, with their path', () => {
    const definition = example();
    const sonstiges = elements(definition)[SONSTIGES];
    sonstiges.name = 'transfer';
    definition.pages.push({ name: 'zwei', elements: [{ type: 'panel', name: 'block', elements: [sonstiges] } as unknown as Element] });
    definition.pages[0].elements.pop();
    expect(validateDefinition(definition)).toEqual([
      { path: 'pages[1].elements[0].elements[0].name', message: `Duplicate question code "transfer" (also at ${q(TRANSFER)}.name)` },
    ]);
  });

  it('formats a problem as one line with its path', () => {
    expect(formatProblem({ path: 'pages[0].elements[1].topBox', message: 'topBox must be 1' })).toBe(
      'pages[0].elements[1].topBox: topBox must be 1',
    );
    expect(formatProblem({ path: '', message: 'A definition must be a JSON object' })).toBe('(root): A definition must be a JSON object');
  });
});
