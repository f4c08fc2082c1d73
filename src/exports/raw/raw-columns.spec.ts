import { buildCodebook } from '../../definitions/codebook';
import { codebookTable, surveyCodebookTable } from './codebook-table';
import { rawColumns, rawHeader, RawResponse, rawRowMapper } from './raw-columns';

const agree5 = [
  { value: 1, text: 'trifft gar nicht zu' },
  { value: 2, text: 'trifft eher nicht zu' },
  { value: 3, text: 'teils/teils' },
  { value: 4, text: 'trifft eher zu' },
  { value: 5, text: 'trifft voll zu' },
  { value: 'na', text: 'keine Angabe' },
];
const agree4 = [
  { value: 1, text: 'trifft nicht zu' },
  { value: 2, text: 'trifft eher nicht zu' },
  { value: 3, text: 'trifft eher zu' },
  { value: 4, text: 'trifft zu' },
  { value: 'na', text: 'k. A.' },
];

const v2019 = buildCodebook({
  title: 'KI 2019',
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'zentrum', title: 'Zentrum' },
        {
          type: 'matrix',
          name: 'hemmnisse',
          title: 'Hemmnisse',
          columns: agree5,
          rows: [
            { value: 'datenbasis', text: 'fehlende Datenbasis' },
            { value: 'kosten', text: 'Kosten' },
          ],
        },
      ],
    },
  ],
});
const v2023 = buildCodebook({
  title: 'KI 2023',
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'text', name: 'zentrum', title: 'Zentrum' },
        {
          type: 'radiogroup',
          name: 'reifegrad',
          title: 'Reifegrad',
          choices: [
            { value: 'nicht_gestartet', text: 'Nicht gestartet' },
            { value: 'uebungsphase', text: 'Übungsphase' },
            { value: 'na', text: 'keine Angabe' },
          ],
        },
        {
          type: 'matrix',
          name: 'hemmnisse',
          title: 'Hemmnisse',
          columns: agree4,
          rows: [
            { value: 'regulatorik', text: 'regulatorische Hürden' },
            { value: 'datenbasis', text: 'fehlende Datenbasis' },
          ],
        },
        { type: 'comment', name: 'sonstiges', title: 'Sonstiges' },
      ],
    },
  ],
});

const s2019 = { version: '2019', codebook: v2019 };
const s2023 = { version: '2023', codebook: v2023 };

describe('rawColumns', () => {
  it('names matrix items <question>_<item> and other questions by their code, in codebook order', () => {
    expect(rawHeader(rawColumns([s2023]))).toEqual([
      'response_id',
      'wave',
      'status',
      'completed_at',
      'source',
      'zentrum',
      'reifegrad',
      'hemmnisse_regulatorik',
      'hemmnisse_datenbasis',
      'sonstiges',
    ]);
  });

  it('puts the latest version first, then the columns only earlier versions have; an item on another scale gets a column per scale', () => {
    expect(rawColumns([s2023, s2019]).map((column) => [column.name, column.versions])).toEqual([
      ['zentrum', ['2023', '2019']],
      ['reifegrad', ['2023']],
      ['hemmnisse_regulatorik', ['2023']],
      ['hemmnisse_datenbasis', ['2023']],
      ['hemmnisse_datenbasis_2019', ['2019']],
      ['sonstiges', ['2023']],
      ['hemmnisse_kosten', ['2019']],
    ]);
  });

  it.each([
    ['the same scale', agree4, 2, ['chancen_werbung']],
    [
      'other labels',
      agree4.map((level) => (level.value === 4 ? { ...level, text: 'trifft voll zu' } : level)),
      2,
      ['chancen_werbung', 'chancen_werbung_2021'],
    ],
    ['another top box', agree4, 1, ['chancen_werbung', 'chancen_werbung_2021']],
    ['other levels', agree5, 2, ['chancen_werbung', 'chancen_werbung_2021']],
  ])('an item asked on %s in an earlier version: %j', (_, columns, topBox, expected) => {
    const version = (name: string, levels: unknown[], box: number) => ({
      version: name,
      codebook: buildCodebook({
        pages: [
          {
            name: 'p',
            elements: [{ type: 'matrix', name: 'chancen', topBox: box, columns: levels, rows: [{ value: 'werbung', text: 'Werbung' }] }],
          },
        ],
      }),
    });
    expect(rawColumns([version('2023', agree4, 2), version('2021', columns, topBox)]).map((column) => column.name)).toEqual(expected);
  });
});

describe('rawRowMapper', () => {
  const columns = rawColumns([s2023, s2019]);
  const completedAt = new Date('2023-07-01T10:00:00Z');
  const response = (wave: string, answers: Record<string, unknown>, importId: string | null = null): RawResponse => ({
    id: 'r-1',
    wave,
    status: 'completed',
    completed_at: completedAt,
    import_id: importId,
    answers,
  });
  const answers2023 = {
    zentrum: '=HYPERLINK("x")',
    reifegrad: 'uebungsphase',
    hemmnisse: { regulatorik: 4, datenbasis: 'na' },
    sonstiges: 'mehr Daten',
  };

  it.each([
    [false, ['r-1', 'ki-2023', 'completed', completedAt, 'online', '=HYPERLINK("x")', 'uebungsphase', 4, 'na', null, 'mehr Daten', null]],
    [
      true,
      [
        'r-1',
        'ki-2023',
        'completed',
        completedAt,
        'online',
        '=HYPERLINK("x")',
        'Übungsphase',
        'trifft zu',
        'k. A.',
        null,
        'mehr Daten',
        null,
      ],
    ],
  ])("labels=%s gives the codes or the labels of the wave's version, blank where the version lacks the item", (labels, expected) => {
    expect(rawRowMapper(columns, s2023, { labels })(response('ki-2023', answers2023))).toEqual(expected);
  });

  it("reads an earlier wave through its own codebook into its own scale's column: its labels, blanks for items it did not ask", () => {
    const mapper = rawRowMapper(columns, s2019, { labels: true });
    expect(
      mapper(response('ki-2019', { zentrum: 'Berlin', hemmnisse: { datenbasis: 5, kosten: 'na' }, reifegrad: 'uebungsphase' })),
    ).toEqual(['r-1', 'ki-2019', 'completed', completedAt, 'online', 'Berlin', null, null, null, 'trifft voll zu', null, 'keine Angabe']);
  });

  it.each([
    [{}, [null, null, null, null, null, null]],
    [{ hemmnisse: 'not an object', reifegrad: '' }, [null, null, null, null, null, null]],
    [{ hemmnisse: { regulatorik: 7 }, reifegrad: 'unbekannt' }, [null, 'unbekannt', 7, null, null, null]],
  ])('leaves missing answers blank and keeps unknown codes as they are: %j', (answers, expected) => {
    expect(rawRowMapper(columns, s2023, { labels: true })(response('ki-2023', answers)).slice(5, 11)).toEqual(expected);
  });

  it('marks an imported response by its import in the source column', () => {
    const row = rawRowMapper(columns, s2023, { labels: false })(response('ki-2021', {}, '5f0c1d2e-0000-4000-8000-000000000001'));
    expect(row.slice(0, 5)).toEqual(['r-1', 'ki-2021', 'completed', completedAt, 'import:5f0c1d2e-0000-4000-8000-000000000001']);
  });
});

describe('codebookTable', () => {
  it('has one row per value of every column, "na" with its label, one row for a text question', () => {
    const table = codebookTable(v2023, 'ki', '2023');
    expect(table.columns.map((column) => column.header)).toEqual([
      'column',
      'question',
      'item',
      'type',
      'question_title',
      'item_title',
      'value',
      'label',
    ]);
    expect(table.rows.filter((row) => row[0] === 'zentrum')).toEqual([
      ['zentrum', 'zentrum', 'zentrum', 'text', 'Zentrum', 'Zentrum', null, null],
    ]);
    expect(table.rows.filter((row) => row[0] === 'reifegrad').map((row) => [row[6], row[7]])).toEqual([
      ['nicht_gestartet', 'Nicht gestartet'],
      ['uebungsphase', 'Übungsphase'],
      ['na', 'keine Angabe'],
    ]);
    expect(table.rows.filter((row) => row[0] === 'hemmnisse_regulatorik')).toEqual([
      ['hemmnisse_regulatorik', 'hemmnisse', 'regulatorik', 'matrix', 'Hemmnisse', 'regulatorische Hürden', 1, 'trifft nicht zu'],
      ['hemmnisse_regulatorik', 'hemmnisse', 'regulatorik', 'matrix', 'Hemmnisse', 'regulatorische Hürden', 2, 'trifft eher nicht zu'],
      ['hemmnisse_regulatorik', 'hemmnisse', 'regulatorik', 'matrix', 'Hemmnisse', 'regulatorische Hürden', 3, 'trifft eher zu'],
      ['hemmnisse_regulatorik', 'hemmnisse', 'regulatorik', 'matrix', 'Hemmnisse', 'regulatorische Hürden', 4, 'trifft zu'],
      ['hemmnisse_regulatorik', 'hemmnisse', 'regulatorik', 'matrix', 'Hemmnisse', 'regulatorische Hürden', 'na', 'k. A.'],
    ]);
    expect(table.title).toBeNull();
  });
});

describe('surveyCodebookTable', () => {
  it('names the versions of every column, each described by its own scale', () => {
    const versions = [s2023, s2019];
    const table = surveyCodebookTable(rawColumns(versions), versions, 'ki');
    expect(table.columns.map((column) => column.header)).toEqual([
      'column',
      'versions',
      'question',
      'item',
      'type',
      'question_title',
      'item_title',
      'value',
      'label',
    ]);
    const rowsOf = (column: string) => table.rows.filter((row) => row[0] === column);
    expect(rowsOf('zentrum')).toEqual([['zentrum', '2023, 2019', 'zentrum', 'zentrum', 'text', 'Zentrum', 'Zentrum', null, null]]);
    expect(rowsOf('hemmnisse_datenbasis').map((row) => [row[1], row[7], row[8]])).toEqual([
      ['2023', 1, 'trifft nicht zu'],
      ['2023', 2, 'trifft eher nicht zu'],
      ['2023', 3, 'trifft eher zu'],
      ['2023', 4, 'trifft zu'],
      ['2023', 'na', 'k. A.'],
    ]);
    expect(rowsOf('hemmnisse_datenbasis_2019').map((row) => [row[1], row[7], row[8]])).toEqual([
      ['2019', 1, 'trifft gar nicht zu'],
      ['2019', 2, 'trifft eher nicht zu'],
      ['2019', 3, 'teils/teils'],
      ['2019', 4, 'trifft eher zu'],
      ['2019', 5, 'trifft voll zu'],
      ['2019', 'na', 'keine Angabe'],
    ]);
  });
});
