import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { StaffTokens } from '../support/factories';
import { createWave, invite } from '../support/factories';
import { decimalComma, excelCsv, exportClient, germanShare, SET_UP_TIMEOUT, setUpExportsWave, workbookOf } from '../support/exports-wave';
import { isNumericInR, readWithR } from '../support/r-csv';
import { svgTexts } from '../fixtures/svg-texts';
import type { TestApp } from '../support/test-app';

/** The aggregated exports (results, trends, figures, codebooks) against the JSON API; raw data: exports-raw, CLI: exports-cli. */

interface FigureJson {
  id: string;
  number: number;
  title: string;
  waves: string[];
  delta: boolean;
  n: Array<{ wave: string; nReported: number | null }>;
  rows: Array<{
    code: string;
    title: string;
    values: Array<{ wave: string; asked: boolean; share: number | null; nBase: number | null; deltaPp: number | null }>;
  }>;
  notes: string[];
}

describe('exports: results, trends, figures and codebooks', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const { http, asAnalyst, asAdmin, fileOf } = exportClient(() => ({ testApp, staff }));

  beforeAll(async () => {
    ({ testApp, staff } = await setUpExportsWave());
  }, SET_UP_TIMEOUT);

  afterAll(() => testApp.close());

  describe('routes', () => {
    it('documents every export route in the OpenAPI document, with the file types it produces', async () => {
      const paths = (await http().get('/api/docs-json').expect(200)).body.paths as Record<
        string,
        {
          get: {
            produces?: string[];
            responses: Record<string, { content?: Record<string, unknown> }>;
            parameters: Array<{ name: string; in: string }>;
          };
        }
      >;
      for (const path of [
        '/api/waves/{code}/results.{ext}',
        '/api/waves/{code}/responses.{ext}',
        '/api/surveys/{surveyId}/trends.{ext}',
        '/api/surveys/{surveyId}/figures/{figureId}.{ext}',
        '/api/surveys/{surveyId}/responses.{ext}',
        '/api/surveys/{surveyId}/codebook.{ext}',
        '/api/definitions/{surveyId}/versions/{version}/codebook.{ext}',
      ]) {
        expect(paths[path]?.get.parameters.map((parameter) => `${parameter.in}:${parameter.name}`)).toContain('path:ext');
        expect(Object.keys(paths[path].get.responses['200'].content ?? {})).toContain('text/csv; charset=utf-8');
      }
      expect(Object.keys(paths['/api/surveys/{surveyId}/figures/{figureId}.{ext}'].get.responses['200'].content ?? {})).toContain(
        'image/svg+xml; charset=utf-8',
      );
    });

    it.each([
      ['/api/waves/exp-2023/results.csv', 'text/csv; charset=utf-8', 'exp-2023-results.csv'],
      ['/api/waves/exp-2023/results.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'exp-2023-results.xlsx'],
      ['/api/surveys/ki-mittelstand/trends.csv', 'text/csv; charset=utf-8', 'ki-mittelstand-trends.csv'],
      [
        '/api/surveys/ki-mittelstand/figures/abb5.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'ki-mittelstand-abb5.xlsx',
      ],
      ['/api/surveys/ki-mittelstand/figures/abb5.svg', 'image/svg+xml; charset=utf-8', 'ki-mittelstand-abb5.svg'],
      ['/api/definitions/ki-mittelstand/versions/2023/codebook.csv', 'text/csv; charset=utf-8', 'ki-mittelstand-2023-codebook.csv'],
    ])('%s is a download of type %s named %s', async (path, type, filename) => {
      const response = await fileOf(path);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
    });

    it.each([
      ['/api/waves/exp-2023/results.pdf', 422],
      ['/api/surveys/ki-mittelstand/figures/abb3.png', 422],
      ['/api/waves/exp-2023/results.csv?format=tsv', 422],
      ['/api/waves/no-such-wave/results.csv', 404],
      ['/api/surveys/no-such-survey/trends.xlsx', 404],
      ['/api/surveys/ki-mittelstand/figures/abb99.svg', 404],
      ['/api/definitions/ki-mittelstand/versions/1999/codebook.csv', 404],
    ])('%s answers %d with a JSON error', async (path, status) => {
      const response = await asAdmin(path).expect(status);
      expect(response.body.statusCode).toBe(status);
    });
  });

  describe('access', () => {
    it.each([
      '/api/waves/exp-2023/results.csv',
      '/api/surveys/ki-mittelstand/trends.xlsx',
      '/api/surveys/ki-mittelstand/figures/abb3.svg',
      '/api/definitions/ki-mittelstand/versions/2023/codebook.csv',
      '/api/waves/exp-2023/responses.csv',
      '/api/surveys/ki-mittelstand/responses.csv',
    ])('%s needs a staff token (401)', async (path) => {
      await http().get(path).expect(401);
    });
  });

  describe('results of a wave', () => {
    let json: {
      completed: number;
      questions: Array<{
        code: string;
        kind: string;
        nReported: number;
        items: Array<{ code: string; nBase: number; share: number | null; counts: Record<string, number> }>;
      }>;
    };

    beforeAll(async () => {
      json = (await asAnalyst('/api/waves/ki-2023/results').expect(200)).body;
    });

    it('CSV (excel dialect) has one row per item with the numbers of the JSON API, decimal comma', async () => {
      const records = excelCsv((await fileOf('/api/waves/ki-2023/results.csv')).body.toString('utf8'));
      const [header, ...rows] = records;
      const column = (name: string) => header.indexOf(name);
      expect(rows).toHaveLength(json.questions.reduce((sum, question) => sum + question.items.length, 0));
      for (const question of json.questions) {
        for (const item of question.items) {
          const row = rows.find((candidate) => candidate[0] === question.code && candidate[1] === item.code) as string[];
          const text = question.kind === 'text';
          expect([row[column('N Frage')], row[column('N Basis')], row[column('Anteil (%)')]]).toEqual([
            String(question.nReported),
            text ? '' : String(item.nBase),
            decimalComma(item.share),
          ]);
          expect(row[column('Anzahl keine Angabe')]).toBe(text ? '' : String(item.counts.na ?? 0));
          if (text) expect(row[column('Anzahl Top')]).toBe('');
        }
      }
      const werbung = rows.find((row) => row[0] === 'chancen' && row[1] === 'werbung') as string[];
      expect(werbung[column('Anteil (%)')]).toBe('88,7');
    });

    it('CSV (plain dialect) has commas, a decimal point and no BOM', async () => {
      const text = (await fileOf('/api/waves/ki-2023/results.csv?format=plain')).body.toString('utf8');
      expect(text.charCodeAt(0)).not.toBe(0xfeff);
      const [header, ...rows] = parse(text);
      const werbung = rows.find((row) => row[0] === 'chancen' && row[1] === 'werbung') as string[];
      expect(werbung[header.indexOf('Anteil (%)')]).toBe('88.7');
    });

    it('XLSX has one sheet per question, frozen header, shares as numbers with one decimal, then the method notes', async () => {
      const workbook = await workbookOf((await fileOf('/api/waves/ki-2023/results.xlsx')).body);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([...json.questions.map((question) => question.code), 'Methoden']);
      for (const question of json.questions) {
        const sheet = workbook.getWorksheet(question.code) as ExcelJS.Worksheet;
        expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
        const header = (sheet.getRow(2).values as unknown[]).slice(1);
        const shareColumn = header.indexOf('Anteil (%)') + 1;
        expect(shareColumn === 0).toBe(question.kind === 'text');
        question.items.forEach((item, index) => {
          const row = sheet.getRow(3 + index);
          expect(row.getCell(1).value).toBe(item.code);
          if (question.kind === 'text') return;
          expect(row.getCell(shareColumn).value).toBe(item.share);
          if (item.share !== null) expect(row.getCell(shareColumn).numFmt).toBe('0.0');
        });
      }
      const chancen = workbook.getWorksheet('chancen') as ExcelJS.Worksheet;
      expect((chancen.getRow(2).values as unknown[]).slice(1)).toEqual(
        expect.arrayContaining(['4 trifft zu', 'keine Angabe', 'Anteil (%)']),
      );
    });
  });

  describe('trends', () => {
    const waves = 'ki-2019,ki-2021,ki-2023';
    let json: {
      waves: string[];
      questions: Array<{
        code: string;
        items: Array<{ code: string; series: Array<{ wave: string; asked: boolean; share: number | null; deltaPp: number | null }> }>;
      }>;
    };

    beforeAll(async () => {
      json = (await asAnalyst(`/api/surveys/ki-mittelstand/trends?waves=${waves}`).expect(200)).body;
    });

    it('CSV has per wave share and change as in the JSON API, empty where a wave did not ask and "nicht abgefragt" in its status column', async () => {
      const [header, ...rows] = excelCsv((await fileOf(`/api/surveys/ki-mittelstand/trends.csv?waves=${waves}`)).body.toString('utf8'));
      let notAsked = 0;
      for (const question of json.questions) {
        for (const item of question.items) {
          const row = rows.find((candidate) => candidate[0] === question.code && candidate[1] === item.code) as string[];
          for (const point of item.series) {
            expect(row[header.indexOf(`${point.wave} Anteil (%)`)]).toBe(point.asked ? decimalComma(point.share) : '');
            expect(row[header.indexOf(`${point.wave} Status`)]).toBe(point.asked ? 'abgefragt' : 'nicht abgefragt');
            expect(row[header.indexOf(`${point.wave} Veränderung (pp)`)]).toBe(point.asked ? decimalComma(point.deltaPp) : '');
            if (!point.asked) notAsked += 1;
          }
        }
      }
      expect(notAsked).toBeGreaterThan(0);
      const regulatorik = rows.find((row) => row[0] === 'hemmnisse' && row[1] === 'regulatorik') as string[];
      expect(regulatorik[header.indexOf('ki-2019 Anteil (%)')]).toBe('');
      expect(regulatorik[header.indexOf('ki-2019 Status')]).toBe('nicht abgefragt');
      expect(regulatorik[header.indexOf('ki-2023 Anteil (%)')]).toBe('25,6');
    });

    it('XLSX has one sheet per question with the shares as numbers and the N per wave below', async () => {
      const workbook = await workbookOf((await fileOf(`/api/surveys/ki-mittelstand/trends.xlsx?waves=${waves}`)).body);
      const hemmnisse = workbook.getWorksheet('hemmnisse') as ExcelJS.Worksheet;
      const header = (hemmnisse.getRow(2).values as unknown[]).slice(1);
      const question = json.questions.find((candidate) => candidate.code === 'hemmnisse');
      question?.items.forEach((item, index) => {
        const row = hemmnisse.getRow(3 + index);
        for (const point of item.series) {
          const cell = row.getCell(header.indexOf(`${point.wave} Anteil (%)`) + 1);
          expect(cell.value).toBe(point.asked ? point.share : 'nicht abgefragt');
        }
      });
      const nRow = hemmnisse.getRow(3 + (question?.items.length ?? 0) + 1);
      expect(nRow.getCell(1).value).toBe('N');
      expect(nRow.getCell(header.indexOf('ki-2023 Anteil (%)') + 1).value).toBe(54);
    });
  });

  describe('every figure of the report', () => {
    let figures: FigureJson[];

    beforeAll(async () => {
      figures = (await asAnalyst('/api/surveys/ki-mittelstand/figures').expect(200)).body.figures;
    });

    it('covers figures 3 to 11', () => {
      expect(figures.map((figure) => figure.id)).toEqual(['abb3', 'abb4', 'abb5', 'abb6', 'abb7', 'abb8', 'abb9', 'abb10', 'abb11']);
    });

    it('CSV: items × waves with the shares and N of the JSON API, a status column per wave, nothing below the table', async () => {
      for (const figure of figures) {
        const records = excelCsv((await fileOf(`/api/surveys/ki-mittelstand/figures/${figure.id}.csv`)).body.toString('utf8'));
        const header = records[0];
        expect(records).toHaveLength(1 + figure.rows.length);
        for (const [index, row] of figure.rows.entries()) {
          const record = records[1 + index];
          expect(record[0]).toBe(row.code);
          for (const value of row.values) {
            expect(record[header.indexOf(`${value.wave} Anteil (%)`)]).toBe(value.asked ? decimalComma(value.share) : '');
            expect(record[header.indexOf(`${value.wave} Status`)]).toBe(value.asked ? 'abgefragt' : 'nicht abgefragt');
          }
          for (const n of figure.n)
            expect(record[header.indexOf(`${n.wave} N Frage`)]).toBe(n.nReported === null ? '' : String(n.nReported));
        }
      }
    });

    it('XLSX: one sheet per figure, shares as numbers formatted "0.0", "nicht abgefragt" as text', async () => {
      for (const figure of figures) {
        const workbook = await workbookOf((await fileOf(`/api/surveys/ki-mittelstand/figures/${figure.id}.xlsx`)).body);
        const sheet = workbook.worksheets[0];
        expect(sheet.name).toBe(`Abb. ${figure.number}`);
        expect(sheet.getCell('A1').value).toBe(`Abbildung ${figure.number}: ${figure.title}`);
        const header = (sheet.getRow(2).values as unknown[]).slice(1);
        for (const [index, row] of figure.rows.entries()) {
          for (const value of row.values) {
            const cell = sheet.getRow(3 + index).getCell(header.indexOf(`${value.wave} Anteil (%)`) + 1);
            expect(cell.value).toBe(value.asked ? value.share : 'nicht abgefragt');
            if (value.asked && value.share !== null) expect(cell.numFmt).toBe('0.0');
          }
        }
      }
    });

    it('SVG: well-formed, with every item label, every share shown, "nicht abgefragt" where not asked, the N below', async () => {
      for (const figure of figures) {
        const svg = (await fileOf(`/api/surveys/ki-mittelstand/figures/${figure.id}.svg`)).body.toString('utf8');
        const texts = svgTexts(svg);
        const all = texts.join('\n');
        const shown = figure.delta ? [figure.waves[figure.waves.length - 1]] : figure.waves;
        for (const row of figure.rows) {
          expect(texts).toContain(row.title);
          for (const value of row.values.filter((candidate) => shown.includes(candidate.wave))) {
            if (value.asked && value.share !== null) expect(texts).toContain(germanShare(value.share));
          }
        }
        const notAsked = figure.rows.flatMap((row) => row.values.filter((value) => shown.includes(value.wave) && !value.asked));
        expect(texts.filter((text) => text === 'nicht abgefragt')).toHaveLength(notAsked.length);
        expect(all).toContain(`Abbildung ${figure.number}:`);
        expect(all).toMatch(/N = \d+/);
      }
    });

    it('SVG of figure 7 shows "nicht abgefragt" for the topics first asked in 2023', async () => {
      const texts = svgTexts((await fileOf('/api/surveys/ki-mittelstand/figures/abb7.svg')).body.toString('utf8'));
      expect(texts.filter((text) => text === 'nicht abgefragt')).toHaveLength(8);
      expect(texts).toEqual(expect.arrayContaining(['2019', '2021', '2023', 'regulatorische Hürden', '25,6 %', '72,5 %']));
    });

    it('SVG of figure 5 shows the 2023 shares with the change against 2021 in pp, each marked significant (*) or not (n.s.)', async () => {
      const figure = figures.find((candidate) => candidate.id === 'abb5') as FigureJson;
      const texts = svgTexts((await fileOf('/api/surveys/ki-mittelstand/figures/abb5.svg')).body.toString('utf8'));
      for (const row of figure.rows) {
        const latest = row.values[row.values.length - 1] as FigureJson['rows'][number]['values'][number] & { significant: boolean | null };
        if (latest.deltaPp === null) continue;
        const sign = latest.deltaPp > 0 ? '+' : latest.deltaPp < 0 ? '−' : '±';
        const mark = latest.significant === null ? '' : latest.significant ? '*' : ' n.s.';
        expect(texts).toContain(`${sign}${Math.abs(latest.deltaPp).toFixed(1).replace('.', ',')} pp${mark}`);
      }
      expect(texts.some((text) => /^[+−±]\d+,\d pp( n\.s\.|\*)$/.test(text))).toBe(true);
    });
  });

  describe('codebook', () => {
    it('CSV and XLSX have one row per value of every column, matching the JSON codebook', async () => {
      const codebook = (await asAnalyst('/api/definitions/ki-mittelstand/versions/2023/codebook').expect(200)).body as {
        questions: Array<{
          code: string;
          scale?: { levels: Array<{ value: number; label: string }> };
          items: Array<{ code: string; title: string }>;
        }>;
      };
      const [header, ...rows] = excelCsv(
        (await fileOf('/api/definitions/ki-mittelstand/versions/2023/codebook.csv')).body.toString('utf8'),
      );
      expect(header).toEqual(['column', 'question', 'item', 'type', 'question_title', 'item_title', 'value', 'label']);
      const chancen = codebook.questions.find((question) => question.code === 'chancen');
      const werbung = rows.filter((row) => row[0] === 'chancen_werbung');
      expect(werbung.map((row) => [row[6], row[7]])).toEqual([
        ...(chancen?.scale?.levels ?? []).map((level) => [String(level.value), level.label]),
        ['na', 'keine Angabe'],
      ]);
      expect(rows.filter((row) => row[0] === 'zentrum')).toHaveLength(1);
      const workbook = await workbookOf((await fileOf('/api/definitions/ki-mittelstand/versions/2023/codebook.xlsx')).body);
      const sheet = workbook.worksheets[0];
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(header);
      expect(sheet.getRow(2).getCell(1).value).toBe(rows[0][0]);
    });
  });

  describe('every CSV export, read by R', () => {
    /** Columns of the aggregated exports that hold numbers: shares, bases, N's, counts, changes. */
    const NUMERIC_HEADER =
      /Anteil \(%\)$|N Basis$|N Frage$|\(pp\)$|^N (beantwortet|keine Angabe|Gruppe)$|^Anzahl |KI 95 % (unten|oben) \(%\)$|p-Wert$/;
    const TEXT_HEADER = /^(Frage|Item|Itemtitel|Art|Hinweise|Gruppe|Gruppe Code)$| ?Status$|(^| )(Fallzahl|Test|Signifikanz)$/;
    const aggregated = [
      '/api/waves/exp-2023/results.csv',
      '/api/waves/ki-2019/results.csv',
      '/api/waves/exp-2023/results.csv?by=rolle',
      '/api/waves/exp-2023/results.csv?include=partial',
      '/api/surveys/ki-mittelstand/trends.csv',
      '/api/surveys/ki-mittelstand/trends.csv?waves=ki-2023,ki-2019',
      ...['abb3', 'abb4', 'abb5', 'abb6', 'abb7', 'abb8', 'abb9', 'abb10', 'abb11'].map(
        (id) => `/api/surveys/ki-mittelstand/figures/${id}.csv`,
      ),
    ];

    it.each(aggregated.flatMap((path) => (['excel', 'plain'] as const).map((dialect) => [path, dialect] as const)))(
      '%s (%s): every numeric column is numeric in R, every row a data row',
      async (path, dialect) => {
        const body = (await fileOf(`${path}${path.includes('?') ? '&' : '?'}format=${dialect}`)).body as Buffer;
        const records = dialect === 'excel' ? excelCsv(body.toString('utf8')) : parse(body.toString('utf8'));
        const frame = readWithR(body, dialect);
        expect(frame.rows).toBe(records.length - 1);
        expect([...frame.classes.keys()]).toEqual(records[0]);
        let numeric = 0;
        for (const [column, rClass] of frame.classes) {
          if (NUMERIC_HEADER.test(column)) {
            expect([column, isNumericInR(rClass)]).toEqual([column, true]);
            numeric += 1;
          } else {
            expect([column, TEXT_HEADER.test(column)]).toEqual([column, true]);
          }
        }
        expect(numeric).toBeGreaterThan(0);
      },
      60_000,
    );

    it('trends: R reads every share of a wave as a number although the wave did not ask some items', async () => {
      const body = (await fileOf('/api/surveys/ki-mittelstand/trends.csv?waves=ki-2019,ki-2023')).body as Buffer;
      const frame = readWithR(body, 'excel');
      expect(frame.classes.get('ki-2019 Anteil (%)')).toBe('numeric');
      expect(frame.classes.get('ki-2019 Status')).toBe('character');
    });
  });

  describe('wording and free text in the results', () => {
    beforeAll(async () => {
      await createWave(testApp.app, staff.admin, { code: 'one-2023', surveyId: 'ki-mittelstand', version: '2023' });
      const [token] = await invite(testApp.app, staff.admin, 'one-2023', 1);
      await http()
        .put(`/api/respond/${token}`)
        .send({ answers: { zentrum: 'Berlin', rolle: 'ki_trainer', chancen: { werbung: 4 } }, complete: true })
        .expect(200);
    });

    it('says "1 abgeschlossene Antwort" (and "3 abgeschlossene Antworten")', async () => {
      const one = await workbookOf((await fileOf('/api/waves/one-2023/results.xlsx')).body);
      const footerOf = (workbook: ExcelJS.Workbook) => {
        const texts: string[] = [];
        workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(cell.text)));
        return texts.join('\n');
      };
      expect(footerOf(one)).toContain('Fragebogen-Version 2023), 1 abgeschlossene Antwort\n');
      expect(footerOf(one)).not.toMatch(/\b1 abgeschlossene Antworten/);
      const three = await workbookOf((await fileOf('/api/waves/exp-2023/results.xlsx')).body);
      expect(footerOf(three)).toContain('3 abgeschlossene Antworten');
    });

    it('gives a free-text question only its number of answers: no "Anzahl Top" cells, no share', async () => {
      const [header, ...rows] = parse((await fileOf('/api/waves/one-2023/results.csv?format=plain')).body.toString('utf8'));
      const zentrum = rows.find((row) => row[1] === 'zentrum') as string[];
      expect(zentrum[header.indexOf('Art')]).toBe('text');
      expect(zentrum[header.indexOf('N beantwortet')]).toBe('1');
      for (const column of ['Anzahl Top', 'Anteil (%)', 'Anzahl keine Angabe', 'N Basis'])
        expect([column, zentrum[header.indexOf(column)]]).toEqual([column, '']);
      const workbook = await workbookOf((await fileOf('/api/waves/one-2023/results.xlsx')).body);
      const sheet = workbook.getWorksheet('zentrum') as ExcelJS.Worksheet;
      expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['Item', 'Itemtitel', 'N beantwortet']);
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['zentrum', expect.any(String), 1]);
    });
  });
});
