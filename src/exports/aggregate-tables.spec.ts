import { Codebook } from '../definitions/codebook';
import { figureCsvTable, figureDeltaHeader, figureTable, resultsSheets, resultsTable, trendsSheets, trendsTable } from './aggregate-tables';
import { deltaFigureFixture, figureFixture, trendsFixture, waveResultsFixture } from '../../test/fixtures/analysis-results';
import { NOT_ASKED } from './export-table';
import type { FigureValue, SeriesPoint } from '../analysis/analysis.types';

/** The interval and small-base cells the tables write beside a share. */
const ciCells = (value: Pick<FigureValue, 'ci' | 'smallBase'>) => [
  value.ci?.low ?? null,
  value.ci?.high ?? null,
  value.smallBase ? 'geringe Fallzahl' : null,
];
/** The statistics cells of a change: its interval, p, test, significance. */
const changeCellsOf = (point: SeriesPoint) => [
  point.deltaCi?.low ?? null,
  point.deltaCi?.high ?? null,
  point.pValue ?? null,
  point.test === 'fisher' ? 'exakter Test nach Fisher' : point.test === 'n-1-chi2' ? 'N−1-Chi²-Test' : null,
  point.significant === null || point.significant === undefined ? null : point.significant ? 'signifikant' : 'n.s.',
];
const STATS_HEADERS = ['KI 95 % unten (%)', 'KI 95 % oben (%)', 'Fallzahl'];
const CHANGE_HEADERS = ['Veränderung KI 95 % unten (pp)', 'Veränderung KI 95 % oben (pp)', 'p-Wert', 'Test', 'Signifikanz'];

describe('resultsTable', () => {
  const table = resultsTable(waveResultsFixture());
  const headers = table.columns.map((column) => column.header);
  const row = (item: string) => table.rows.find((cells) => cells[1] === item) as unknown[];
  const cell = (item: string, header: string) => row(item)[headers.indexOf(header)];

  it('has one row per item of every question, in order', () => {
    expect(table.rows.map((cells) => `${String(cells[0])}.${String(cells[1])}`)).toEqual([
      'chancen.werbung',
      'chancen.kundenservice',
      'transfer.erfolgsgeschichten',
      'reifegrad.nicht_gestartet',
      'reifegrad.verankerungsphase',
    ]);
  });

  it('has the union of the count keys as columns (levels in numeric order, then choices), "keine Angabe" after them', () => {
    expect(headers.slice(8)).toEqual([
      'Anzahl 0',
      'Anzahl 1',
      'Anzahl 2',
      'Anzahl 3',
      'Anzahl 4',
      'Anzahl nicht_gestartet',
      'Anzahl verankerungsphase',
      'Anzahl keine Angabe',
      'Anzahl Top',
      'Anteil (%)',
      ...STATS_HEADERS,
    ]);
  });

  it.each([
    ['werbung', 'N Frage', 54],
    ['werbung', 'N Basis', 53],
    ['werbung', 'Anzahl 4', 27],
    ['werbung', 'Anzahl keine Angabe', 1],
    ['werbung', 'Anteil (%)', 88.7],
    ['werbung', 'Anzahl 0', null],
    ['erfolgsgeschichten', 'Anzahl 0', 8],
    ['erfolgsgeschichten', 'Art', 'yes'],
    ['verankerungsphase', 'Anteil (%)', 0],
    ['verankerungsphase', 'Anzahl keine Angabe', 0],
  ])('%s: %s is %j', (item, header, expected) => {
    expect(cell(item, header)).toBe(expected);
  });

  it('types the columns: counts, and the share as percent', () => {
    expect(table.columns.find((column) => column.header === 'Anteil (%)')?.kind).toBe('percent');
    expect(table.columns.find((column) => column.header === 'N Basis')?.kind).toBe('count');
  });
});

describe('resultsSheets', () => {
  const codebook: Codebook = {
    title: 'KI',
    questions: [
      {
        code: 'chancen',
        type: 'matrix',
        kind: 'topBox',
        title: 'Chancen',
        page: 'p',
        position: 0,
        scale: {
          levels: [
            { value: 1, label: 'trifft nicht zu' },
            { value: 2, label: 'trifft eher nicht zu' },
            { value: 3, label: 'trifft eher zu' },
            { value: 4, label: 'trifft zu' },
          ],
          noAnswerLabel: 'k.A.',
          topBox: 2,
          topValues: [3, 4],
        },
        items: [],
      },
    ],
  };

  it('makes one sheet per question with the level labels of the codebook', () => {
    const sheets = resultsSheets(waveResultsFixture(), codebook);
    expect(sheets.map((sheet) => sheet.sheetName)).toEqual(['chancen', 'transfer', 'reifegrad']);
    expect(sheets[0].columns.map((column) => column.header)).toEqual([
      'Item',
      'Itemtitel',
      'N beantwortet',
      'N keine Angabe',
      'N Basis',
      '1 trifft nicht zu',
      '2 trifft eher nicht zu',
      '3 trifft eher zu',
      '4 trifft zu',
      'k.A.',
      'Anzahl Top',
      'Anteil (%)',
      ...STATS_HEADERS,
    ]);
    expect(sheets[0].title).toBe('Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(sheets[0].footer[0][0]).toContain('N = 54');
  });

  it('falls back to the keys where the codebook does not know the question', () => {
    expect(
      resultsSheets(waveResultsFixture())[1]
        .columns.map((column) => column.header)
        .slice(5, 8),
    ).toEqual(['Anzahl 0', 'Anzahl 1', 'keine Angabe']);
  });
});

describe('trendsTable and trendsSheets', () => {
  it('writes share, status, base and change per wave: numbers only in the numeric columns, "nicht abgefragt" in the status column', () => {
    const table = trendsTable(trendsFixture());
    const headers = table.columns.map((column) => column.header);
    const waves = ['ki-2019', 'ki-2021', 'ki-2023'];
    expect(headers).toEqual([
      'Frage',
      'Item',
      'Itemtitel',
      ...waves.flatMap((wave) => [
        `${wave} Anteil (%)`,
        `${wave} Status`,
        `${wave} N Basis`,
        ...STATS_HEADERS.map((header) => `${wave} ${header}`),
        `${wave} Veränderung (pp)`,
        ...CHANGE_HEADERS.map((header) => `${wave} ${header}`),
      ]),
      'ki-2019 N Frage',
      'ki-2021 N Frage',
      'ki-2023 N Frage',
      'Hinweise',
    ]);
    const [datensicherheit, regulatorik] = trendsFixture().questions[0].items;
    const asked = (point: SeriesPoint) => [
      point.share,
      'abgefragt',
      point.nBase,
      ...ciCells(point),
      point.deltaPp,
      ...changeCellsOf(point),
    ];
    const notAsked = [null, NOT_ASKED, ...Array(10).fill(null)];
    expect(table.rows).toEqual([
      [
        'hemmnisse',
        'datensicherheit',
        'Bedenken bezüglich der (Daten-)Sicherheit',
        ...datensicherheit.series.flatMap(asked),
        33,
        48,
        54,
        null,
      ],
      [
        'hemmnisse',
        'regulatorik',
        'regulatorische Hürden',
        ...notAsked,
        ...notAsked,
        ...asked(regulatorik.series[2]),
        33,
        48,
        54,
        'neu in ki-2023',
      ],
    ]);
    expect(table.rows[0].slice(3, 6)).toEqual([71.9, 'abgefragt', 32]);
    expect(table.rows[1][headers.indexOf('ki-2023 Anteil (%)')]).toBe(25.6);
    for (const [index, column] of table.columns.entries()) {
      if (column.kind !== 'text') for (const row of table.rows) expect(row[index] === null || typeof row[index] === 'number').toBe(true);
    }
    expect(table.footer[0][0]).toContain('Skala geändert von ki-2019 zu ki-2021');
  });

  it('puts the N per wave under the share columns of each question sheet', () => {
    const [sheet] = trendsSheets(trendsFixture());
    expect(sheet.sheetName).toBe('hemmnisse');
    const gap = Array(10).fill(null);
    expect(sheet.footer[0]).toEqual(['N', null, 33, ...gap, 48, ...gap, 54, ...gap]);
  });
});

describe('figureCsvTable', () => {
  it('is rectangular: per wave share, status, base and N, numbers only in the numeric columns, no footer', () => {
    const table = figureCsvTable(figureFixture());
    expect(table.columns.map((column) => column.header).slice(0, 6)).toEqual([
      'Item',
      'Itemtitel',
      'ki-2019 Anteil (%)',
      'ki-2019 Status',
      'ki-2019 N Basis',
      'ki-2019 N Frage',
    ]);
    const latest = figureFixture().rows[2].values[2];
    expect(table.rows[2]).toEqual([
      'nachhaltigkeit',
      'Verbesserung der ökologischen Nachhaltigkeit',
      null,
      NOT_ASKED,
      null,
      33,
      null,
      null,
      null,
      null,
      NOT_ASKED,
      null,
      48,
      null,
      null,
      null,
      76.5,
      'abgefragt',
      51,
      54,
      ...ciCells(latest),
    ]);
    expect(table.footer).toEqual([]);
  });
});

describe('figureTable', () => {
  it('has items × waves, N under each wave, the notes and the source below', () => {
    const table = figureTable(figureFixture());
    expect(table.title).toBe('Abbildung 3: Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(table.sheetName).toBe('Abb. 3');
    const gap = [null, null, null, null];
    expect(table.rows[2]).toEqual([
      'nachhaltigkeit',
      'Verbesserung der ökologischen Nachhaltigkeit',
      NOT_ASKED,
      ...gap,
      NOT_ASKED,
      ...gap,
      76.5,
      51,
      ...ciCells(figureFixture().rows[2].values[2]),
    ]);
    expect(table.footer.slice(0, 4)).toEqual([
      ['N', null, 33, ...gap, 48, ...gap, 54, ...gap],
      ['Ein Thema wurde 2019 bzw. 2021 nicht abgefragt'],
      ['2019 mit fünfstufiger Skala, ab 2021 vierstufig'],
      ['Quelle: WIK-Befragung der KI-Trainer:innen und KI-Expert:innen des Mittelstand-Digital Netzwerks'],
    ]);
    expect(table.footer[table.footer.length - 1]).toEqual(['Gezählt: nur abgeschlossene Antworten']);
  });

  it('adds the change column of a figure with a delta', () => {
    const figure = deltaFigureFixture();
    const table = figureTable(figure);
    expect(figureDeltaHeader(figure)).toBe('Veränderung ki-2023 ggü. ki-2021 (pp)');
    const headers = table.columns.map((column) => column.header);
    expect(headers.slice(-6)).toEqual(['Veränderung ki-2023 ggü. ki-2021 (pp)', ...CHANGE_HEADERS]);
    expect(table.columns.find((column) => column.header === 'p-Wert')?.kind).toBe('pValue');
    expect(table.rows.map((row) => row[headers.indexOf('Veränderung ki-2023 ggü. ki-2021 (pp)')])).toEqual([12.3, -4]);
  });
});

describe('results of a wave with a free-text question', () => {
  const results = {
    ...waveResultsFixture(),
    completed: 1,
    questions: [
      ...waveResultsFixture().questions,
      {
        code: 'anmerkung',
        title: 'Anmerkungen',
        kind: 'text' as const,
        nReported: 1,
        items: [
          {
            code: 'anmerkung',
            title: 'Anmerkungen',
            nAnswered: 1,
            nNoAnswer: 0,
            nBase: 1,
            counts: {},
            topCount: 0,
            share: null,
            ci: null,
            smallBase: true,
          },
        ],
      },
    ],
  };

  it('leaves every count but "N beantwortet" empty in the CSV table (no "Anzahl Top 0")', () => {
    const table = resultsTable(results);
    const headers = table.columns.map((column) => column.header);
    const row = table.rows.find((cells) => cells[1] === 'anmerkung') as unknown[];
    expect(row[headers.indexOf('N beantwortet')]).toBe(1);
    expect(headers.slice(6).map((header) => row[headers.indexOf(header)])).toEqual(headers.slice(6).map(() => null));
  });

  it('gives its sheet only the number of answers', () => {
    const sheet = resultsSheets(results).find((candidate) => candidate.sheetName === 'anmerkung');
    expect(sheet?.columns.map((column) => column.header)).toEqual(['Item', 'Itemtitel', 'N beantwortet']);
    expect(sheet?.rows).toEqual([['anmerkung', 'Anmerkungen', 1]]);
  });

  it.each([
    [1, '1 abgeschlossene Antwort'],
    [2, '2 abgeschlossene Antworten'],
  ])('says "%i abgeschlossene …" in the right number', (completed, text) => {
    const footer = resultsTable({ ...results, completed }).footer[0][0] as string;
    expect(footer.endsWith(`, ${text}`)).toBe(true);
  });
});
