import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook, Codebook, NO_ANSWER } from '../definitions/codebook';
import { neutralizeCell } from '../exports/cell-safety';
import { CSV_DIALECTS, CsvDialect, csvStringifyOptions } from '../exports/csv-dialect';
import { rawColumns, rawHeader, RawResponse, rawRowMapper } from '../exports/raw/raw-columns';
import { MAX_TEXT_LENGTH, withoutUnanswered } from '../responses/answer-shape';
import { validateAnswers, ValidatedDefinition } from '../responses/answer-validation';
import { SurveyRules } from '../responses/survey-rules';
import { answersFingerprint } from './answers-fingerprint';
import { autoMapping, ImportMapping } from './mapping';
import {
  compileMapping,
  DuplicateTracker,
  ImportCell,
  ImportErrorCode,
  ImportPlan,
  ImportRow,
  IMPORT_ERROR_CODES,
  IMPORT_ERROR_GERMAN,
  RowResult,
  rowToAnswers,
  validationErrorsToCells,
  ValueLabels,
} from './row-answers';

const ROOT = join(__dirname, '..', '..');
const definitionOf = (version: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, 'survey-definitions', 'ki-mittelstand', `${version}.json`), 'utf8'));
const compiled = (version: string, content = definitionOf(version), hash = `ki-mittelstand-${version}`): ValidatedDefinition => ({
  hash,
  content,
  codebook: buildCodebook(content),
});
const fixture = (name: string): ImportMapping => JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'imports', name), 'utf8'));
const rules = new SurveyRules();

function planOf(mapping: ImportMapping, codebook: Codebook, header: string[], valueLabels?: ValueLabels): ImportPlan {
  const result = compileMapping(mapping, codebook, header, valueLabels);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

const TEXTS = [
  'Zentrum Nord',
  '=HYPERLINK("http://example.org")',
  '-- nichts --',
  'Umlaute äöüß; "Zitat", Komma\nzweite Zeile',
  '@home',
  '+49 30 1234',
];

/** Answers to every question of a codebook, varied by n: levels, "na", unanswered rows and questions, formula-looking texts. */
function syntheticAnswers(codebook: Codebook, n: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  codebook.questions.forEach((question, q) => {
    if (question.scale) {
      const levels = question.scale.levels.map((level) => level.value);
      const rows: Record<string, unknown> = {};
      question.items.forEach((item, i) => {
        const k = (n + q + i) % (levels.length + 2);
        if (k < levels.length) rows[item.code] = levels[k];
        else if (k === levels.length) rows[item.code] = NO_ANSWER;
        else rows[item.code] = null; // unanswered row: absent after withoutUnanswered
      });
      answers[question.code] = rows;
    } else if (question.choices) {
      const values = [...question.choices.map((choice) => choice.value), NO_ANSWER];
      // Unanswered only in partial responses (n % 4 === 3): a completed one needs the required "rolle".
      answers[question.code] = n % 4 === 3 && q % 2 === 1 ? null : values[(n + q) % values.length];
    } else {
      answers[question.code] = question.code === 'zentrum' ? TEXTS[n % TEXTS.length] : n % 3 === 0 ? '' : TEXTS[(n + 1) % TEXTS.length];
    }
  });
  return answers;
}

function responsesOf(codebook: Codebook, count: number): RawResponse[] {
  return Array.from({ length: count }, (_, n) => ({
    id: `0000000${n}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`,
    wave: 'ki-2023',
    status: n % 4 === 3 ? 'partial' : 'completed',
    completed_at: n % 4 === 3 ? null : new Date(Date.UTC(2023, 4, 2 + n, 8, 15, n)),
    import_id: null,
    answers: syntheticAnswers(codebook, n),
  }));
}

type Table = { header: string[]; rows: ImportRow[] };

/** What the CSV reader gives for an export in a dialect: written by the export's own options, parsed back as text. */
function viaCsv(header: string[], cells: ImportCell[][], dialect: CsvDialect): Table {
  const text = stringify([header, ...cells] as unknown[][], csvStringifyOptions(dialect));
  const records: string[][] = parse(text, { delimiter: CSV_DIALECTS[dialect].delimiter, bom: true });
  return { header: records[0], rows: records.slice(1).map((record, index) => ({ row: index + 2, cells: record })) };
}

/** What the XLSX reader gives: the cells as the sheet writer stores them (text neutralized, numbers and dates typed). */
function viaXlsx(header: string[], cells: ImportCell[][]): Table {
  return { header, rows: cells.map((record, index) => ({ row: index + 2, cells: record.map(neutralizeCell) })) };
}

describe('round trip of the raw export at the pure level', () => {
  describe.each(['2019', '2021', '2023'])('%s', (version) => {
    const definition = compiled(version);
    const { codebook } = definition;
    const columns = rawColumns([{ version, codebook }]);
    const header = rawHeader(columns);
    const responses = responsesOf(codebook, 24);

    it('the synthetic answers themselves pass the respondent checks', () => {
      for (const response of responses) {
        expect(validateAnswers(rules, definition, response.answers, response.status === 'completed')).toEqual([]);
      }
    });

    describe.each([
      ['excel CSV, codes', 'excel', false],
      ['excel CSV, labels', 'excel', true],
      ['plain CSV, codes', 'plain', false],
      ['plain CSV, labels', 'plain', true],
      ['XLSX, codes', 'xlsx', false],
      ['XLSX, labels', 'xlsx', true],
    ])('%s', (_, format, labels) => {
      const toCells = rawRowMapper(columns, { version, codebook }, { labels });
      const cells = responses.map(toCells);
      const table = format === 'xlsx' ? viaXlsx(header, cells) : viaCsv(header, cells, format as CsvDialect);

      it('holds what the export writes: labels with "keine Angabe", or codes with "na"', () => {
        const values = table.rows.flatMap((row) => row.cells);
        expect(values).toContain(labels ? 'keine Angabe' : 'na');
        expect(values).not.toContain(labels ? 'na' : 'keine Angabe');
        expect(values).toContain('\'=HYPERLINK("http://example.org")');
      });

      it('imports without a mapping and gives back exactly the stored answers, ids, status and completion times', () => {
        const mapping = autoMapping(table.header, codebook);
        expect(mapping).not.toBeNull();
        const plan = planOf(mapping as ImportMapping, codebook, table.header);
        expect(plan.unmappedColumns).toEqual([]);
        const tracker = new DuplicateTracker();
        const results = table.rows.map((row) => rowToAnswers(row, plan, tracker));
        expect(results.filter((result) => result.outcome !== 'answers')).toEqual([]);
        results.forEach((result, index) => {
          const response = responses[index];
          const stored = withoutUnanswered(response.answers);
          expect(result).toEqual({
            outcome: 'answers',
            row: index + 2,
            externalId: response.id,
            status: response.status,
            completedAt: response.completed_at,
            answers: stored,
          });
          const { answers } = result as Extract<RowResult, { outcome: 'answers' }>;
          expect(withoutUnanswered(answers)).toEqual(answers);
          expect(answersFingerprint(answers)).toBe(answersFingerprint(stored));
          expect(validateAnswers(rules, definition, answers, response.status === 'completed')).toEqual([]);
        });
      });
    });
  });

  it('writes whole numbers without a decimal part in both dialects, so "4" is read back as level 4', () => {
    const { codebook } = compiled('2023');
    const columns = rawColumns([{ version: '2023', codebook }]);
    const cells = responsesOf(codebook, 1).map(rawRowMapper(columns, { version: '2023', codebook }, { labels: false }));
    for (const dialect of [CsvDialect.Excel, CsvDialect.Plain]) {
      const { header, rows } = viaCsv(rawHeader(columns), cells, dialect);
      const cell = rows[0].cells[header.indexOf('chancen_prozesseffizienz')];
      expect(cell).toMatch(/^\d$/);
    }
  });
});

describe('rowToAnswers: cells of a 2023 file', () => {
  const { codebook } = compiled('2023');
  const header = ['id', 'status', 'ende', 'zentrum', 'rolle', 'chancen_werbung', 'transfer_demonstratoren', 'reifegrad'];
  const mapping: ImportMapping = {
    externalId: 'id',
    status: { column: 'status', completed: ['abgeschlossen', '1'], partial: ['teilweise', '0'] },
    completedAt: 'ende',
    columns: {
      zentrum: 'zentrum',
      rolle: 'rolle',
      chancen_werbung: 'chancen.werbung',
      transfer_demonstratoren: 'transfer.demonstratoren',
      reifegrad: 'reifegrad',
    },
  };
  const plan = planOf(mapping, codebook, header);
  const good: ImportCell[] = ['r1', 'abgeschlossen', '2023-05-04T08:15:00Z', 'Zentrum Nord', 'ki_trainer', '4', '1', 'uebungsphase'];
  const withCell = (column: string, value: ImportCell): ImportCell[] =>
    good.map((cell, index) => (header[index] === column ? value : cell));
  const convert = (cells: ImportCell[], plan2 = plan) => rowToAnswers({ row: 7, cells }, plan2);

  it('converts a good row', () => {
    expect(convert(good)).toEqual({
      outcome: 'answers',
      row: 7,
      externalId: 'r1',
      status: 'completed',
      completedAt: new Date('2023-05-04T08:15:00Z'),
      answers: {
        zentrum: 'Zentrum Nord',
        rolle: 'ki_trainer',
        chancen: { werbung: 4 },
        transfer: { demonstratoren: 1 },
        reifegrad: 'uebungsphase',
      },
    });
  });

  it.each<[string, string, ImportCell, string, unknown]>([
    ['a label, case and spaces aside', 'chancen_werbung', '  Trifft   ZU ', 'chancen', { werbung: 4 }],
    ['a code as a number (XLSX, SPSS)', 'chancen_werbung', 3, 'chancen', { werbung: 3 }],
    ['a code with a zero decimal part', 'chancen_werbung', '2,0', 'chancen', { werbung: 2 }],
    ['"keine Angabe"', 'chancen_werbung', 'keine Angabe', 'chancen', { werbung: 'na' }],
    ['"na"', 'chancen_werbung', 'NA', 'chancen', { werbung: 'na' }],
    ['"nein" of a yes/no matrix', 'transfer_demonstratoren', 'nein', 'transfer', { demonstratoren: 0 }],
    ['a choice label', 'rolle', 'KI-Trainer:in', 'rolle', 'ki_trainer'],
    ['a choice code in capitals', 'rolle', 'KI_EXPERTE', 'rolle', 'ki_experte'],
    ['a long choice label', 'reifegrad', 'Nicht gestartet', 'reifegrad', 'nicht_gestartet'],
    ['an apostrophe-quoted formula text (the export neutralizes so)', 'zentrum', "'=1+1", 'zentrum', '=1+1'],
    ['a text that is a negative number', 'zentrum', '-2', 'zentrum', '-2'],
    ['a number in a text question', 'zentrum', 42, 'zentrum', '42'],
  ])('reads %s', (_, column, value, question, expected) => {
    const result = convert(withCell(column, value));
    expect(result).toMatchObject({ outcome: 'answers', answers: { [question]: expected } });
  });

  it.each<[string, string, ImportCell]>([
    ['an empty cell', 'chancen_werbung', ''],
    ['a blank cell', 'chancen_werbung', '   '],
    ['null', 'rolle', null],
    ['an empty text', 'zentrum', ''],
  ])('leaves out %s (no answer)', (_, column, value) => {
    const result = convert(withCell(column, value)) as Extract<RowResult, { outcome: 'answers' }>;
    expect(result.outcome).toBe('answers');
    const question = mapping.columns[column].split('.')[0];
    expect(result.answers).not.toHaveProperty(question);
  });

  /** The cell as the error shows it: as written, cut after 200 characters. */
  const shownValue = (value: ImportCell) =>
    value === null ? null : String(value).length > 200 ? `${String(value).slice(0, 200)}…` : String(value);

  it.each<[string, string, ImportCell, ImportErrorCode, RegExp]>([
    [
      'an unknown label',
      'chancen_werbung',
      'trifft total zu',
      'LABEL_UNKNOWN',
      /Unknown answer "trifft total zu" for chancen: expected 1, 2, 3, 4, "na" or a label/,
    ],
    ['an unknown choice', 'rolle', 'Trainer', 'LABEL_UNKNOWN', /Unknown answer "Trainer" for rolle/],
    ['a level above the scale', 'chancen_werbung', '5', 'VALUE_OUTSIDE_SCALE', /"5" is outside the scale of chancen \(1, 2, 3, 4, "na"\)/],
    ['a number above the scale', 'chancen_werbung', 5, 'VALUE_OUTSIDE_SCALE', /5 is outside the scale/],
    ['zero on a 1-4 scale', 'chancen_werbung', '0', 'VALUE_OUTSIDE_SCALE', /outside the scale/],
    ['a fraction', 'chancen_werbung', '3,5', 'VALUE_OUTSIDE_SCALE', /outside the scale/],
    ['a fraction as a number', 'chancen_werbung', 3.5, 'VALUE_OUTSIDE_SCALE', /outside the scale/],
    ['2 on a yes/no matrix', 'transfer_demonstratoren', 2, 'VALUE_OUTSIDE_SCALE', /outside the scale of transfer \(0, 1, "na"\)/],
    ['a number where a choice is expected', 'rolle', 2, 'NUMBER_FOR_CHOICE', /2 is a number where a choice of rolle is expected/],
    ['a number as text where a choice is expected', 'reifegrad', '3', 'NUMBER_FOR_CHOICE', /number where a choice of reifegrad/],
    [
      'a formula in a text',
      'zentrum',
      '=HYPERLINK("http://x.example")',
      'FORMULA_TEXT',
      /starting with "=" looks like a spreadsheet formula/,
    ],
    ['an @ formula', 'zentrum', '@SUM(A1)', 'FORMULA_TEXT', /"@"/],
    ['a + text', 'zentrum', '+49 30 1234', 'FORMULA_TEXT', /"\+"/],
    ['a - text', 'zentrum', '-- nichts --', 'FORMULA_TEXT', /"-"/],
    ['a formula in a scale column', 'chancen_werbung', '=4', 'FORMULA_TEXT', /formula/],
    ['a text too long', 'zentrum', 'x'.repeat(MAX_TEXT_LENGTH + 1), 'TEXT_TOO_LONG', /10001 characters long \(at most 10000\)/],
    ['a missing external id', 'id', '', 'EXTERNAL_ID_MISSING', /external id \(column "id"\) is empty/],
    ['a null external id', 'id', null, 'EXTERNAL_ID_MISSING', /empty/],
    ['an external id too long', 'id', 'x'.repeat(201), 'EXTERNAL_ID_INVALID', /longer than 200/],
    ['an external id with a control character', 'id', 'a\u0000b', 'EXTERNAL_ID_INVALID', /control characters/],
    ['a formula as external id', 'id', '=1+1', 'FORMULA_TEXT', /formula/],
    ['an unknown status', 'status', 'fertig', 'STATUS_UNKNOWN', /Unknown status "fertig": expected "abgeschlossen", "1", "teilweise", "0"/],
    ['an empty status', 'status', '', 'STATUS_UNKNOWN', /Unknown status ""/],
    ['a German date as completion time', 'ende', '04.05.2023 10:15', 'COMPLETED_AT_INVALID', /ISO 8601/],
    ['a completion time on a day that does not exist', 'ende', '2023-02-30T10:15:00', 'COMPLETED_AT_INVALID', /ISO 8601/],
    ['a number as completion time', 'ende', 45050.5, 'COMPLETED_AT_INVALID', /ISO 8601/],
  ])('refuses %s with an error at the cell', (_, column, value, code, message) => {
    const result = convert(withCell(column, value));
    expect(result).toEqual({
      outcome: 'errors',
      row: 7,
      errors: [{ row: 7, column, value: shownValue(value), code, message: expect.stringMatching(message) }],
    });
  });

  it.each<[string, string, string | undefined, string]>([
    ['with its zone', '2023-05-04T10:15:00+02:00', undefined, '2023-05-04T08:15:00.000Z'],
    ['in UTC', '2023-05-04T08:15:00.250Z', 'Europe/Berlin', '2023-05-04T08:15:00.250Z'],
    ['without a zone (an Excel date cell): UTC by default', '2023-05-04T10:15:00', undefined, '2023-05-04T10:15:00.000Z'],
    ['without a zone, the mapping saying Berlin (summer)', '2023-05-04T10:15:00', 'Europe/Berlin', '2023-05-04T08:15:00.000Z'],
    ['without a zone, the mapping saying Berlin (winter)', '2023-01-04 10:15', 'Europe/Berlin', '2023-01-04T09:15:00.000Z'],
  ])('reads a completion time %s', (_, value, zone, expected) => {
    const zoned = compileMapping({ ...mapping, completedAtZone: zone as 'UTC' | 'Europe/Berlin' | undefined }, codebook, header);
    const result = rowToAnswers({ row: 7, cells: withCell('ende', value) }, (zoned as { plan: ImportPlan }).plan);
    expect(result).toMatchObject({ outcome: 'answers' });
    expect((result as Extract<RowResult, { outcome: 'answers' }>).completedAt?.toISOString()).toBe(expected);
  });

  it('reports every bad cell of a row, not only the first', () => {
    const cells = withCell('rolle', 7).map((cell, index) => (header[index] === 'chancen_werbung' ? 'sehr' : cell));
    const result = convert(cells) as Extract<RowResult, { outcome: 'errors' }>;
    expect(result.errors.map((error) => [error.column, error.code])).toEqual([
      ['rolle', 'NUMBER_FOR_CHOICE'],
      ['chancen_werbung', 'LABEL_UNKNOWN'],
    ]);
  });

  it('refuses an empty row as a whole', () => {
    expect(convert(['', null, ' ', '', '', '', '', ''])).toEqual({
      outcome: 'errors',
      row: 7,
      errors: [{ row: 7, column: null, value: null, code: 'EMPTY_ROW', message: 'The row is empty' }],
    });
    expect(convert([])).toMatchObject({ outcome: 'errors', errors: [{ code: 'EMPTY_ROW' }] });
  });

  it('treats missing trailing cells as empty', () => {
    expect(convert(['r1', '0'])).toMatchObject({ outcome: 'answers', status: 'partial', answers: {}, completedAt: null });
  });

  it('refuses a duplicate external id inside the file, naming the first line, also after a row with other errors', () => {
    const tracker = new DuplicateTracker();
    const rows: ImportRow[] = [
      { row: 2, cells: withCell('rolle', 9) },
      { row: 3, cells: withCell('id', 'r2') },
      { row: 4, cells: good },
      { row: 5, cells: withCell('id', ' r2 ') },
    ];
    const results = rows.map((row) => rowToAnswers(row, plan, tracker));
    expect(results.map((result) => result.outcome)).toEqual(['errors', 'answers', 'errors', 'errors']);
    expect(results[2]).toMatchObject({
      errors: [{ column: 'id', code: 'EXTERNAL_ID_DUPLICATE', message: expect.stringMatching(/"r1" already appears in line 2/) }],
    });
    expect(results[3]).toMatchObject({
      errors: [{ column: 'id', code: 'EXTERNAL_ID_DUPLICATE', message: expect.stringMatching(/line 3/) }],
    });
  });

  it('configures empty cells and "k.A." per question or for all questions', () => {
    const configured = planOf(
      { ...mapping, values: { '*': { 'k.A.': null, 'w.n.': 'na' }, chancen: { '': 'na', 'k.A.': 'na' } } },
      codebook,
      header,
    );
    const answersOf = (column: string, value: ImportCell) =>
      (convert(withCell(column, value), configured) as Extract<RowResult, { outcome: 'answers' }>).answers;
    expect(answersOf('chancen_werbung', '')).toMatchObject({ chancen: { werbung: 'na' } });
    expect(answersOf('chancen_werbung', 'K.A.')).toMatchObject({ chancen: { werbung: 'na' } });
    expect(answersOf('transfer_demonstratoren', '')).not.toHaveProperty('transfer');
    expect(answersOf('transfer_demonstratoren', 'k.A.')).not.toHaveProperty('transfer');
    expect(answersOf('rolle', 'w.n.')).toMatchObject({ rolle: 'na' });
    expect(answersOf('rolle', 'k. A.')).toBeUndefined();
  });

  it('has a German text for every error code', () => {
    expect(Object.keys(IMPORT_ERROR_GERMAN).sort()).toEqual([...IMPORT_ERROR_CODES].sort());
  });
});

describe('a LimeSurvey export (labels as values) with the committed mapping', () => {
  const definition = compiled('2023');
  const mapping = fixture('limesurvey-2023.mapping.json');
  const header = ['id', 'submitdate', 'lastpage', 'startlanguage', 'seed', ...Object.keys(mapping.columns), 'ipaddr', 'refurl'];
  const plan = planOf(mapping, definition.codebook, header);
  const row = (line: number, values: Record<string, ImportCell>): ImportRow => ({
    row: line,
    cells: header.map((column) => values[column] ?? ''),
  });

  it('lists the columns neither mapped nor ignored', () => {
    expect(plan.unmappedColumns).toEqual(['refurl']);
  });

  it('reads labels, its own spellings and "k.A." into the codes the respondent API stores', () => {
    const result = rowToAnswers(
      row(2, {
        id: '17',
        lastpage: '9',
        zentrum: 'Mittelstand-Digital Zentrum Hamburg',
        rolle: 'KI-Trainer',
        'chancen[prozesseffizienz]': 'trifft zu',
        'chancen[logistik]': 'trifft eher nicht zu',
        'chancen[kundenservice]': 'keine Angabe',
        'chancen[werbung]': 'k.A.',
        'chancen[nachhaltigkeit]': 'Trifft eher zu',
        reifegrad: 'Übungsphase (Einsatzmöglichkeiten von KI sind bekannt und die systematische Umsetzung hat begonnen)',
        'transfer[erfolgsgeschichten]': 'Ja',
        'transfer[qualifizierung]': 'Nein',
        ipaddr: '192.0.2.1',
      }),
      plan,
    );
    const answers = {
      zentrum: 'Mittelstand-Digital Zentrum Hamburg',
      rolle: 'ki_trainer',
      chancen: { prozesseffizienz: 4, logistik: 2, kundenservice: 'na', nachhaltigkeit: 3 },
      reifegrad: 'uebungsphase',
      transfer: { erfolgsgeschichten: 1, qualifizierung: 0 },
    };
    expect(result).toEqual({ outcome: 'answers', row: 2, externalId: '17', status: 'completed', completedAt: undefined, answers });
    expect(validateAnswers(rules, definition, answers, true)).toEqual([]);
  });

  it('reads an unfinished response as partial', () => {
    expect(rowToAnswers(row(3, { id: '18', lastpage: '3', rolle: 'KI-Experte' }), plan)).toMatchObject({
      outcome: 'answers',
      status: 'partial',
      answers: { rolle: 'ki_experte' },
    });
  });
});

describe('a Qualtrics export (three header lines, numeric codes) with the committed mapping', () => {
  const definition = compiled('2023');
  const mapping = fixture('qualtrics-2023.mapping.json');
  const header = [
    'StartDate',
    'EndDate',
    'Status',
    'IPAddress',
    'Progress',
    'Duration (in seconds)',
    'Finished',
    'RecordedDate',
    'ResponseId',
  ];
  header.push(
    'LocationLatitude',
    'LocationLongitude',
    'UserLanguage',
    'Q1',
    'Q2',
    'Q3_1',
    'Q3_2',
    'Q3_3',
    'Q3_4',
    'Q3_5',
    'Q3_6',
    'Q8',
    'Q_RecaptchaScore',
  );
  const plan = planOf(mapping, definition.codebook, header);
  const line = (row: number, values: Record<string, ImportCell>): ImportRow => ({
    row,
    cells: header.map((column) => values[column] ?? ''),
  });
  const rows: ImportRow[] = [
    line(2, Object.fromEntries(header.map((column) => [column, `Frage ${column}`]))),
    line(3, Object.fromEntries(header.map((column) => [column, `{"ImportId":"${column}"}`]))),
    line(4, { ResponseId: 'R_1a', Finished: 'True', Q1: 'Zentrum Chemnitz', Q2: '2', Q3_1: '4', Q3_2: '5', Q3_4: '1', Q8: '2' }),
    line(5, { ResponseId: 'R_2b', Finished: 'False', Q2: '3', Q3_6: '3' }),
    line(6, { ResponseId: 'R_1a', Finished: 'True', Q1: 'noch einmal' }),
  ];

  it('skips lines 2 and 3, reads codes through the value maps and refuses the repeated response id', () => {
    const tracker = new DuplicateTracker();
    const results = rows.map((row) => rowToAnswers(row, plan, tracker));
    expect(results[0]).toEqual({ outcome: 'skipped', row: 2 });
    expect(results[1]).toEqual({ outcome: 'skipped', row: 3 });
    expect(results[2]).toEqual({
      outcome: 'answers',
      row: 4,
      externalId: 'R_1a',
      status: 'completed',
      completedAt: undefined,
      answers: {
        zentrum: 'Zentrum Chemnitz',
        rolle: 'ki_experte',
        chancen: { prozesseffizienz: 4, logistik: 'na', werbung: 1 },
        reifegrad: 'experimentierphase',
      },
    });
    expect(results[3]).toMatchObject({ outcome: 'answers', status: 'partial', answers: { rolle: 'na', chancen: { nachhaltigkeit: 3 } } });
    expect(results[4]).toMatchObject({ outcome: 'errors', errors: [{ row: 6, column: 'ResponseId', code: 'EXTERNAL_ID_DUPLICATE' }] });
    for (const result of results.slice(2, 4)) {
      const { answers, status } = result as Extract<RowResult, { outcome: 'answers' }>;
      expect(validateAnswers(rules, definition, answers, status === 'completed')).toEqual([]);
    }
  });

  it('lists the Qualtrics column the mapping forgot', () => {
    expect(plan.unmappedColumns).toEqual(['Q_RecaptchaScore']);
  });
});

describe('SPSS value labels', () => {
  const { codebook } = compiled('2023');
  const header = ['lfdn', 'rolle', 'chancen_werbung'];
  const mapping: ImportMapping = { externalId: 'lfdn', columns: { rolle: 'rolle', chancen_werbung: 'chancen.werbung' } };
  const valueLabels: ValueLabels = {
    rolle: [
      { value: 1, label: 'KI-Trainer:in' },
      { value: 2, label: 'weitere:r KI-Expert:in' },
      { value: 9, label: 'keine Angabe' },
    ],
    chancen_werbung: [
      { value: 1, label: 'trifft nicht zu' },
      { value: 4, label: 'stimme voll zu' },
    ],
  };
  const plan = planOf(mapping, codebook, header, valueLabels);

  it('reads a stored value through its label', () => {
    expect(rowToAnswers({ row: 2, cells: [1001, 1, 1] }, plan)).toMatchObject({
      externalId: '1001',
      answers: { rolle: 'ki_trainer', chancen: { werbung: 1 } },
    });
    expect(rowToAnswers({ row: 3, cells: [1002, 9, null] }, plan)).toMatchObject({ answers: { rolle: 'na' } });
  });

  it('refuses a label the codebook does not know, showing value and label', () => {
    expect(rowToAnswers({ row: 4, cells: [1003, 2, 4] }, plan)).toMatchObject({
      outcome: 'errors',
      errors: [{ column: 'chancen_werbung', value: '4', code: 'LABEL_UNKNOWN', message: expect.stringContaining('4 ("stimme voll zu")') }],
    });
  });

  it('lets a value map name the stored value or the label', () => {
    const byValue = planOf({ ...mapping, values: { chancen: { '4': 4 } } }, codebook, header, valueLabels);
    expect(rowToAnswers({ row: 5, cells: [1004, 2, 4] }, byValue)).toMatchObject({ answers: { chancen: { werbung: 4 } } });
    const byLabel = planOf({ ...mapping, values: { chancen: { 'stimme voll zu': 4 } } }, codebook, header, valueLabels);
    expect(rowToAnswers({ row: 5, cells: [1004, 2, 4] }, byLabel)).toMatchObject({ answers: { chancen: { werbung: 4 } } });
  });
});

describe('the respondent checks on imported answers (validateAnswers) as cell errors', () => {
  const content = definitionOf('2023');
  const hidden = structuredClone(content);
  for (const page of hidden.pages as Array<{ elements: Array<Record<string, unknown>> }>) {
    for (const element of page.elements) if (element.name === 'transfer_sonstiges') element.visibleIf = "{rolle} = 'ki_trainer'";
  }
  const definition = compiled('2023', hidden, 'ki-mittelstand-2023-with-visible-if');
  const header = ['id', 'zentrum', 'rolle', 'sonstiges'];
  const plan = planOf(
    { externalId: 'id', columns: { zentrum: 'zentrum', rolle: 'rolle', sonstiges: 'transfer_sonstiges' } },
    definition.codebook,
    header,
  );

  it('refuses a hidden question answered, at its column', () => {
    const row: ImportRow = { row: 4, cells: ['x1', 'Zentrum Süd', 'ki_experte', 'Mehr Beispiele'] };
    const result = rowToAnswers(row, plan) as Extract<RowResult, { outcome: 'answers' }>;
    const details = validateAnswers(rules, definition, result.answers, true);
    expect(validationErrorsToCells(details, row, plan)).toEqual([
      {
        row: 4,
        column: 'sonstiges',
        value: 'Mehr Beispiele',
        code: 'ANSWER_INVALID',
        message: expect.stringMatching(/^transfer_sonstiges: .*ausgeblendet/),
      },
    ]);
  });

  it('refuses a completed response without the required question', () => {
    const row: ImportRow = { row: 5, cells: ['x2', 'Zentrum Süd', '', ''] };
    const result = rowToAnswers(row, plan) as Extract<RowResult, { outcome: 'answers' }>;
    expect(validationErrorsToCells(validateAnswers(rules, definition, result.answers, true), row, plan)).toEqual([
      { row: 5, column: 'rolle', value: '', code: 'ANSWER_INVALID', message: 'rolle: Bitte beantworten Sie diese Frage.' },
    ]);
    expect(validateAnswers(rules, definition, result.answers, false)).toEqual([]);
  });
});
