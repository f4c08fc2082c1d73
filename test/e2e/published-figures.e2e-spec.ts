import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { FrozenCounts } from '../../src/responses/frozen-counts';
import { ANSWER_CELLS } from '../support/answer-cells';
import { createStaff } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

/** Every number the report "Künstliche Intelligenz im Mittelstand" publishes (copied from shared/study). */
interface PublishedRow {
  figure: string;
  question_code: string;
  item_code: string;
  wave: string;
  share_percent: string;
  n_reported: string;
  note: string;
}

const published: PublishedRow[] = parse(readFileSync(join(__dirname, '..', 'fixtures', 'ki-mittelstand', 'published-figures.csv')), {
  columns: true,
  skip_empty_lines: true,
});

interface FigureBody {
  question: string;
  n: Array<{ wave: string; nReported: number | null }>;
  rows: Array<{ code: string; values: Array<{ wave: string; asked: boolean; share: number | null }> }>;
  notes: string[];
}

describe('the report, reproduced from raw responses', () => {
  let testApp: TestApp;
  let analyst: string;
  const figures = new Map<string, FigureBody>();

  beforeAll(async () => {
    testApp = await createTestApp();
    analyst = (await createStaff(testApp.app)).analyst;
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
    for (const figure of new Set(published.map((row) => row.figure))) {
      const response = await request(testApp.app.getHttpServer())
        .get(`/api/surveys/ki-mittelstand/figures/${figure}`)
        .auth(analyst, { type: 'bearer' })
        .expect(200);
      figures.set(figure, response.body);
    }
  }, 180_000);

  afterAll(() => testApp.close());

  it('stores the reconstructed waves as raw responses: 33, 48 and 58 completed', async () => {
    const rows: Array<{ code: string; completed: number; partial: number; answer_cells: number }> = await testApp.dataSource.query(
      `SELECT w.code,
              count(*) FILTER (WHERE r.status = 'completed')::int AS completed,
              count(*) FILTER (WHERE r.status = 'partial')::int AS partial,
              (SELECT count(*)::int FROM ${ANSWER_CELLS} a WHERE a.wave_id = w.id) AS answer_cells
         FROM waves w JOIN responses r ON r.wave_id = w.id GROUP BY w.id, w.code ORDER BY w.code`,
    );
    expect(rows.map(({ code, completed }) => [code, completed])).toEqual([
      ['ki-2019', 33],
      ['ki-2021', 48],
      ['ki-2023', 58],
    ]);
    for (const row of rows) {
      expect(row.partial).toBeGreaterThan(0);
      expect(row.answer_cells).toBeGreaterThan(row.completed * 5);
    }
  });

  it.each(published.map((row) => [`${row.figure} ${row.question_code}.${row.item_code} ${row.wave}`, row] as const))(
    '%s is reproduced',
    (_, row) => {
      const figure = figures.get(row.figure) as FigureBody;
      const wave = `ki-${row.wave}`;
      expect(figure.question).toBe(row.question_code);
      const value = figure.rows.find((item) => item.code === row.item_code)?.values.find((entry) => entry.wave === wave);
      expect(value?.asked).toBe(true);
      if (row.share_percent === '') {
        // "fast alle" (almost all): the report gives no number.
        expect(value?.share).toBeGreaterThanOrEqual(90);
      } else {
        expect(value?.share).toBe(Number(row.share_percent));
      }
      if (row.n_reported !== '') {
        expect(figure.n.find((entry) => entry.wave === wave)?.nReported).toBe(Number(row.n_reported));
      }
    },
  );

  it('serves the figures from the closed waves’ frozen counts, exactly as the live aggregation computes them', async () => {
    const waves: Array<{ id: string; status: string; frozen: boolean }> = await testApp.dataSource.query(
      `SELECT w.id, w.status, EXISTS (SELECT 1 FROM frozen_wave_counts f WHERE f.wave_id = w.id) AS frozen FROM waves w`,
    );
    expect(waves.map(({ status, frozen }) => [status, frozen])).toEqual([
      ['closed', true],
      ['closed', true],
      ['closed', true],
    ]);
    const frozenCounts = testApp.app.get(FrozenCounts);
    await testApp.dataSource.transaction(async (manager) => {
      for (const wave of waves) await frozenCounts.drop(manager, wave.id);
    });
    try {
      for (const [figure, body] of figures) {
        const live = await request(testApp.app.getHttpServer())
          .get(`/api/surveys/ki-mittelstand/figures/${figure}`)
          .auth(analyst, { type: 'bearer' })
          .expect(200);
        expect(live.body).toEqual(body);
      }
    } finally {
      await testApp.dataSource.transaction(async (manager) => {
        for (const wave of waves) await frozenCounts.freeze(manager, wave.id);
      });
    }
  });

  it('flags what a wave did not ask instead of showing 0 %', () => {
    const abb7 = figures.get('abb7') as FigureBody;
    const regulatorik = abb7.rows.find((row) => row.code === 'regulatorik');
    expect(regulatorik?.values.filter((value) => value.wave !== 'ki-2023')).toEqual([
      expect.objectContaining({ wave: 'ki-2019', asked: false, share: null }),
      expect.objectContaining({ wave: 'ki-2021', asked: false, share: null }),
    ]);
    expect(abb7.notes.join(' ')).toMatch(/nicht abgefragt/);
    expect((figures.get('abb3') as FigureBody).notes.join(' ')).toMatch(/fünfstufig|5 Stufen|five/i);
  });
});
