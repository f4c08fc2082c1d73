import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook } from './codebook';
import { DefinitionDiff, diffDefinitions, diffRows, formatDiffTable } from './definition-diff';

const real = (version: string) =>
  buildCodebook(JSON.parse(readFileSync(join(__dirname, '..', '..', 'survey-definitions', 'ki-mittelstand', `${version}.json`), 'utf8')));

type Json = Record<string, unknown>;
const agree4 = ['trifft nicht zu', 'trifft eher nicht zu', 'trifft eher zu', 'trifft zu'];
const matrix = (name: string, rows: Array<[string, string]>, levels = agree4, extra: Json = {}): Json => ({
  type: 'matrix',
  name,
  title: `Frage ${name}`,
  topBox: 2,
  columns: [...levels.map((text, index) => ({ value: index + 1, text })), { value: 'na', text: 'keine Angabe' }],
  rows: rows.map(([value, text]) => ({ value, text })),
  ...extra,
});
const choice = (name: string, choices: Array<[string, string]>): Json => ({
  type: 'radiogroup',
  name,
  title: `Frage ${name}`,
  choices: [...choices.map(([value, text]) => ({ value, text })), { value: 'na', text: 'keine Angabe' }],
});
const text = (name: string): Json => ({ type: 'comment', name, title: `Frage ${name}` });
const survey = (...pages: Array<[string, Json[]]>) =>
  buildCodebook({ title: 'T', pages: pages.map(([name, elements]) => ({ name, elements })) });

const A = matrix('a', [
  ['x', 'Ix'],
  ['y', 'Ypsilon'],
]);
const B = choice('b', [
  ['eins', 'Eins'],
  ['zwei', 'Zwei'],
]);
const C = text('c');
const base = survey(['p1', [A, B]], ['p2', [C]]);
const none: DefinitionDiff = { added: [], removed: [], reworded: [], scaleChanged: [], moved: [] };

describe('diffDefinitions', () => {
  it.each<[string, ReturnType<typeof survey>, Partial<DefinitionDiff>]>([
    ['nothing for the same questionnaire', survey(['p1', [A, B]], ['p2', [C]]), {}],
    [
      'a new matrix row as an added item',
      survey(
        [
          'p1',
          [
            matrix('a', [
              ['x', 'Ix'],
              ['y', 'Ypsilon'],
              ['z', 'Zett'],
            ]),
            B,
          ],
        ],
        ['p2', [C]],
      ),
      { added: [{ question: 'a', item: 'z', title: 'Zett' }] },
    ],
    [
      'a dropped matrix row as a removed item',
      survey(['p1', [matrix('a', [['y', 'Ypsilon']]), B]], ['p2', [C]]),
      { removed: [{ question: 'a', item: 'x', title: 'Ix' }] },
    ],
    [
      'a new question with all its items, a free-text question as its own item',
      survey(
        [
          'p1',
          [
            A,
            B,
            matrix('d', [
              ['u', 'U'],
              ['v', 'V'],
            ]),
          ],
        ],
        ['p2', [C, text('e')]],
      ),
      {
        added: [
          { question: 'd', item: 'u', title: 'U' },
          { question: 'd', item: 'v', title: 'V' },
          { question: 'e', item: 'e', title: 'Frage e' },
        ],
      },
    ],
    [
      'a dropped single-choice question as the question itself',
      survey(['p1', [A]], ['p2', [C]]),
      { removed: [{ question: 'b', item: 'b', title: 'Frage b' }] },
    ],
    [
      'added and removed choices of a single-choice question by their values',
      survey(
        [
          'p1',
          [
            A,
            choice('b', [
              ['eins', 'Eins'],
              ['drei', 'Drei'],
            ]),
          ],
        ],
        ['p2', [C]],
      ),
      { added: [{ question: 'b', item: 'drei', title: 'Drei' }], removed: [{ question: 'b', item: 'zwei', title: 'Zwei' }] },
    ],
    [
      'a reworded item',
      survey(
        [
          'p1',
          [
            matrix('a', [
              ['x', 'Ix neu'],
              ['y', 'Ypsilon'],
            ]),
            B,
          ],
        ],
        ['p2', [C]],
      ),
      { reworded: [{ question: 'a', item: 'x', from: 'Ix', to: 'Ix neu' }] },
    ],
    [
      'a reworded question title with item null',
      survey(['p1', [A, B]], ['p2', [{ ...C, title: 'Sonstiges' }]]),
      { reworded: [{ question: 'c', item: null, from: 'Frage c', to: 'Sonstiges' }] },
    ],
    [
      'a relabelled choice as a reworded item',
      survey(
        [
          'p1',
          [
            A,
            choice('b', [
              ['eins', 'Eins'],
              ['zwei', 'Zwo'],
            ]),
          ],
        ],
        ['p2', [C]],
      ),
      { reworded: [{ question: 'b', item: 'zwei', from: 'Zwei', to: 'Zwo' }] },
    ],
    [
      'a different number of levels',
      survey(
        [
          'p1',
          [
            matrix(
              'a',
              [
                ['x', 'Ix'],
                ['y', 'Ypsilon'],
              ],
              ['gar nicht', 'eher nicht', 'teils', 'eher', 'voll'],
            ),
            B,
          ],
        ],
        ['p2', [C]],
      ),
      {
        scaleChanged: [
          {
            question: 'a',
            from: '4 Stufen: trifft nicht zu · trifft eher nicht zu · trifft eher zu · trifft zu (Top-Box 2)',
            to: '5 Stufen: gar nicht · eher nicht · teils · eher · voll (Top-Box 2)',
            detail: '4 Stufen → 5 Stufen',
          },
        ],
      },
    ],
    [
      'a relabelled level',
      survey(
        [
          'p1',
          [
            matrix(
              'a',
              [
                ['x', 'Ix'],
                ['y', 'Ypsilon'],
              ],
              ['trifft nicht zu', 'trifft eher nicht zu', 'teils', 'trifft zu'],
            ),
            B,
          ],
        ],
        ['p2', [C]],
      ),
      { scaleChanged: [expect.objectContaining({ question: 'a', detail: 'Stufe 3 "trifft eher zu" → Stufe 3 "teils"' })] },
    ],
    [
      'a changed top box',
      survey(
        [
          'p1',
          [
            matrix(
              'a',
              [
                ['x', 'Ix'],
                ['y', 'Ypsilon'],
              ],
              agree4,
              { topBox: 1 },
            ),
            B,
          ],
        ],
        ['p2', [C]],
      ),
      { scaleChanged: [expect.objectContaining({ question: 'a', detail: 'Top-Box 2 → 1' })] },
    ],
    [
      'a question moved to another page',
      survey(['p1', [A]], ['p2', [B, C]]),
      { moved: [{ question: 'b', fromPage: 'p1', toPage: 'p2', fromPosition: 1, toPosition: 1 }] },
    ],
    [
      'no move when only a new question shifts the positions',
      survey(['p1', [text('neu'), A, B]], ['p2', [C]]),
      { added: [{ question: 'neu', item: 'neu', title: 'Frage neu' }] },
    ],
  ])('reports %s', (_, to, expected) => {
    expect(diffDefinitions(base, to)).toEqual({ ...none, ...expected });
  });

  it('reports only the question that left its place when the order on a page changed', () => {
    const [D, E] = [text('d'), text('e')];
    expect(diffDefinitions(survey(['p', [A, B, C, D, E]]), survey(['p', [E, A, B, C, D]])).moved).toEqual([
      { question: 'e', fromPage: 'p', toPage: 'p', fromPosition: 4, toPosition: 0 },
    ]);
    expect(diffDefinitions(survey(['p', [A, B, C, D, E]]), survey(['p', [A, D, B, C, E]])).moved).toEqual([
      { question: 'd', fromPage: 'p', toPage: 'p', fromPosition: 3, toPosition: 1 },
    ]);
  });

  it('names exactly the items questionnaire.md lists as new in 2023 (2021 → 2023)', () => {
    const diff = diffDefinitions(real('2021'), real('2023'));
    expect(diff.added.map((entry) => `${entry.question}.${entry.item}`).sort()).toEqual(
      [
        'chancen.nachhaltigkeit',
        ...['sensibilisierung_gf', 'rechtssicherheit', 'anwendungsmoeglichkeit', 'regulatorik'].map((item) => `hemmnisse.${item}`),
        ...['make_heute', 'make_2jahre', 'make_5jahre', 'buy_heute', 'buy_2jahre', 'buy_5jahre'].map((item) => `make_buy.${item}`),
        ...['daten_erhoben', 'datenqualitaet', 'qualifikation', 'prozesse', 'rechtslage'].map((item) => `voraussetzungen.${item}`),
        ...['erfolgsgeschichten', 'sensibilisierung_potenziale', 'qualifizierung', 'demonstratoren'].map((item) => `transfer.${item}`),
        'transfer_sonstiges.transfer_sonstiges',
        ...['best_practices', 'demonstratoren', 'qualifizierung', 'zuschuesse', 'werbekampagnen', 'datenpools', 'vernetzung'].map(
          (item) => `trainerprogramm.${item}`,
        ),
      ].sort(),
    );
    expect(diff).toMatchObject({ removed: [], reworded: [], scaleChanged: [], moved: [] });
  });

  it('reports the five-point scale of 2019 and the questions added in 2021 (2019 → 2021)', () => {
    const diff = diffDefinitions(real('2019'), real('2021'));
    expect(diff.scaleChanged).toEqual([
      {
        question: 'chancen',
        from: '5 Stufen: trifft gar nicht zu · trifft eher nicht zu · teils/teils · trifft eher zu · trifft voll zu (Top-Box 2)',
        to: '4 Stufen: trifft nicht zu · trifft eher nicht zu · trifft eher zu · trifft zu (Top-Box 2)',
        detail: '5 Stufen → 4 Stufen',
      },
      expect.objectContaining({ question: 'hemmnisse', detail: '5 Stufen → 4 Stufen' }),
    ]);
    expect(diff.added.map((entry) => `${entry.question}.${entry.item}`)).toEqual([
      ...['objektinspektion', 'wartung', 'qualitaetskontrolle', 'bilderkennung', 'datenanalyse', 'texterstellung', 'wissensmanagement'].map(
        (item) => `anwendungen.${item}`,
      ),
      'reifegrad.reifegrad',
    ]);
    expect(diff).toMatchObject({ removed: [], reworded: [], moved: [] });
  });
});

describe('diff table', () => {
  const diff: DefinitionDiff = {
    added: [{ question: 'chancen', item: 'nachhaltigkeit', title: 'Nachhaltigkeit' }],
    removed: [{ question: 'b', item: 'zwei', title: 'Zwei' }],
    reworded: [{ question: 'c', item: null, from: 'Alt', to: 'Neu' }],
    scaleChanged: [{ question: 'chancen', from: '', to: '', detail: '5 Stufen → 4 Stufen' }],
    moved: [{ question: 'b', fromPage: 'p1', toPage: 'p2', fromPosition: 1, toPosition: 3 }],
  };

  it('has one row per change: kind, question, item, detail', () => {
    expect(diffRows(diff)).toEqual([
      { kind: 'added', question: 'chancen', item: 'nachhaltigkeit', detail: 'Nachhaltigkeit' },
      { kind: 'removed', question: 'b', item: 'zwei', detail: 'Zwei' },
      { kind: 'reworded', question: 'c', item: '', detail: '"Alt" → "Neu"' },
      { kind: 'scale', question: 'chancen', item: '', detail: '5 Stufen → 4 Stufen' },
      { kind: 'moved', question: 'b', item: '', detail: 'p1 #2 → p2 #4' },
    ]);
  });

  it('prints aligned columns', () => {
    expect(formatDiffTable(diffRows(diff))).toBe(
      [
        'kind     | question | item           | detail',
        '---------+----------+----------------+-------',
        'added    | chancen  | nachhaltigkeit | Nachhaltigkeit',
        'removed  | b        | zwei           | Zwei',
        'reworded | c        |                | "Alt" → "Neu"',
        'scale    | chancen  |                | 5 Stufen → 4 Stufen',
        'moved    | b        |                | p1 #2 → p2 #4',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is no difference', () => {
    expect(formatDiffTable([])).toBe('No differences.\n');
  });
});
