import ExcelJS from 'exceljs';
import { ClientRequest, get } from 'node:http';
import { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Pool } from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { ResponseStatus } from '../../src/responses/response.entity';
import { RAW_EXPORT_QUERY_TAG, ResponseRowsReader } from '../../src/responses/response-rows.reader';
import type { StaffTokens } from '../support/factories';
import { createWave } from '../support/factories';
import { excelCsv, exportClient, INJECTIONS, SET_UP_TIMEOUT, setUpExportsWave, workbookOf } from '../support/exports-wave';
import { isNumericInR, readWithR } from '../support/r-csv';
import type { TestApp } from '../support/test-app';

/** The raw data exports (one row per response): content, privacy, audit, streaming and failure. */

describe('exports: raw data', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  let tokens: string[];
  const { http, asAnalyst, asAdmin, fileOf } = exportClient(() => ({ testApp, staff }));

  beforeAll(async () => {
    ({ testApp, staff, tokens } = await setUpExportsWave());
  }, SET_UP_TIMEOUT);

  afterAll(() => testApp.close());

  describe('routes and access', () => {
    it.each([
      ['/api/waves/exp-2023/responses.csv', 'text/csv; charset=utf-8', 'exp-2023-responses.csv'],
      [
        '/api/surveys/ki-mittelstand/responses.xlsx',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'ki-mittelstand-responses.xlsx',
      ],
    ])('%s (raw data) is a download of type %s named %s', async (path, type, filename) => {
      const response = await fileOf(path, staff.admin);
      expect(response.headers['content-type']).toBe(type);
      expect(response.headers['content-disposition']).toBe(`attachment; filename="${filename}"`);
    });

    it.each(['/api/waves/exp-2023/responses.csv', '/api/waves/exp-2023/responses.xlsx', '/api/surveys/ki-mittelstand/responses.csv'])(
      'an analyst may not download raw data: %s is 403',
      async (path) => {
        const response = await asAnalyst(path).expect(403);
        expect(response.body.code).toBe('AUTH_FORBIDDEN');
      },
    );
  });

  describe('raw data', () => {
    it('has one row per completed response, item columns in codebook order, codes, and neutralized free text', async () => {
      const [header, ...rows] = excelCsv((await fileOf('/api/waves/exp-2023/responses.csv', staff.admin)).body.toString('utf8'));
      expect(header.slice(0, 10)).toEqual([
        'response_id',
        'wave',
        'status',
        'completed_at',
        'source',
        'zentrum',
        'rolle',
        'chancen_prozesseffizienz',
        'chancen_logistik',
        'chancen_kundenservice',
      ]);
      expect(header).toContain('transfer_sonstiges');
      expect(header.indexOf('reifegrad')).toBeGreaterThan(header.indexOf('hemmnisse_regulatorik'));
      expect(rows).toHaveLength(3);
      const cell = (row: string[], name: string) => row[header.indexOf(name)];
      const byZentrum = (zentrum: string) => rows.find((row) => cell(row, 'zentrum') === zentrum) as string[];
      const first = byZentrum(`'${INJECTIONS[0]}`);
      expect(first).toBeDefined();
      expect([
        cell(first, 'wave'),
        cell(first, 'status'),
        cell(first, 'chancen_werbung'),
        cell(first, 'chancen_logistik'),
        cell(first, 'reifegrad'),
      ]).toEqual(['exp-2023', 'completed', '4', 'na', 'uebungsphase']);
      expect(cell(first, 'transfer_sonstiges')).toBe("'+1");
      expect(cell(first, 'completed_at')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(cell(first, 'response_id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(cell(first, 'source')).toBe('online');
      expect(byZentrum("'-2")).toBeDefined();
      expect(byZentrum("'@SUM(A1:A9)")).toBeDefined();
      expect(cell(byZentrum("'-2"), 'transfer_qualifizierung')).toBe('0');
    });

    it('never contains a token or an invitation id', async () => {
      const invitationIds: Array<{ id: string }> = await testApp.dataSource.query(
        `SELECT i.id FROM invitations i JOIN waves w ON w.id = i.wave_id WHERE w.code = 'exp-2023'`,
      );
      for (const path of [
        '/api/waves/exp-2023/responses.csv?include=partial',
        '/api/surveys/ki-mittelstand/responses.csv?include=partial',
      ]) {
        const text = (await fileOf(path, staff.admin)).body.toString('utf8');
        for (const token of tokens) expect(text).not.toContain(token);
        for (const { id } of invitationIds) expect(text).not.toContain(id);
        expect(text).not.toMatch(/token|invitation|email/i);
      }
    });

    it('adds the partial responses with ?include=partial', async () => {
      const [header, ...rows] = excelCsv(
        (await fileOf('/api/waves/exp-2023/responses.csv?include=partial', staff.admin)).body.toString('utf8'),
      );
      expect(rows.map((row) => row[header.indexOf('status')]).sort()).toEqual(['completed', 'completed', 'completed', 'partial']);
      const partial = rows.find((row) => row[header.indexOf('status')] === 'partial') as string[];
      expect([partial[header.indexOf('completed_at')], partial[header.indexOf('zentrum')]]).toEqual(['', 'noch dabei']);
    });

    it('gives labels with ?labels=true, "keine Angabe" for na', async () => {
      const [header, ...rows] = excelCsv(
        (await fileOf('/api/waves/exp-2023/responses.csv?labels=true', staff.admin)).body.toString('utf8'),
      );
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
      expect(zentrum.sort()).toEqual(
        INJECTIONS.filter((text) => text !== '+1')
          .map((text) => `'${text}`)
          .sort(),
      );
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
      expect(new Set(header.slice(5))).toEqual(new Set(codebook.slice(1).map((row) => row[0])));
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

    it('records every raw export in the audit trail: one event per download, naming who, which wave or survey and the options', async () => {
      const waveEvents = async () =>
        ((await asAdmin('/api/waves/exp-2023/events').expect(200)).body as Array<{ action: string; occurredAt: string }>).filter(
          (event) => event.action === 'responses.exported',
        );
      const before = await waveEvents();
      const started = Date.now();
      await fileOf('/api/waves/exp-2023/responses.xlsx?labels=true&include=partial', staff.admin);
      const after = await waveEvents();
      expect(after).toHaveLength(before.length + 1);
      const event = after[after.length - 1];
      expect(event).toEqual({
        occurredAt: expect.any(String),
        actor: 'Test Admin (admin)',
        action: 'responses.exported',
        details: { includePartial: true, labels: true },
      });
      expect(new Date(event.occurredAt).getTime()).toBeGreaterThanOrEqual(started - 1000);

      // The survey-wide export belongs to no wave's trail: read the stored events.
      const surveyEvents = (): Promise<unknown[]> =>
        testApp.dataSource.query(
          `SELECT actor, wave_code, survey_id, details FROM audit_events WHERE action = 'responses.exported' AND wave_code IS NULL ORDER BY id`,
        );
      const beforeSurvey = await surveyEvents();
      await fileOf('/api/surveys/ki-mittelstand/responses.csv', staff.admin);
      const afterSurvey = await surveyEvents();
      expect(afterSurvey).toHaveLength(beforeSurvey.length + 1);
      expect(afterSurvey[afterSurvey.length - 1]).toEqual({
        actor: 'Test Admin (admin)',
        wave_code: null,
        survey_id: 'ki-mittelstand',
        details: { includePartial: false, labels: false, waves: ['ki-2019', 'ki-2021', 'ki-2023', 'exp-2023'] },
      });
    });
  });

  describe('a large wave', () => {
    const ROWS = 50_000;
    const path = '/api/waves/bulk-1/responses.csv';

    /** The other backends of this database whose current (or, when idle, last) statement is the raw export's, found by its tag. */
    const EXPORT_BACKENDS = `FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND starts_with(query, $1)`;

    /** Raw-export queries running in the database right now, and connections of the pool in use. */
    const busy = async () => {
      const pool = (testApp.dataSource.driver as PostgresDriver).master as Pool;
      const [{ count }] = await testApp.dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count ${EXPORT_BACKENDS} AND state <> 'idle'`,
        [RAW_EXPORT_QUERY_TAG],
      );
      return { queries: count, connections: pool.totalCount - pool.idleCount };
    };

    /** Starts a download, reads its first 200 bytes or more and stops reading, the client still connected. */
    const pausedDownload = (downloadPath: string) => {
      const { port } = testApp.app.getHttpServer().address() as AddressInfo;
      return new Promise<{ start: Buffer; req: ClientRequest }>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path: downloadPath, headers: { authorization: `Bearer ${staff.admin}` } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => {
            chunks.push(chunk);
            if (Buffer.concat(chunks).length < 200) return;
            res.pause();
            resolve({ start: Buffer.concat(chunks), req });
          });
        });
        req.on('error', (error) =>
          error.message.includes('aborted') || error.message.includes('socket hang up') ? undefined : reject(error),
        );
      });
    };

    /** busy(), polled until the export's query and connection are gone or 5 s have passed. */
    const busyAfterLeaving = async () => {
      let state = await busy();
      for (let attempt = 0; (state.queries > 0 || state.connections > 0) && attempt < 50; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        state = await busy();
      }
      return state;
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
    }, SET_UP_TIMEOUT);

    it('streams every row', async () => {
      const [header, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(header).toEqual(['response_id', 'wave', 'status', 'completed_at', 'source', 'lage_kern', 'notiz']);
      expect(rows).toHaveLength(ROWS);
      expect(new Set(rows.map((row) => row[0])).size).toBe(ROWS);
      expect(rows.every((row) => row[header.indexOf('lage_kern')] === '2')).toBe(true);
    });

    it('does not hold the rows it has passed on: memory of an export does not grow with the rows', async () => {
      // A full garbage collection on demand (the flag takes effect for the new context's gc function).
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      const [{ id }] = await testApp.dataSource.query<Array<{ id: string }>>(`SELECT id FROM waves WHERE code = 'bulk-1'`);
      const rows = testApp.app.get(ResponseRowsReader).rows({ waveIds: [id], statuses: [ResponseStatus.Completed] });
      const early: Array<WeakRef<object>> = [];
      const turn = () => new Promise((resolve) => setTimeout(resolve, 0));
      let read = 0;
      let kept = -1;
      for await (const row of rows) {
        read += 1;
        if (read <= 100) early.push(new WeakRef(row));
        if (read < 5000) continue;
        // Mid-export (the cursor still open): WeakRef targets stay alive until the end of the current job, so collect in a later turn.
        await turn();
        gc();
        await turn();
        kept = early.filter((reference) => reference.deref() !== undefined).length;
        break;
      }
      expect({ checked: early.length, kept }).toEqual({ checked: 100, kept: 0 });
    });

    it('ends the query and frees the connection when the client goes away mid-download', async () => {
      const { start, req } = await pausedDownload(path);
      expect(start.toString('utf8')).toContain('response_id;wave;status');
      // Mid-download the export's query is found by its tag: the checks below cannot pass because the tag matches nothing.
      expect(await busy()).toEqual({ queries: 1, connections: 1 });
      req.destroy();
      expect(await busyAfterLeaving()).toEqual({ queries: 0, connections: 0 });
      const [, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(rows).toHaveLength(ROWS);
    });

    it('XLSX: ends the query and frees the connection when the client goes away mid-download', async () => {
      const xlsxPath = path.replace(/\.csv$/, '.xlsx');
      const { start, req } = await pausedDownload(xlsxPath);
      // A zip archive (local file header "PK\x03\x04"), and the export's query found by its tag.
      expect(start.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect(await busy()).toEqual({ queries: 1, connections: 1 });
      req.destroy();
      expect(await busyAfterLeaving()).toEqual({ queries: 0, connections: 0 });
      const sheet = (await workbookOf((await fileOf(xlsxPath, staff.admin)).body)).worksheets[0];
      expect(sheet.rowCount).toBe(ROWS + 1);
    });

    it('fails only the download whose database connection is lost mid-export', async () => {
      const { port } = testApp.app.getHttpServer().address() as AddressInfo;
      // The backends terminated: the export's query, found by its tag (the test means nothing if the tag matches nothing).
      let terminated: Array<{ terminated: boolean }> = [];
      const outcome = await new Promise<{ bytes: number; complete: boolean }>((resolve, reject) => {
        const req = get({ host: '127.0.0.1', port, path, headers: { authorization: `Bearer ${staff.admin}` } }, (res) => {
          let bytes = 0;
          let paused = false;
          res.on('data', (chunk: Buffer) => {
            bytes += chunk.length;
            if (paused) return;
            paused = true;
            res.pause();
            testApp.dataSource
              .query<Array<{ terminated: boolean }>>(
                `SELECT pg_terminate_backend(pid) AS terminated ${EXPORT_BACKENDS} AND state <> 'idle'`,
                [RAW_EXPORT_QUERY_TAG],
              )
              .then((rows) => {
                terminated = rows;
                setTimeout(() => res.resume(), 200);
              }, reject);
          });
          res.on('close', () => resolve({ bytes, complete: res.complete }));
          res.on('error', () => resolve({ bytes, complete: false }));
        });
        req.on('error', () => resolve({ bytes: 0, complete: false }));
      });
      expect(terminated).toEqual([{ terminated: true }]);
      expect(outcome.complete).toBe(false);
      const [, ...rows] = excelCsv((await fileOf(path, staff.admin)).body.toString('utf8'));
      expect(rows).toHaveLength(ROWS);
    });
  });

  describe('read by R', () => {
    it.each([
      ['/api/waves/exp-2023/responses.csv', 'ki-mittelstand', ['2023']],
      ['/api/surveys/ki-mittelstand/responses.csv', 'ki-mittelstand', ['2019', '2021', '2023']],
    ])(
      'raw data %s: every scale column is numeric in R once "na" (keine Angabe) is declared missing',
      async (path, surveyId, versions) => {
        const body = (await fileOf(path, staff.admin)).body as Buffer;
        const frame = readWithR(body, 'excel', ['', 'na']);
        const codebook = excelCsv((await fileOf(`/api/surveys/${surveyId}/codebook.csv`)).body.toString('utf8'));
        const scaleColumns = new Set(
          codebook
            .filter((row) => row[4] === 'matrix' && versions.some((version) => row[1].split(', ').includes(version)))
            .map((row) => row[0]),
        );
        expect(scaleColumns.size).toBeGreaterThan(10);
        for (const column of scaleColumns) expect([column, isNumericInR(frame.classes.get(column))]).toEqual([column, true]);
      },
      60_000,
    );
  });
});
