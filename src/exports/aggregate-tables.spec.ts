import { Codebook } from '../definitions/codebook';
import { figureCsvTable, figureDeltaHeader, figureTable, resultsSheets, resultsTable, trendsSheets, trendsTable } from './aggregate-tables';
import { deltaFigureFixture, figureFixture, trendsFixture, waveResultsFixture } from '../../test/fixtures/analysis-results';
import { NOT_ASKED } from './export-table';

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
    expect(headers).toEqual([
      'Frage',
      'Item',
      'Itemtitel',
      'ki-2019 Anteil (%)',
      'ki-2019 Status',
      'ki-2019 N Basis',
      'ki-2019 Veränderung (pp)',
      'ki-2021 Anteil (%)',
      'ki-2021 Status',
      'ki-2021 N Basis',
      'ki-2021 Veränderung (pp)',
      'ki-2023 Anteil (%)',
      'ki-2023 Status',
      'ki-2023 N Basis',
      'ki-2023 Veränderung (pp)',
      'ki-2019 N Frage',
      'ki-2021 N Frage',
      'ki-2023 N Frage',
      'Hinweise',
    ]);
    expect(table.rows).toEqual([
      [
        'hemmnisse',
        'datensicherheit',
        'Bedenken bezüglich der (Daten-)Sicherheit',
        71.9,
        'abgefragt',
        32,
        null,
        62.5,
        'abgefragt',
        48,
        -9.4,
        57.7,
        'abgefragt',
        52,
        -4.8,
        33,
        48,
        54,
        null,
      ],
      [
        'hemmnisse',
        'regulatorik',
        'regulatorische Hürden',
        null,
        NOT_ASKED,
        null,
        null,
        null,
        NOT_ASKED,
        null,
        null,
        25.6,
        'abgefragt',
        43,
        null,
        33,
        48,
        54,
        'neu in ki-2023',
      ],
    ]);
    for (const [index, column] of table.columns.entries()) {
      if (column.kind !== 'text') for (const row of table.rows) expect(row[index] === null || typeof row[index] === 'number').toBe(true);
    }
    expect(table.footer[0][0]).toContain('Skala geändert von ki-2019 zu ki-2021');
  });

  it('puts the N per wave under the share columns of each question sheet', () => {
    const [sheet] = trendsSheets(trendsFixture());
    expect(sheet.sheetName).toBe('hemmnisse');
    expect(sheet.footer[0]).toEqual(['N', null, 33, null, null, 48, null, null, 54, null, null]);
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
    expect(table.rows[2]).toEqual([
      'nachhaltigkeit',
      'Verbesserung der ökologischen Nachhaltigkeit',
      null,
      NOT_ASKED,
      null,
      33,
      null,
      NOT_ASKED,
      null,
      48,
      76.5,
      'abgefragt',
      51,
      54,
    ]);
    expect(table.footer).toEqual([]);
  });
});

describe('figureTable', () => {
  it('has items × waves, N under each wave, the notes and the source below', () => {
    const table = figureTable(figureFixture());
    expect(table.title).toBe('Abbildung 3: Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
    expect(table.sheetName).toBe('Abb. 3');
    expect(table.rows[2]).toEqual([
      'nachhaltigkeit',
      'Verbesserung der ökologischen Nachhaltigkeit',
      NOT_ASKED,
      null,
      NOT_ASKED,
      null,
      76.5,
      51,
    ]);
    expect(table.footer).toEqual([
      ['N', null, 33, null, 48, null, 54, null],
      ['Ein Thema wurde 2019 bzw. 2021 nicht abgefragt'],
      ['2019 mit fünfstufiger Skala, ab 2021 vierstufig'],
      ['Quelle: WIK-Befragung der KI-Trainer:innen und KI-Expert:innen des Mittelstand-Digital Netzwerks'],
    ]);
  });

  it('adds the change column of a figure with a delta', () => {
    const figure = deltaFigureFixture();
    const table = figureTable(figure);
    expect(figureDeltaHeader(figure)).toBe('Veränderung ki-2023 ggü. ki-2021 (pp)');
    expect(table.columns[table.columns.length - 1]).toEqual({ header: 'Veränderung ki-2023 ggü. ki-2021 (pp)', kind: 'percent' });
    expect(table.rows.map((row) => row[row.length - 1])).toEqual([12.3, -4]);
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
        items: [{ code: 'anmerkung', title: 'Anmerkungen', nAnswered: 1, nNoAnswer: 0, nBase: 1, counts: {}, topCount: 0, share: null }],
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
