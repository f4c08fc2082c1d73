import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { binary } from '../support/exports-wave';
import { createStaff, createWave, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/**
 * Round trip (issue 15): each reconstructed wave's raw data, exported as a staff member downloads it, imported
 * without a mapping into a new draft wave of the same questionnaire version, gives the same results, the same trends
 * and the same raw export (apart from response ids, the wave column and the source column).
 *
 * Variants: CSV in both dialects (excel: ";", BOM; plain: ","), and XLSX, each with codes and with labels. An XLSX
 * copy's raw data is compared as the excel CSV of both waves (its completion time is an Excel date cell, read as UTC).
 */
const WAVES = ['ki-2019', 'ki-2021', 'ki-2023'];
const VARIANTS = [
  { name: 'excel-codes', ext: 'csv', format: 'excel', labels: false },
  { name: 'excel-labels', ext: 'csv', format: 'excel', labels: true },
  { name: 'plain-codes', ext: 'csv', format: 'plain', labels: false },
  { name: 'plain-labels', ext: 'csv', format: 'plain', labels: true },
  { name: 'xlsx-codes', ext: 'xlsx', format: 'excel', labels: false },
  { name: 'xlsx-labels', ext: 'xlsx', format: 'excel', labels: true },
] as const;
type Variant = (typeof VARIANTS)[number];

describe('import round trip of the reconstructed waves', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const get = (path: string, token = staff.analyst) => http().get(path).auth(token, { type: 'bearer' }).expect(200);
  const copyOf = (code: string, variant: Variant) => `rt-${code.slice(3)}-${variant.name}`;

  const raw = async (code: string, variant: Variant, ext: 'csv' | 'xlsx' = variant.ext): Promise<Buffer> =>
    (
      await http()
        .get(`/api/waves/${code}/responses.${ext}`)
        .query({ format: variant.format, labels: String(variant.labels), include: 'partial' })
        .auth(staff.admin, { type: 'bearer' })
        .buffer(true)
        .parse(binary)
        .expect(200)
    ).body as Buffer;

  /** The raw export as sorted records without response_id, wave and source (the columns an import changes). */
  const comparable = (file: Buffer, variant: Variant) => {
    const records: string[][] = parse(file.toString('utf8'), { bom: true, delimiter: variant.format === 'excel' ? ';' : ',' });
    const [header, ...rows] = records;
    const keep = header.map((_name, index) => index).filter((index) => !['response_id', 'wave', 'source'].includes(header[index]));
    return {
      header: keep.map((index) => header[index]),
      rows: rows.map((row) => keep.map((index) => row[index]).join('\u0001')).sort(),
    };
  };

  /** A body with the copy's code and title put back to the original's, so that only figures can differ. */
  const asOriginal = (body: unknown, pairs: Array<[string, string]>) => {
    let text = JSON.stringify(body);
    for (const [from, to] of pairs) text = text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
    return JSON.parse(text) as unknown;
  };

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
  }, 240_000);

  afterAll(() => testApp.close());

  it.each(VARIANTS)(
    'raw export as $name → import into a new draft wave → same results, trends and raw export, for 2019, 2021 and 2023',
    async (variant) => {
      const renamed: Array<[string, string]> = [];
      for (const code of WAVES) {
        const original = (await get(`/api/waves/${code}`, staff.admin)).body as { title: string; version: string; surveyId: string };
        const copy = copyOf(code, variant);
        const title = `${original.title} (Import ${variant.name})`;
        await createWave(testApp.app, staff.admin, { code: copy, version: original.version, title, open: false });
        renamed.push([copy, code], [title, original.title]);

        const file = await raw(code, variant);
        const { n } = (
          await testApp.dataSource.query<Array<{ n: number }>>(
            'SELECT count(*)::int AS n FROM responses r JOIN waves w ON w.id = r.wave_id WHERE w.code = $1',
            [code],
          )
        )[0];
        expect(n).toBeGreaterThan(20);
        const imported = await http()
          .post(`/api/waves/${copy}/imports`)
          .auth(staff.admin, { type: 'bearer' })
          .attach('file', file, `${code}-${variant.name}.${variant.ext}`)
          .expect(201);
        expect(imported.body).toMatchObject({ created: n, unchanged: 0, replaced: 0 });

        const results = (await get(`/api/waves/${copy}/results`)).body as unknown;
        expect(asOriginal(results, renamed)).toEqual((await get(`/api/waves/${code}/results`)).body);
        expect(comparable(await raw(copy, variant, 'csv'), variant)).toEqual(comparable(await raw(code, variant, 'csv'), variant));
      }
      const trends = (
        await get('/api/surveys/ki-mittelstand/trends').query({ waves: WAVES.map((code) => copyOf(code, variant)).join(',') })
      ).body as unknown;
      const originalTrends = (await get('/api/surveys/ki-mittelstand/trends').query({ waves: WAVES.join(',') })).body as unknown;
      expect(asOriginal(trends, renamed)).toEqual(originalTrends);
    },
    180_000,
  );
});
