import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Answers = Record<string, unknown>;

/** The study's independently computed reference cases (test/fixtures/statistics-reference.csv). */
interface ReferenceRow {
  x1: string;
  n1: string;
  x2: string;
  n2: string;
  wilson1_low: string;
  wilson1_high: string;
  newcombe_low_pp: string;
  newcombe_high_pp: string;
  test: string;
  p: string;
}

const reference: ReferenceRow[] = parse(readFileSync(join(__dirname, '..', 'fixtures', 'statistics-reference.csv')), {
  columns: true,
  skip_empty_lines: true,
});

const ROLLE = {
  type: 'radiogroup',
  name: 'rolle',
  title: 'Ihre Rolle im Netzwerk',
  choices: [
    { value: 'trainer', text: 'KI-Trainer:in' },
    { value: 'experte', text: 'KI-Expert:in' },
    { value: 'andere', text: 'Andere' },
    { value: 'na', text: 'keine Angabe' },
  ],
};
const HILFE = {
  type: 'matrix',
  name: 'hilfe',
  title: 'Hilft das?',
  topBox: 1,
  columns: [
    { value: 0, text: 'nein' },
    { value: 1, text: 'ja' },
    { value: 'na', text: 'keine Angabe' },
  ],
  rows: [{ value: 'info', text: 'Information' }],
};
const DEFINITION = {
  locale: 'de',
  title: 'Kleine Welle',
  pages: [{ name: 'seite', elements: [ROLLE, HILFE, { type: 'comment', name: 'notiz', title: 'Notiz' }] }],
};

function answers(rolle: string | undefined, info: number | 'na'): Answers {
  return rolle === undefined ? { hilfe: { info } } : { rolle, hilfe: { info } };
}

const times = (count: number, set: Answers): Answers[] => Array.from({ length: count }, () => set);

describe('statistics for small samples (issue 17)', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const get = (path: string) => http().get(path).auth(staff.analyst, { type: 'bearer' });

  async function respond(wave: string, sets: Answers[], complete = true): Promise<void> {
    const tokens = await invite(testApp.app, staff.admin, wave, sets.length);
    for (const [index, set] of sets.entries()) {
      await http().put(`/api/respond/${tokens[index]}`).send({ answers: set, complete }).expect(200);
    }
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await http().put('/api/definitions/klein/versions/v1').auth(staff.admin, { type: 'bearer' }).send(DEFINITION).expect(201);
    await createWave(testApp.app, staff.admin, { code: 'klein-1', surveyId: 'klein', version: 'v1' });
    // trainer 2 (2 ja), experte 6 (4 ja, 2 nein), andere 9 (3 ja, 5 nein, 1 keine Angabe): 17 completed, "Hilft das?" 9 of 16 ja.
    await respond('klein-1', [
      ...times(2, answers('trainer', 1)),
      ...times(4, answers('experte', 1)),
      ...times(2, answers('experte', 0)),
      ...times(3, answers('andere', 1)),
      ...times(5, answers('andere', 0)),
      answers('andere', 'na'),
    ]);
    // Partial responses: 2 answered "Hilft das?" with ja (one of them as trainer), 1 saved only a note.
    await respond('klein-1', [answers('trainer', 1), answers(undefined, 1), { notiz: 'später' }], false);
    await testApp.app.get(ReconstructionService).load('ki-mittelstand');
  }, 180_000);

  afterAll(() => testApp.close());

  describe('results of a small wave', () => {
    it('gives each share its Wilson interval and marks a base below MIN_BASE, counting completed responses only', async () => {
      const { body } = await get('/api/waves/klein-1/results').expect(200);
      expect(body).toMatchObject({ completed: 17, counted: 17, include: 'completed', minBase: 10, breakdown: null });
      const info = body.questions.find((question: { code: string }) => question.code === 'hilfe').items[0];
      // 9 of 16: Wilson (R) 33.2 … 76.9.
      expect(info).toMatchObject({
        nAnswered: 17,
        nNoAnswer: 1,
        nBase: 16,
        topCount: 9,
        share: 56.3,
        ci: { low: 33.2, high: 76.9 },
        smallBase: false,
      });
      const rolle = body.questions.find((question: { code: string }) => question.code === 'rolle');
      // trainer 2 of 17: Wilson (R) 3.3 … 34.3.
      expect(rolle.items[0]).toMatchObject({ code: 'trainer', topCount: 2, nBase: 17, share: 11.8, ci: { low: 3.3, high: 34.3 } });
      const notiz = body.questions.find((question: { code: string }) => question.code === 'notiz').items[0];
      expect(notiz).toMatchObject({ ci: null, smallBase: false, share: null });
      expect(body.methods).toEqual([
        expect.stringContaining('nur abgeschlossene Antworten'),
        expect.stringContaining('Wilson'),
        expect.stringContaining('unter 10 Antworten'),
      ]);
    });

    it('with include=partial counts exactly the answers of the partial responses as well', async () => {
      const completed = (await get('/api/waves/klein-1/results').expect(200)).body;
      const partial = (await get('/api/waves/klein-1/results?include=partial').expect(200)).body;
      expect(partial).toMatchObject({ completed: 17, counted: 20, include: 'partial' });
      expect(partial.methods[0]).toContain('auch der nicht abgeschlossenen');
      const item = (body: { questions: Array<{ code: string; nReported: number; items: Array<Record<string, unknown>> }> }, code: string) =>
        body.questions.find((question) => question.code === code)!;
      expect(item(partial, 'hilfe').nReported - item(completed, 'hilfe').nReported).toBe(2);
      expect(item(partial, 'hilfe').items[0]).toMatchObject({ nBase: 18, topCount: 11, share: 61.1 });
      expect(item(partial, 'rolle').items[0]).toMatchObject({ code: 'trainer', topCount: 3, nBase: 18 });
      expect(item(partial, 'notiz').items[0].nAnswered).toBe((item(completed, 'notiz').items[0].nAnswered as number) + 1);
    });

    it.each([
      ['/api/waves/klein-1/results?include=all', 'include must be one of: completed, partial'],
      ['/api/surveys/klein/trends?include=incomplete', 'include must be one of: completed, partial'],
      ['/api/surveys/klein/figures?include=x', 'include must be one of: completed, partial'],
      ['/api/waves/klein-1/results?by=hilfe', 'by must be a single-choice question of wave klein-1: rolle'],
      ['/api/waves/klein-1/results?by=gibtsnicht', 'by must be a single-choice question of wave klein-1: rolle'],
      ['/api/waves/klein-1/results?by=a%20b', 'by must be a question code'],
    ])('%s → 422 VALIDATION_FAILED', async (path, message) => {
      const { body } = await get(path).expect(422);
      expect(body.code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(body)).toContain(message);
    });
  });

  describe('breakdown by a single-choice question', () => {
    it('suppresses the group of 2 and, so that it cannot be subtracted back, the group of 6', async () => {
      const { body } = await get('/api/waves/klein-1/results?by=rolle').expect(200);
      expect(body.breakdown).toMatchObject({ by: 'rolle', title: 'Ihre Rolle im Netzwerk', minGroup: 5, total: 17 });
      expect(
        body.breakdown.groups.map((group: { code: string; n: number | null; suppressed: boolean }) => [
          group.code,
          group.n,
          group.suppressed,
        ]),
      ).toEqual([
        ['trainer', null, true],
        ['experte', null, true],
        ['andere', 9, false],
        ['na', 0, false],
      ]);
      expect(body.breakdown.groups[0].questions).toBeNull();
      expect(JSON.stringify(body.breakdown.groups.slice(0, 2))).not.toMatch(/"topCount"|"share"/);
      const andere = body.breakdown.groups[2].questions.find((question: { code: string }) => question.code === 'hilfe').items[0];
      // 3 of 8: Wilson (R) 13.7 … 69.4, a base below 10.
      expect(andere).toMatchObject({ nBase: 8, topCount: 3, share: 37.5, ci: { low: 13.7, high: 69.4 }, smallBase: true });
      expect(body.methods.at(-1)).toContain('weniger als 5 Antworten');
    });

    it('shows every group at or above MIN_GROUP once more trainers answered', async () => {
      await createWave(testApp.app, staff.admin, { code: 'klein-2', surveyId: 'klein', version: 'v1' });
      await respond('klein-2', [
        ...times(5, answers('trainer', 1)),
        ...times(6, answers('experte', 0)),
        ...times(5, answers(undefined, 1)),
      ]);
      const { body } = await get('/api/waves/klein-2/results?by=rolle').expect(200);
      expect(
        body.breakdown.groups.map((group: { code: string; n: number | null; suppressed: boolean }) => [
          group.code,
          group.n,
          group.suppressed,
        ]),
      ).toEqual([
        ['trainer', 5, false],
        ['experte', 6, false],
        ['andere', 0, false],
        // completed responses that did not answer the question belong to "keine Angabe"
        ['na', 5, false],
      ]);
      expect(body.breakdown.total).toBe(body.completed);
    });
  });

  describe('trends of the reconstructed ki-mittelstand waves', () => {
    interface Point {
      wave: string;
      asked: boolean;
      nBase: number | null;
      topCount: number | null;
      deltaPp: number | null;
      deltaCi: { low: number; high: number } | null;
      pValue: number | null;
      test: string | null;
      significant: boolean | null;
      ci: { low: number; high: number } | null;
    }
    let points: Array<{ label: string; later: Point; earlier: Point; scaleChanged: boolean }> = [];

    beforeAll(async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/trends').expect(200);
      expect(body.waves).toEqual(['ki-2019', 'ki-2021', 'ki-2023']);
      points = [];
      for (const question of body.questions as Array<{
        code: string;
        scaleChanged: Array<{ from: string; to: string }>;
        items: Array<{ code: string; series: Point[] }>;
      }>) {
        for (const item of question.items) {
          const asked = item.series.filter((point) => point.asked);
          asked.slice(1).forEach((later, index) =>
            points.push({
              label: `${question.code}.${item.code} ${later.wave}`,
              later,
              earlier: asked[index],
              scaleChanged: question.scaleChanged.some((change) => change.from === asked[index].wave && change.to === later.wave),
            }),
          );
        }
      }
    });

    it('carries interval, p-value, test and significance exactly where there is a change', () => {
      expect(points.length).toBeGreaterThan(10);
      expect(points.filter((point) => point.scaleChanged && point.later.deltaPp !== null).length).toBeGreaterThan(0);
      for (const { later, scaleChanged } of points) {
        // A change across a new scale is printed (deltaPp) but not tested: it would not be comparable.
        if (later.deltaPp === null || scaleChanged) {
          expect([later.deltaCi, later.pValue, later.test, later.significant]).toEqual([null, null, null, null]);
        } else {
          expect(later.deltaCi).not.toBeNull();
          expect(later.significant).toBe((later.pValue as number) < 0.05);
          expect(['n-1-chi2', 'fisher']).toContain(later.test);
        }
      }
    });

    it("agrees with the reference method on the data (values by R; the reference file's pairs do not occur in the reconstruction)", () => {
      // [point, x1, n1, x2, n2, wilson low/high, newcombe low/high pp, p, test], computed independently with R (qnorm, chisq.test × (N−1)/N, fisher.test)
      const cases: Array<[string, number, number, number, number, number, number, number, number, number, string]> = [
        ['chancen.werbung ki-2023', 47, 53, 39, 45, 77.4235, 94.707, -11.2827, 16.2006, 0.763163, 'n-1-chi2'],
        ['chancen.personalaufwand ki-2023', 43, 49, 30, 45, 75.7556, 94.2652, 4.1363, 37.0706, 0.014726, 'n-1-chi2'],
        ['anwendungen.texterstellung ki-2023', 47, 51, 24, 43, 81.5001, 96.9078, 18.9445, 51.7976, 0.000049, 'n-1-chi2'],
        ['hemmnisse.datensicherheit ki-2023', 30, 52, 33, 45, 44.1943, 70.1319, -32.8667, 3.367, 0.109207, 'n-1-chi2'],
        ['reifegrad.verankerungsphase ki-2023', 0, 58, 0, 48, 0, 6.2118, -7.41, 6.2118, 1, 'fisher'],
      ];
      for (const [label, x1, n1, x2, n2, low, high, deltaLow, deltaHigh, p, test] of cases) {
        const found = points.find((point) => point.label === label);
        expect(found).toBeDefined();
        const { later, earlier } = found!;
        expect([later.topCount, later.nBase, earlier.topCount, earlier.nBase]).toEqual([x1, n1, x2, n2]);
        const within = (shown: number, exact: number) => expect(Math.abs(shown - exact)).toBeLessThanOrEqual(0.05 + 1e-9);
        within(later.ci!.low, low);
        within(later.ci!.high, high);
        within(later.deltaCi!.low, deltaLow);
        within(later.deltaCi!.high, deltaHigh);
        expect(Math.abs(later.pValue! - p)).toBeLessThan(1e-4);
        expect(later.test).toBe(test);
        expect(later.significant).toBe(p < 0.05);
      }
    });

    it('checks the reference file itself against the service on two hand-built waves: 40 of 58 against 20 of 33', async () => {
      const row = reference.find(
        (candidate) => candidate.x1 === '40' && candidate.n1 === '58' && candidate.x2 === '20' && candidate.n2 === '33',
      )!;
      await createWave(testApp.app, staff.admin, { code: 'ref-1', surveyId: 'klein', version: 'v1', opensAt: '2024-01-01T00:00:00Z' });
      await createWave(testApp.app, staff.admin, { code: 'ref-2', surveyId: 'klein', version: 'v1', opensAt: '2024-06-01T00:00:00Z' });
      await respond('ref-1', [...times(20, answers('andere', 1)), ...times(13, answers('andere', 0))]);
      await respond('ref-2', [...times(40, answers('andere', 1)), ...times(18, answers('andere', 0))]);
      const { body } = await get('/api/surveys/klein/trends?waves=ref-1,ref-2').expect(200);
      const [first, second] = body.questions.find((question: { code: string }) => question.code === 'hilfe').items[0].series;
      expect(first).toMatchObject({ share: 60.6, nBase: 33, topCount: 20, deltaPp: null, pValue: null });
      expect(second).toMatchObject({ share: 69, nBase: 58, topCount: 40, deltaPp: 8.4, test: row.test, significant: false });
      expect(Math.abs(second.ci.low - Number(row.wilson1_low))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(second.ci.high - Number(row.wilson1_high))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(second.deltaCi.low - Number(row.newcombe_low_pp))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(second.deltaCi.high - Number(row.newcombe_high_pp))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(Math.abs(second.pValue - Number(row.p))).toBeLessThan(1e-4);
      expect(body.include).toBe('completed');
      expect(body.methods).toEqual(expect.arrayContaining([expect.stringContaining('Newcombe'), expect.stringContaining('Campbell')]));
    });
  });
});
