import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pool } from 'pg';
import request from 'supertest';
import { isNumericInR, readWithR } from '../support/r-csv';
import { svgTexts } from '../support/svg-texts';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Answers = Record<string, unknown>;

interface FigureJson {
  id: string;
  number: number;
  title: string;
  waves: string[];
  delta: boolean;
  n: Array<{ wave: string; nReported: number | null }>;
  rows: Array<{ code: string; title: string; values: Array<{ wave: string; asked: boolean; share: number | null; nBase: number | null; deltaPp: number | null }> }>;
  notes: string[];
}

/** Parses a binary response body (supertest buffers it). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** The CSV of the default (excel) dialect as records; fails on a missing BOM. */
function excelCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text, { bom: true, delimiter: ';' });
}

function decimalComma(value: number | null): string {
  return value === null ? '' : String(value).replace('.', ',');
}

function germanShare(share: number): string {
  return `${share.toFixed(1).replace('.', ',')} %`;
}

const INJECTIONS = ['=HYPERLINK("http://evil.example","klick")', '+1', '-2', '@SUM(A1:A9)'];

describe('exports', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let tokens: string[];
  const http = () => request(testApp.app.getHttpServer());
  const asAnalyst = (path: string) => http().get(path).auth(staff.analyst, { type: 'bearer' });
  const asAdmin = (path: string) => http().get(path).auth(staff.admin, { type: 'bearer' });
  const fileOf = async (path: string, token = staff.analyst): Promise<request.Response> =>
    http().get(path).auth(token, { type: 'bearer' }).buffer(true).parse(binary).expect(200);

  /** A small wave of the real 2023 questionnaire: three completed responses (free text with formulas) and one partial. */
  const answers: Answers[] = [
    { zentrum: INJECTIONS[0], rolle: 'ki_trainer', chancen: { werbung: 4, logistik: 'na' }, reifegrad: 'uebungsphase', transfer_sonstiges: INJECTIONS[1] },
    { zentrum: INJECTIONS[2], rolle: 'ki_experte', chancen: { werbung: 1, logistik: 3 }, reifegrad: 'na', transfer: { qualifizierung: 0 } },
    { zentrum: INJECTIONS[3], rolle: 'ki_trainer', chancen: { werbung: 3 }, hemmnisse: { regulatorik: 2 } },
  ];

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
    await createWave(testApp.app, staff.admin, { code: 'exp-2023', surveyId: 'ki-mittelstand', version: '2023' });
    tokens = await invite(testApp.app, staff.admin, 'exp-2023', 4);
    for (const [index, answer] of answers.entries()) {
      await http().put(`/api/respond/${tokens[index]}`).send({ answers: answer, complete: true }).expect(200);
    }
    await http().put(`/api/respond/${tokens[3]}`).send({ answers: { rolle: 'ki_trainer', zentrum: 'noch dabei' }, complete: false }).expect(200);
  }, 240_000);

  afterAll(() => testApp.close());

  describe('routes', () => {
    it('answers the JSON routes of the analysis and the dotted export routes side by side', async () => {
      await asAnalyst('/api/surveys/ki-mittelstand/figures/abb3').expect(200).expect('content-type', /application\/json/);
      await asAnalyst('/api/surveys/ki-mittelstand/figures/abb3.svg').expect(200).expect('content-type', 'image/svg+xml; charset=utf-8');
      await asAnalyst('/api/waves/exp-2023/results').expect(200).expect('content-type', /application\/json/);
      await asAnalyst('/api/waves/exp-2023/results.csv').expect(200).expect('content-type', 'text/csv; charset=utf-8');
      await asAnalyst('/api/surveys/ki-mittelstand/trends').expect(200).expect('content-type', /application\/json/);
      await asAnalyst('/api/definitions/ki-mittelstand/versions/2023/codebook').expect(200).expect('content-type', /application\/json/);
    });

    it('documents every export route in the OpenAPI document, with the file types it produces', async () => {
      const paths = (await http().get('/api/docs-json').expect(200)).body.paths as Record<string, { get: { produces?: string[]; responses: Record<string, { content?: Record<string, unknown> }>; parameters: Array<{ name: string; in: string }> } }>;
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
      expect(Object.keys(paths['/api/surveys/{surveyId}/figures/{figureId}.{ext}'].get.responses['200'].content ?? {})).toContain('image/svg+xml; charset=utf-8');
    });

    it.each([
      ['/api/waves/exp-2023/results.csv', 'text/csv; charset=utf-8', 'exp-2023-results.csv'],
      ['/api/waves/exp-2023/results.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'exp-2023-results.xlsx'],
      ['/api/surveys/ki-mittelstand/trends.csv', 'text/csv; charset=utf-8', 'ki-mittelstand-trends.csv'],
      ['/api/surveys/ki-mittelstand/figures/abb5.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'ki-mittelstand-abb5.xlsx'],
      ['/api/surveys/ki-mittelstand/figures/abb5.svg', 'image/svg+xml; charset=utf-8', 'ki-mittelstand-abb5.svg'],
      ['/api/definitions/ki-mittelstand/versions/2023/codebook.csv', 'text/csv; charset=utf-8', 'ki-mittelstand-2023-codebook.csv'],
    ])('%s is a download of type %s named %s', async (path, type, filename) => {
      const response = await fileOf(path);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
    });

    it.each([
      ['/api/waves/exp-2023/responses.csv', 'text/csv; charset=utf-8', 'exp-2023-responses.csv'],
      ['/api/surveys/ki-mittelstand/responses.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'ki-mittelstand-responses.xlsx'],
    ])('%s (raw data) is a download of type %s named %s', async (path, type, filename) => {
      const response = await fileOf(path, staff.admin);
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

    it.each(['/api/waves/exp-2023/responses.csv', '/api/waves/exp-2023/responses.xlsx', '/api/surveys/ki-mittelstand/responses.csv'])(
      'an analyst may not download raw data: %s is 403',
      async (path) => {
        const response = await asAnalyst(path).expect(403);
        expect(response.body.code).toBe('AUTH_FORBIDDEN');
      },
    );
  });

  describe('results of a wave', () => {
    let json: { completed: number; questions: Array<{ code: string; kind: string; nReported: number; items: Array<{ code: string; nBase: number; share: number | null; counts: Record<string, number> }> }> };

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
      const [header, ...rows] = parse(text) as string[][];
      const werbung = rows.find((row) => row[0] === 'chancen' && row[1] === 'werbung') as string[];
      expect(werbung[header.indexOf('Anteil (%)')]).toBe('88.7');
    });

    it('XLSX has one sheet per question, frozen header, shares as numbers with one decimal', async () => {
      const workbook = await workbookOf((await fileOf('/api/waves/ki-2023/results.xlsx')).body);
      expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(json.questions.map((question) => question.code));
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
      expect((chancen.getRow(2).values as unknown[]).slice(1)).toEqual(expect.arrayContaining(['4 trifft zu', 'keine Angabe', 'Anteil (%)']));
    });
  });

  describe('trends', () => {
    const waves = 'ki-2019,ki-2021,ki-2023';
    let json: { waves: string[]; questions: Array<{ code: string; items: Array<{ code: string; series: Array<{ wave: string; asked: boolean; share: number | null; deltaPp: number | null }> }> }> };

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
          for (const n of figure.n) expect(record[header.indexOf(`${n.wave} N Frage`)]).toBe(n.nReported === null ? '' : String(n.nReported));
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

    it('SVG of figure 5 shows the 2023 shares with the change against 2021 in pp', async () => {
      const figure = figures.find((candidate) => candidate.id === 'abb5') as FigureJson;
      const texts = svgTexts((await fileOf('/api/surveys/ki-mittelstand/figures/abb5.svg')).body.toString('utf8'));
      for (const row of figure.rows) {
        const latest = row.values[row.values.length - 1];
        if (latest.deltaPp === null) continue;
        const sign = latest.deltaPp > 0 ? '+' : latest.deltaPp < 0 ? '−' : '±';
        expect(texts).toContain(`${sign}${Math.abs(latest.deltaPp).toFixed(1).replace('.', ',')} pp`);
      }
      expect(texts.some((text) => /^[+−±]\d+,\d pp$/.test(text))).toBe(true);
    });
  });

  describe('raw data', () => {
    it('has one row per completed response, item columns in codebook order, codes, and neutralized free text', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/waves/exp-2023/responses.csv', staff.admin)).body.toString('utf8'));
      expect(header.slice(0, 9)).toEqual(['response_id', 'wave', 'status', 'completed_at', 'zentrum', 'rolle', 'chancen_prozesseffizienz', 'chancen_logistik', 'chancen_kundenservice']);
      expect(header).toContain('transfer_sonstiges');
      expect(header.indexOf('reifegrad')).toBeGreaterThan(header.indexOf('hemmnisse_regulatorik'));
      expect(rows).toHaveLength(3);
      const cell = (row: string[], name: string) => row[header.indexOf(name)];
      const byZentrum = (zentrum: string) => rows.find((row) => cell(row, 'zentrum') === zentrum) as string[];
      const first = byZentrum(`'${INJECTIONS[0]}`);
      expect(first).toBeDefined();
      expect([cell(first, 'wave'), cell(first, 'status'), cell(first, 'chancen_werbung'), cell(first, 'chancen_logistik'), cell(first, 'reifegrad')]).toEqual([
        'exp-2023',
        'completed',
        '4',
        'na',
        'uebungsphase',
      ]);
      expect(cell(first, 'transfer_sonstiges')).toBe("'+1");
      expect(cell(first, 'completed_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(cell(first, 'response_id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(byZentrum("'-2")).toBeDefined();
      expect(byZentrum("'@SUM(A1:A9)")).toBeDefined();
      expect(cell(byZentrum("'-2"), 'transfer_qualifizierung')).toBe('0');
    });

    it('never contains a token or an invitation id', async () => {
      const invitationIds: Array<{ id: string }> = await testApp.dataSource.query(
        `SELECT i.id FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'exp-2023'`,
      );
      for (const path of ['/api/waves/exp-2023/responses.csv?include=partial', '/api/surveys/ki-mittelstand/responses.csv?include=partial']) {
        const text = (await fileOf(path, staff.admin)).body.toString('utf8');
        for (const token of tokens) expect(text).not.toContain(token);
        for (const { id } of invitationIds) expect(text).not.toContain(id);
        expect(text).not.toMatch(/token|invitation|email/i);
      }
    });

    it('adds the partial responses with ?include=partial', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/waves/exp-2023/responses.csv?include=partial', staff.admin)).body.toString('utf8'));
      expect(rows.map((row) => row[header.indexOf('status')]).sort()).toEqual(['completed', 'completed', 'completed', 'partial']);
      const partial = rows.find((row) => row[header.indexOf('status')] === 'partial') as string[];
      expect([partial[header.indexOf('completed_at')], partial[header.indexOf('zentrum')]]).toEqual(['', 'noch dabei']);
    });

    it('gives labels with ?labels=true, "keine Angabe" for na', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/waves/exp-2023/responses.csv?labels=true', staff.admin)).body.toString('utf8'));
      const first = rows.find((row) => row[header.indexOf('zentrum')] === `'${INJECTIONS[0]}`) as string[];
      expect(first[header.indexOf('chancen_werbung')]).toBe('trifft zu');
      expect(first[header.indexOf('chancen_logistik')]).toBe('keine Angabe');
      expect(first[header.indexOf('rolle')]).toBe('KI-Trainer:in');
      expect(first[header.indexOf('reifegrad')]).toMatch(/^Übungsphase/);
    });

    it('XLSX has the same rows, a frozen header, neutralized free text and no formula', async () => {
      const workbook = await workbookOf((await fileOf('/api/waves/exp-2023/responses.xlsx', staff.admin)).body);
      const sheet = workbook.worksheets[0];
      expect(sheet.name).toBe('exp-2023');
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      expect(sheet.rowCount).toBe(4);
      const zentrum = [2, 3, 4].map((row) => sheet.getRow(row).getCell(header.indexOf('zentrum') + 1).value);
      expect(zentrum.sort()).toEqual(INJECTIONS.filter((text) => text !== '+1').map((text) => `'${text}`).sort());
      const werbung = [2, 3, 4].map((row) => sheet.getRow(row).getCell(header.indexOf('chancen_werbung') + 1).value);
      expect(werbung.sort()).toEqual([1, 3, 4]);
      expect(sheet.getRow(2).getCell(header.indexOf('completed_at') + 1).value).toBeInstanceOf(Date);
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
    });

    it('puts every wave of a survey in one table: a wave column, the union of items, blank where a wave did not ask', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/surveys/ki-mittelstand/responses.csv', staff.admin)).body.toString('utf8'));
      const counts = new Map<string, number>();
      for (const row of rows) counts.set(row[1], (counts.get(row[1]) ?? 0) + 1);
      expect([...counts]).toEqual([
        ['ki-2019', 33],
        ['ki-2021', 48],
        ['ki-2023', 58],
        ['exp-2023', 3],
      ]);
      const regulatorik = header.indexOf('hemmnisse_regulatorik');
      expect(regulatorik).toBeGreaterThan(0);
      expect(rows.filter((row) => row[1] === 'ki-2019').every((row) => row[regulatorik] === '')).toBe(true);
      expect(rows.filter((row) => row[1] === 'ki-2023').some((row) => row[regulatorik] !== '')).toBe(true);
      const codebook = excelCsv((await fileOf('/api/surveys/ki-mittelstand/codebook.csv')).body.toString('utf8'));
      expect(codebook[0]).toEqual(['column', 'versions', 'question', 'item', 'type', 'question_title', 'item_title', 'value', 'label']);
      expect(new Set(header.slice(4))).toEqual(new Set(codebook.slice(1).map((row) => row[0])));
    });

    it('keeps one scale per column: answers on the 2019 five-point scale are in chancen_werbung_2019, named in the survey codebook', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/surveys/ki-mittelstand/responses.csv', staff.admin)).body.toString('utf8'));
      const current = header.indexOf('chancen_werbung');
      const older = header.indexOf('chancen_werbung_2019');
      expect(older).toBe(current + 1);
      const valuesOf = (waves: string[], column: number) => new Set(rows.filter((row) => waves.includes(row[1])).map((row) => row[column]));
      expect([...valuesOf(['ki-2019'], current)]).toEqual(['']);
      expect([...valuesOf(['ki-2021', 'ki-2023', 'exp-2023'], older)]).toEqual(['']);
      expect(valuesOf(['ki-2019'], older)).toContain('5');
      for (const value of valuesOf(['ki-2021', 'ki-2023', 'exp-2023'], current)) expect(['', 'na', '1', '2', '3', '4']).toContain(value);

      const codebook = excelCsv((await fileOf('/api/surveys/ki-mittelstand/codebook.csv')).body.toString('utf8'));
      const scaleOf = (column: string) => codebook.filter((row) => row[0] === column).map((row) => [row[1], row[7], row[8]]);
      expect(scaleOf('chancen_werbung')).toEqual([
        ['2023, 2021', '1', 'trifft nicht zu'],
        ['2023, 2021', '2', 'trifft eher nicht zu'],
        ['2023, 2021', '3', 'trifft eher zu'],
        ['2023, 2021', '4', 'trifft zu'],
        ['2023, 2021', 'na', expect.any(String)],
      ]);
      expect(scaleOf('chancen_werbung_2019').map((row) => row.slice(0, 2))).toEqual([
        ['2019', '1'],
        ['2019', '2'],
        ['2019', '3'],
        ['2019', '4'],
        ['2019', '5'],
        ['2019', 'na'],
      ]);
      const xlsx = await workbookOf((await fileOf('/api/surveys/ki-mittelstand/codebook.xlsx')).body);
      expect((xlsx.worksheets[0].getRow(1).values as unknown[]).slice(1)).toEqual(codebook[0]);
    });

    it('records every raw export in the audit trail', async () => {
      await fileOf('/api/waves/exp-2023/responses.csv?labels=true', staff.admin);
      const events = (await asAdmin('/api/waves/exp-2023/events').expect(200)).body as Array<{ action: string; actor: string }>;
      expect(events.filter((event) => event.action === 'responses.exported').length).toBeGreaterThan(0);
      expect(events.find((event) => event.action === 'responses.exported')?.actor).toContain('Test Admin');
    });
  });

  describe('a large wave', () => {
    const ROWS = 50_000;
    const path = '/api/waves/bulk-1/responses.csv';

    /** Raw-export queries running in the database right now, and connections of the pool in use. */
    const busy = async () => {
      const pool = (testApp.dataSource.driver as PostgresDriver).master as Pool;
      const [{ count }] = await testApp.dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%array_position%'`,
      );
      return { queries: count, connections: pool.totalCount - pool.idleCount };
    };

    beforeAll(async () => {
      await http()
        .put('/api/definitions/bulk/versions/1')
        .auth(staff.admin, { type: 'bearer' })
        .send({
          locale: 'de',
          title: 'Bulk',
          pages: [
            {
              name: 'seite',
              elements: [
                {
                  type: 'matrix',
                  name: 'lage',
                  title: 'Lage',
                  topBox: 2,
                  columns: [
                    { value: 1, text: 'schlecht' },
                    { value: 2, text: 'eher schlecht' },
                    { value: 3, text: 'eher gut' },
                    { value: 4, text: 'gut' },
                    { value: 'na', text: 'keine Angabe' },
                  ],
                  rows: [{ value: 'kern', text: 'Kern' }],
                },
                { type: 'comment', name: 'notiz', title: 'Notiz' },
              ],
            },
          ],
        })
        .expect((response) => expect(response.body).toMatchObject({ surveyId: 'bulk' }))
        .expect(201);
      await createWave(testApp.app, staff.admin, { code: 'bulk-1', surveyId: 'bulk', version: '1' });
      // Volume for streaming, written straight to the tables (the respondent API is tested above).
      await testApp.dataSource.query(
        `WITH invitation AS (
           INSERT INTO invitations (wave_id, token_hash, status)
           SELECT w.id, encode(sha256(('bulk-' || g)::bytea), 'hex'), 'completed' FROM waves w, generate_series(1, $1::int) g WHERE w.code = 'bulk-1'
           RETURNING id, wave_id)
         INSERT INTO responses (wave_id, invitation_id, status, answers, completed_at)
         SELECT wave_id, id, 'completed', '{"lage": {"kern": 2}, "notiz": "eine Zeile Freitext, die etwas Platz braucht"}'::jsonb, now() FROM invitation`,
        [ROWS],
      );
      const server = testApp.app.getHttpServer();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });

    it('streams every row', async () => {
      const [header, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(header).toEqual(['response_id', 'wave', 'status', 'completed_at', 'lage_kern', 'notiz']);
      expect(rows).toHaveLength(ROWS);
      expect(new Set(rows.map((row) => row[0])).size).toBe(ROWS);
      expect(rows.every((row) => row[4] === '2')).toBe(true);
    });

    it('ends the query and frees the connection when the client goes away mid-download', async () => {
      const { port } = testApp.app.getHttpServer().address() as AddressInfo;
      const start = await new Promise<Buffer>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${staff.admin}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            if (Buffer.concat(chunks).length < 200) return;
            resolve(Buffer.concat(chunks));
            req.destroy();
          });
        });
        req.on('error', (error) => (error.message.includes('aborted') || error.message.includes('socket hang up') ? undefined : reject(error)));
      });
      expect(start.toString('utf8')).toContain('response_id;wave;status');
      let state = await busy();
      for (let attempt = 0; (state.queries > 0 || state.connections > 0) && attempt < 50; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await busy();
      }
      expect(state).toEqual({ queries: 0, connections: 0 });
      const [, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(rows).toHaveLength(ROWS);
    });

    it('fails only the download whose database connection is lost mid-export', async () => {
      const { port } = testApp.app.getHttpServer().address() as AddressInfo;
      const outcome = await new Promise<{ bytes: number; complete: boolean }>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${staff.admin}` } }, (res) => {
          let bytes = 0;
          let terminated = false;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (terminated) return;
            terminated = true;
            res.pause();
            testApp.dataSource
              .query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE '%array_position%'`)
              .then(() => setTimeout(() => res.resume(), 200), reject);
          });
          res.on('close', () => resolve({ bytes, complete: res.complete }));
          res.on('error', () => resolve({ bytes, complete: false }));
        });
        req.on('error', () => resolve({ bytes: 0, complete: false }));
      });
      expect(outcome.complete).toBe(false);
      const [, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(rows).toHaveLength(ROWS);
    });
  });

  describe('codebook', () => {
    it('CSV and XLSX have one row per value of every column, matching the JSON codebook', async () => {
      const codebook = (await asAnalyst('/api/definitions/ki-mittelstand/versions/2023/codebook').expect(200)).body as {
        questions: Array<{ code: string; scale?: { levels: Array<{ value: number; label: string }> }; items: Array<{ code: string; title: string }> }>;
      };
      const [header, ...rows] = excelCsv((await fileOf('/api/definitions/ki-mittelstand/versions/2023/codebook.csv')).body.toString('utf8'));
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
    const NUMERIC_HEADER = /Anteil \(%\)$|N Basis$|N Frage$|\(pp\)$|^N (beantwortet|keine Angabe)$|^Anzahl /;
    const TEXT_HEADER = /^(Frage|Item|Itemtitel|Art|Hinweise)$| Status$/;
    const aggregated = [
      '/api/waves/exp-2023/results.csv',
      '/api/waves/ki-2019/results.csv',
      '/api/surveys/ki-mittelstand/trends.csv',
      '/api/surveys/ki-mittelstand/trends.csv?waves=ki-2023,ki-2019',
      ...['abb3', 'abb4', 'abb5', 'abb6', 'abb7', 'abb8', 'abb9', 'abb10', 'abb11'].map((id) => `/api/surveys/ki-mittelstand/figures/${id}.csv`),
    ];

    it.each(aggregated.flatMap((path) => (['excel', 'plain'] as const).map((dialect) => [path, dialect] as const)))(
      '%s (%s): every numeric column is numeric in R, every row a data row',
      async (path, dialect) => {
        const body = (await fileOf(`${path}${path.includes('?') ? '&' : '?'}format=${dialect}`)).body as Buffer;
        const records = dialect === 'excel' ? excelCsv(body.toString('utf8')) : (parse(body.toString('utf8')) as string[][]);
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

    it.each([
      ['/api/waves/exp-2023/responses.csv', 'ki-mittelstand', ['2023']],
      ['/api/surveys/ki-mittelstand/responses.csv', 'ki-mittelstand', ['2019', '2021', '2023']],
    ])('raw data %s: every scale column is numeric in R once "na" (keine Angabe) is declared missing', async (path, surveyId, versions) => {
      const body = (await fileOf(path, staff.admin)).body as Buffer;
      const frame = readWithR(body, 'excel', ['', 'na']);
      const codebook = excelCsv((await fileOf(`/api/surveys/${surveyId}/codebook.csv`)).body.toString('utf8'));
      const scaleColumns = new Set(codebook.filter((row) => row[4] === 'matrix' && versions.some((version) => row[1].split(', ').includes(version))).map((row) => row[0]));
      expect(scaleColumns.size).toBeGreaterThan(10);
      for (const column of scaleColumns) expect([column, isNumericInR(frame.classes.get(column))]).toEqual([column, true]);
    }, 60_000);
  });

  describe('wording and free text in the results', () => {
    beforeAll(async () => {
      await createWave(testApp.app, staff.admin, { code: 'one-2023', surveyId: 'ki-mittelstand', version: '2023' });
      const [token] = await invite(testApp.app, staff.admin, 'one-2023', 1);
      await http().put(`/api/respond/${token}`).send({ answers: { zentrum: 'Berlin', rolle: 'ki_trainer', chancen: { werbung: 4 } }, complete: true }).expect(200);
    });

    it('says "1 abgeschlossene Antwort" (and "3 abgeschlossene Antworten")', async () => {
      const one = await workbookOf((await fileOf('/api/waves/one-2023/results.xlsx')).body);
      const footerOf = (workbook: ExcelJS.Workbook) => {
        const texts: string[] = [];
        workbook.worksheets[0].eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
        return texts.join('\n');
      };
      expect(footerOf(one)).toContain('Fragebogen-Version 2023), 1 abgeschlossene Antwort\n');
      expect(footerOf(one)).not.toMatch(/\b1 abgeschlossene Antworten/);
      const three = await workbookOf((await fileOf('/api/waves/exp-2023/results.xlsx')).body);
      expect(footerOf(three)).toContain('3 abgeschlossene Antworten');
    });

    it('gives a free-text question only its number of answers: no "Anzahl Top" cells, no share', async () => {
      const [header, ...rows] = parse((await fileOf('/api/waves/one-2023/results.csv?format=plain')).body.toString('utf8')) as string[][];
      const zentrum = rows.find((row) => row[1] === 'zentrum') as string[];
      expect(zentrum[header.indexOf('Art')]).toBe('text');
      expect(zentrum[header.indexOf('N beantwortet')]).toBe('1');
      for (const column of ['Anzahl Top', 'Anteil (%)', 'Anzahl keine Angabe', 'N Basis']) expect([column, zentrum[header.indexOf(column)]]).toEqual([column, '']);
      const workbook = await workbookOf((await fileOf('/api/waves/one-2023/results.xlsx')).body);
      const sheet = workbook.getWorksheet('zentrum') as ExcelJS.Worksheet;
      expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(['Item', 'Itemtitel', 'N beantwortet']);
      expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['zentrum', expect.any(String), 1]);
    });
  });

  describe('command line', () => {
    let dir: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'exports-'));
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), 'export', ...args], {
        env: { PATH: process.env.PATH, DATABASE_URL: testApp.database.url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        timeout: 120_000,
      });

    it.each([
      ['responses:exp-2023', 'raw.csv'],
      ['results:ki-2023', 'results.xlsx'],
      ['figure:ki-mittelstand:abb3', 'abb3.svg'],
      ['codebook:ki-mittelstand:2023', 'codebook.csv'],
    ])('export %s %s writes the same file as the API', async (what, file) => {
      const result = cli(what, join(dir, file));
      expect(result.status).toBe(0);
      const written = readFileSync(join(dir, file));
      const [route, token] = {
        'responses:exp-2023': ['/api/waves/exp-2023/responses.csv', staff.admin],
        'results:ki-2023': ['/api/waves/ki-2023/results.xlsx', staff.analyst],
        'figure:ki-mittelstand:abb3': ['/api/surveys/ki-mittelstand/figures/abb3.svg', staff.analyst],
        'codebook:ki-mittelstand:2023': ['/api/definitions/ki-mittelstand/versions/2023/codebook.csv', staff.analyst],
      }[what] as [string, string];
      const served = (await fileOf(route, token)).body as Buffer;
      if (file.endsWith('.xlsx')) {
        const [fromCli, fromApi] = await Promise.all([workbookOf(written), workbookOf(served)]);
        expect(fromCli.worksheets.map((sheet) => sheet.getSheetValues())).toEqual(fromApi.worksheets.map((sheet) => sheet.getSheetValues()));
      } else {
        expect(written.toString('utf8')).toBe(served.toString('utf8'));
      }
    });

    it('shows a progress bar on stderr for raw data', async () => {
      const [{ n }] = await testApp.dataSource.query(
        `SELECT count(*)::int AS n FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.survey_id = 'ki-mittelstand' AND r.status = 'completed'`,
      );
      expect(n).toBeGreaterThanOrEqual(142);
      const result = cli('responses:ki-mittelstand', join(dir, 'all.xlsx'));
      expect(result.status).toBe(0);
      expect(result.stderr).toContain(`${n}/${n}`);
    });

    it.each([
      [['nonsense:x', 'out.csv'], /Unknown export/],
      [['results:ki-2023', 'out.pdf'], /\.csv or \.xlsx/],
      [['figure:ki-mittelstand:abb99', 'out.svg'], /abb99/],
    ])('refuses %j with a clear message', (args, message) => {
      const result = cli(args[0], join(dir, args[1]));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(message);
    });
  });
});
