import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StaffTokens } from '../support/factories';
import { exportClient, SET_UP_TIMEOUT, setUpExportsWave, workbookOf } from '../support/exports-wave';
import type { TestApp } from '../support/test-app';

/** `cli export`: the same files as the API, written by the command line against the same database. */

describe('exports: command line', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const { fileOf } = exportClient(() => ({ testApp, staff }));

  beforeAll(async () => {
    ({ testApp, staff } = await setUpExportsWave());
  }, SET_UP_TIMEOUT);

  afterAll(() => testApp.close());

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
        expect(fromCli.worksheets.map((sheet) => sheet.getSheetValues())).toEqual(
          fromApi.worksheets.map((sheet) => sheet.getSheetValues()),
        );
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
