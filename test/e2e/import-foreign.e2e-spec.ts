import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DefinitionVersion } from '../../src/definitions/definition-version.entity';
import { BEREICHE, Case, CASES, CHANCEN, HEMMNISSE } from '../fixtures/imports/make-fixtures';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Foreign files (issue 15): the committed fixtures of test/fixtures/imports (2019 questionnaire) import with their
 * mapping, and the stored answers are what the fixture's data set (CASES of make-fixtures.ts) says; then every kind
 * of bad row gives an error with row and column, and nothing is stored.

 */
const FIXTURES = join(__dirname, '..', 'fixtures', 'imports');

type Answers = Record<string, unknown>;

/** What a case of the data set is as stored answers, for the questions a file carries (unanswered left out). */
function expectedAnswers(
  c: Case,
  parts: { matrices: Array<'chancen' | 'bereiche' | 'hemmnisse'>; leaveOut?: string[]; zentrum?: (text: string) => string },
): Answers {
  const answers: Answers = {};
  if (c.zentrum !== null) answers.zentrum = parts.zentrum ? parts.zentrum(c.zentrum) : c.zentrum;
  if (c.rolle !== null) answers.rolle = c.rolle;
  const items = { chancen: CHANCEN, bereiche: BEREICHE, hemmnisse: HEMMNISSE };
  for (const matrix of parts.matrices) {
    const values: Answers = {};
    c[matrix].forEach((code, index) => {
      const item = items[matrix][index];
      if (code !== null && !(parts.leaveOut ?? []).includes(`${matrix}.${item}`)) values[item] = code;
    });
    if (Object.keys(values).length > 0) answers[matrix] = values;
  }
  return answers;
}

const qualtricsId = (c: Case) => `R_${c.id.toString(36).padStart(15, 'x')}`;

interface FixtureCase {
  file: string;
  mapping: string;
  /** The line of case 108 (completed, the required rolle empty): refused by the respondent rules, skipped on commit. */
  line108?: number;
  rolleColumn: string;
  cases: Case[];
  externalId: (c: Case) => string;
  partial: number[];
  answers: (c: Case) => Answers;
}

const LIMESURVEY_ANSWERS = (c: Case) => expectedAnswers(c, { matrices: ['chancen', 'bereiche', 'hemmnisse'] });

const FIXTURE_CASES: FixtureCase[] = [
  {
    file: 'limesurvey-2019.csv',
    mapping: 'limesurvey-2019.mapping.json',
    line108: 10,
    rolleColumn: 'rolle',
    cases: CASES,
    externalId: (c) => String(c.id),
    partial: [106],
    answers: LIMESURVEY_ANSWERS,
  },
  {
    file: 'excel-de-2019.csv',
    mapping: 'excel-de-2019.mapping.json',
    line108: 10,
    rolleColumn: 'rolle',
    cases: CASES,
    externalId: (c) => String(c.id),
    partial: [106],
    answers: LIMESURVEY_ANSWERS,
  },
  {
    file: 'qualtrics-2019.csv',
    mapping: 'qualtrics-2019.mapping.json',
    line108: 12,
    rolleColumn: 'Q2',
    cases: CASES,
    externalId: qualtricsId,
    partial: [106],
    answers: (c) => expectedAnswers(c, { matrices: ['chancen'] }),
  },
  {
    // I2 (chancen.personalaufwand of case 101) is a formula: refused with the committed mapping, imported without that column.
    file: 'workbook-2019.xlsx',
    mapping: 'workbook-2019.mapping.json',
    rolleColumn: 'rolle',
    cases: CASES.slice(0, 5),
    externalId: (c) => String(c.id),
    partial: [],
    answers: (c) => expectedAnswers(c, { matrices: ['chancen'], leaveOut: ['chancen.personalaufwand'] }),
  },
  {
    // SPSS: values with value labels; the line breaks of zentrum are " / " in the .sav (PSPP writes one line).
    file: 'survey-2019.sav',
    mapping: 'survey-2019.mapping.json',
    line108: 9,
    rolleColumn: 'rolle',
    cases: CASES,
    externalId: (c) => String(c.id),
    partial: [],
    answers: (c) => expectedAnswers(c, { matrices: ['chancen'], zentrum: (text) => text.replace(/\n/g, ' / ') }),
  },
];

describe('import of foreign files and bad rows', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let folder: string;
  const http = () => request(testApp.app.getHttpServer());
  const query = <T>(sql: string, parameters: unknown[] = []) => testApp.dataSource.query<T[]>(sql, parameters);
  const upload = (code: string, file: Buffer | string, name: string, mapping?: object, dryRun = false) => {
    const call = http()
      .post(`/api/waves/${code}/imports`)
      .query(dryRun ? { dryRun: 'true' } : {})
      .auth(staff.admin, { type: 'bearer' })
      .attach('file', file, name);
    return mapping === undefined ? call : call.field('mapping', JSON.stringify(mapping));
  };
  const stored = (code: string) =>
    query<{ external_id: string; status: string; answers: Answers }>(
      'SELECT r.external_id, r.status, r.answers FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1 ORDER BY r.external_id',
      [code],
    );
  const importsOf = async (code: string) =>
    (await query<{ n: number }>('SELECT count(*)::int AS n FROM imports i JOIN waves w ON w.id = i.wave_id WHERE w.code = $1', [code]))[0]
      .n;
  let waveNumber = 0;
  const draft2019 = async () => {
    waveNumber += 1;
    const code = `fremd-${waveNumber}`;
    await createWave(testApp.app, staff.admin, { code, version: '2019', open: false });
    return code;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    folder = await mkdtemp(join(tmpdir(), 'import-foreign-'));
  });

  afterAll(async () => {
    await testApp.close();
    await rm(folder, { recursive: true, force: true });
  });

  describe.each(FIXTURE_CASES)('$file with its mapping', (fixture) => {
    it('imports what the fixture says (case 108 without the required rolle is named and, skipped, leaves the rest)', async () => {
      const code = await draft2019();
      const file = readFileSync(join(FIXTURES, fixture.file));
      const mapping = JSON.parse(readFileSync(join(FIXTURES, fixture.mapping), 'utf8')) as {
        skipRows?: number[];
        columns: Record<string, string>;
        ignore?: string[];
      };
      let cases = fixture.cases;
      let used: object;

      const dry = await upload(code, file, fixture.file, mapping, true).expect(200);
      expect(dry.body.unmappedColumns).toEqual([]);
      if (fixture.line108 !== undefined) {
        expect(dry.body).toMatchObject({ rows: 8, valid: 7, invalid: 1 });
        expect(dry.body.errors).toEqual([
          expect.objectContaining({ row: fixture.line108, column: fixture.rolleColumn, code: 'ANSWER_INVALID' }),
        ]);
        await upload(code, file, fixture.file, mapping).expect(422);
        used = { ...mapping, skipRows: [...(mapping.skipRows ?? []), fixture.line108] };
        cases = cases.filter((c) => c.id !== 108);
      } else {
        // The workbook's formula cell I2 is refused with row and column; without that column the sheet imports.
        expect(dry.body.errors).toEqual([expect.objectContaining({ row: 2, column: 'chancen.personalaufwand', code: 'CELL_UNREADABLE' })]);
        await upload(code, file, fixture.file, mapping).expect(422);
        const { 'chancen.personalaufwand': _formula, ...columns } = mapping.columns;
        used = { ...mapping, columns, ignore: [...(mapping.ignore ?? []), 'chancen.personalaufwand'] };
      }
      expect(await stored(code)).toEqual([]);
      expect(await importsOf(code)).toBe(0);

      const committed = await upload(code, file, fixture.file, used).expect(201);
      expect(committed.body).toMatchObject({ created: cases.length, unchanged: 0 });
      const rows = await stored(code);
      expect(rows).toEqual(
        cases
          .map((c) => ({
            external_id: fixture.externalId(c),
            status: fixture.partial.includes(c.id) ? 'partial' : 'completed',
            answers: fixture.answers(c),
          }))
          .sort((a, b) => (a.external_id < b.external_id ? -1 : 1)),
      );
      // Spot checks a person would make: umlauts and quotes intact, "keine Angabe" stored as na.
      expect(rows.find((row) => row.external_id === fixture.externalId(CASES[1]))?.answers).toMatchObject({
        zentrum: 'Zentrum Würzburg, Büro "Süd"',
        rolle: 'ki_experte',
      });
      expect(rows.find((row) => row.external_id === fixture.externalId(CASES[3]))?.answers).toMatchObject({ rolle: 'na' });

      const again = await upload(code, file, fixture.file, used).expect(200);
      expect(again.body).toEqual({ importId: null, created: 0, unchanged: cases.length, replaced: 0 });
    });
  });

  describe('every kind of bad row: an error with row and column, nothing stored', () => {
    const HEADER = 'id;rolle;chancen[werbung];zentrum';
    const MAPPING = {
      externalId: 'id',
      columns: { rolle: 'rolle', 'chancen[werbung]': 'chancen.werbung', zentrum: 'zentrum' },
    };
    const csv = (...lines: string[]) => Buffer.from([HEADER, ...lines].join('\r\n') + '\r\n', 'utf8');
    const GOOD = 'A-1;ki_trainer;4;Zentrum Hannover';

    it.each([
      ['an unknown code', csv(GOOD, 'A-2;ki_chefin;3;x'), { row: 3, column: 'rolle', code: 'LABEL_UNKNOWN', value: 'ki_chefin' }],
      [
        'a value outside the scale',
        csv(GOOD, 'A-2;ki_trainer;6;x'),
        { row: 3, column: 'chancen[werbung]', code: 'VALUE_OUTSIDE_SCALE', value: '6' },
      ],
      [
        'a duplicate external id inside the file',
        csv(GOOD, 'A-1;ki_experte;2;y'),
        { row: 3, column: 'id', code: 'EXTERNAL_ID_DUPLICATE', value: 'A-1' },
      ],
      [
        'a formula-looking cell',
        csv(GOOD, 'A-2;ki_trainer;3;=HYPERLINK("http://evil.example")'),
        { row: 3, column: 'zentrum', code: 'FORMULA_TEXT' },
      ],
      [
        // Past the 64 KB the encoding is chosen from (UTF-8), a byte that is not UTF-8.
        'an encoding error',
        Buffer.concat([
          csv(GOOD, ...Array.from({ length: 800 }, (_v, index) => `B-${index};ki_trainer;3;${'Zentrum Lörrach '.repeat(6)}`)),
          Buffer.from('C-1;ki_trainer;3;Zentrum L\xf6rrach\r\n', 'latin1'),
        ]),
        { row: 803, column: 'zentrum', code: 'CELL_UNREADABLE' },
      ],
      ['an empty file', Buffer.alloc(0), { row: 1, column: null, code: 'FILE_UNREADABLE' }],
    ])('%s', async (_kind, file, error) => {
      const code = await draft2019();
      const refused = await upload(code, file, 'daten.csv', MAPPING).expect(422);
      expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining(error)]));
      expect(refused.body).not.toHaveProperty('stack');
      expect(await stored(code)).toEqual([]);
      expect(await importsOf(code)).toBe(0);
    });

    it('a hidden question answered (survey logic), in a wave of a questionnaire with visibleIf', async () => {
      const definition = {
        locale: 'de',
        title: 'Logik',
        pages: [
          {
            name: 'p1',
            elements: [
              {
                type: 'radiogroup',
                name: 'nutzt_ki',
                title: 'Nutzen Sie KI?',
                choices: ['ja', 'nein'].map((value) => ({ value, text: value })),
              },
              { type: 'comment', name: 'wofuer', title: 'Wofür?', visibleIf: "{nutzt_ki} = 'ja'" },
            ],
          },
        ],
      };
      await testApp.dataSource
        .getRepository(DefinitionVersion)
        .insert({ surveyId: 'logik-import', version: '1', content: definition, hash: 'b'.repeat(64), source: 'upload' });
      await createWave(testApp.app, staff.admin, { code: 'logik-import', surveyId: 'logik-import', version: '1', open: false });
      const file = Buffer.from('id;nutzt_ki;wofuer\r\n1;ja;Texte\r\n2;nein;Bilder\r\n');
      const refused = await upload('logik-import', file, 'logik.csv', {
        externalId: 'id',
        columns: { nutzt_ki: 'nutzt_ki', wofuer: 'wofuer' },
      }).expect(422);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({ row: 3, column: 'wofuer', code: 'ANSWER_INVALID', message: expect.stringContaining('ausgeblendet') }),
      ]);
      expect(await stored('logik-import')).toEqual([]);
      expect(await importsOf('logik-import')).toBe(0);
    });

    it('50 MB of junk under a good header line: a clear 422 naming a row, in bounded time', async () => {
      const code = await draft2019();
      const path = join(folder, 'junk.csv');
      const alphabet = 'abcXYZ019;,"\t \r\n';
      const chunk = Buffer.alloc(1024 * 1024);
      let seed = 7;
      for (let index = 0; index < chunk.length; index += 1) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        chunk[index] = alphabet.charCodeAt(seed % alphabet.length);
      }
      await writeFile(path, Buffer.concat([Buffer.from(`${HEADER}\r\n`), ...Array.from({ length: 50 }, () => chunk)]));
      const started = performance.now();
      const refused = await upload(code, path, 'junk.csv', MAPPING).expect(422);
      const seconds = (performance.now() - started) / 1000;
      expect(refused.body.code).toBe('IMPORT_FILE_UNREADABLE');
      expect(refused.body.message).toMatch(/cannot be read as a table/);
      expect(refused.body.errors.at(-1)).toEqual(expect.objectContaining({ row: expect.any(Number), code: 'FILE_UNREADABLE' }));
      expect(refused.body.errors.at(-1).row).toBeGreaterThan(1);
      expect(seconds).toBeLessThan(30);
      expect(await stored(code)).toEqual([]);
      expect(await importsOf(code)).toBe(0);
    }, 60_000);
  });
});
