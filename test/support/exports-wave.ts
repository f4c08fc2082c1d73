/**
 * Shared set-up of the export e2e files (exports-report, exports-raw, exports-cli): the
 * reconstructed ki-mittelstand waves plus a small wave `exp-2023` of the real 2023
 * questionnaire, and helpers to download and read the files.
 */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { createStaff, createWave, invite, StaffTokens } from './factories';
import { createTestApp, TestApp } from './test-app';

/** Free text that spreadsheet programs would run as a formula: every export must neutralize it. */
export const INJECTIONS = ['=HYPERLINK("http://evil.example","klick")', '+1', '-2', '@SUM(A1:A9)'];

/** The three completed responses of `exp-2023` (free text with formulas); a fourth, partial one follows. */
export const EXP_2023_ANSWERS: Array<Record<string, unknown>> = [
  {
    zentrum: INJECTIONS[0],
    rolle: 'ki_trainer',
    chancen: { werbung: 4, logistik: 'na' },
    reifegrad: 'uebungsphase',
    transfer_sonstiges: INJECTIONS[1],
  },
  { zentrum: INJECTIONS[2], rolle: 'ki_experte', chancen: { werbung: 1, logistik: 3 }, reifegrad: 'na', transfer: { qualifizierung: 0 } },
  { zentrum: INJECTIONS[3], rolle: 'ki_trainer', chancen: { werbung: 3 }, hemmnisse: { regulatorik: 2 } },
];

/** Time for `setUpExportsWave` (loading the reconstructed waves) in a beforeAll. */
export const SET_UP_TIMEOUT = 240_000;

export interface ExportsWave {
  testApp: TestApp;
  staff: StaffTokens;
  /** The four invitation tokens of `exp-2023`: three completed, the last partial. */
  tokens: string[];
}

/** A test app with staff, the reconstructed ki-mittelstand waves and the wave `exp-2023`. */
export async function setUpExportsWave(): Promise<ExportsWave> {
  const testApp = await createTestApp();
  const staff = await createStaff(testApp.app);
  const http = () => request(testApp.app.getHttpServer());
  await testApp.app.get(ReconstructionService).load('ki-mittelstand');
  await createWave(testApp.app, staff.admin, { code: 'exp-2023', surveyId: 'ki-mittelstand', version: '2023' });
  const tokens = await invite(testApp.app, staff.admin, 'exp-2023', 4);
  for (const [index, answer] of EXP_2023_ANSWERS.entries()) {
    await http().put(`/api/respond/${tokens[index]}`).send({ answers: answer, complete: true }).expect(200);
  }
  await http()
    .put(`/api/respond/${tokens[3]}`)
    .send({ answers: { rolle: 'ki_trainer', zentrum: 'noch dabei' }, complete: false })
    .expect(200);
  return { testApp, staff, tokens };
}

/** Parses a binary response body (supertest buffers it). */
export function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

/** Requests of the export tests; `current` is read at request time (the app exists only after beforeAll). */
export function exportClient(current: () => Pick<ExportsWave, 'testApp' | 'staff'>) {
  const http = () => request(current().testApp.app.getHttpServer());
  const asAnalyst = (path: string) => http().get(path).auth(current().staff.analyst, { type: 'bearer' });
  const asAdmin = (path: string) => http().get(path).auth(current().staff.admin, { type: 'bearer' });
  /** A download that must succeed (200), body as a Buffer; as the analyst unless a token is given. */
  const fileOf = async (path: string, token = current().staff.analyst): Promise<request.Response> =>
    http().get(path).auth(token, { type: 'bearer' }).buffer(true).parse(binary).expect(200);
  return { http, asAnalyst, asAdmin, fileOf };
}

export async function workbookOf(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** The CSV of the default (excel) dialect as records; fails on a missing BOM. */
export function excelCsv(text: string): string[][] {
  expect(text.charCodeAt(0)).toBe(0xfeff);
  return parse(text, { bom: true, delimiter: ';' });
}

export function decimalComma(value: number | null): string {
  return value === null ? '' : String(value).replace('.', ',');
}

export function germanShare(share: number): string {
  return `${share.toFixed(1).replace('.', ',')} %`;
}
