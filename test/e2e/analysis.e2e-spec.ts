import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import request from 'supertest';
import { svgTexts } from '../fixtures/svg-texts';
import { createStaff, createWave, invite, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';

type Answers = Record<string, unknown>;

/** Parses a binary response body (supertest buffers it). */
function binary(res: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => callback(null, Buffer.concat(chunks)));
}

const AGREE5 = ['gar nicht', 'eher nicht', 'teils', 'eher', 'voll'];
const AGREE4 = ['nicht', 'eher nicht', 'eher', 'voll'];

function matrix(name: string, levels: string[], rows: Array<[string, string]>, topBox = 2) {
  return {
    type: 'matrix',
    name,
    title: `Frage ${name}`,
    topBox,
    columns: [...levels.map((text, index) => ({ value: index + 1, text })), { value: 'na', text: 'keine Angabe' }],
    rows: rows.map(([value, text]) => ({ value, text })),
  };
}

const hilfe = {
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
const stufe = {
  type: 'radiogroup',
  name: 'stufe',
  title: 'Welche Stufe?',
  choices: [
    { value: 'anfang', text: 'Anfang' },
    { value: 'mitte', text: 'Mitte' },
    { value: 'ende', text: 'Ende' },
    { value: 'na', text: 'keine Angabe' },
  ],
};
const anmerkung = { type: 'comment', name: 'anmerkung', title: 'Anmerkung' };

function definition(title: string, elements: unknown[]) {
  return { locale: 'de', title, pages: [{ name: 'seite', elements }] };
}

/**
 * A small panel over three versions: the 2019 scale has five points, later ones
 * four; `alt` is dropped after 2019, `wort` reworded in 2021, `neu` and `leer`
 * (only ever "keine Angabe") asked in 2023 only.
 */
const PANEL = {
  v1: definition('Panel 2019', [
    matrix('lage', AGREE5, [
      ['kern', 'Kernthema'],
      ['alt', 'Altes Thema'],
      ['wort', 'Erste Fassung'],
    ]),
    hilfe,
    stufe,
    anmerkung,
  ]),
  v2: definition('Panel 2021', [
    matrix('lage', AGREE4, [
      ['kern', 'Kernthema'],
      ['wort', 'Zweite Fassung'],
    ]),
    hilfe,
    stufe,
  ]),
  v3: definition('Panel 2023', [
    matrix('lage', AGREE4, [
      ['kern', 'Kernthema'],
      ['wort', 'Zweite Fassung'],
      ['neu', 'Neues Thema'],
      ['leer', 'Nie beantwortet'],
    ]),
    hilfe,
    stufe,
    anmerkung,
  ]),
};

describe('analysis: results, trends and figures from raw answers', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const get = (path: string, token = staff.analyst) => http().get(path).auth(token, { type: 'bearer' });

  async function upload(surveyId: string, version: string, content: object): Promise<void> {
    await http().put(`/api/definitions/${surveyId}/versions/${version}`).auth(staff.admin, { type: 'bearer' }).send(content).expect(201);
  }

  /** One invitation per answer set, each saved through the respondent API; completed unless `complete: false`. */
  async function respond(wave: string, answerSets: Answers[], complete = true): Promise<void> {
    const tokens = await invite(testApp.app, staff.admin, wave, answerSets.length);
    for (const [index, answers] of answerSets.entries()) {
      await http().put(`/api/respond/${tokens[index]}`).send({ answers, complete }).expect(200);
    }
  }

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
    await upload('panel', 'v1', PANEL.v1);
    await upload('panel', 'v2', PANEL.v2);
    await upload('panel', 'v3', PANEL.v3);

    // Created out of fielding order: the default trend orders by opensAt.
    await createWave(testApp.app, staff.admin, { code: 'p-2023', surveyId: 'panel', version: 'v3', opensAt: '2023-05-01T00:00:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'p-2019', surveyId: 'panel', version: 'v1', opensAt: '2019-05-01T00:00:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'p-2021', surveyId: 'panel', version: 'v2', opensAt: '2021-05-01T00:00:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'p-pilot', surveyId: 'panel', version: 'v3' });

    await respond('p-2019', [
      { lage: { kern: 5, alt: 4, wort: 1 }, hilfe: { info: 1 }, stufe: 'anfang', anmerkung: 'gut' },
      { lage: { kern: 3, alt: 'na', wort: 4 }, hilfe: { info: 0 }, stufe: 'na' },
      { lage: { kern: 4, alt: 2 }, stufe: 'mitte' },
    ]);
    await respond('p-2019', [{ lage: { kern: 1, alt: 1, wort: 1 }, hilfe: { info: 0 } }], false);
    await respond('p-2021', [
      { lage: { kern: 4, wort: 4 }, stufe: 'mitte' },
      { lage: { kern: 4, wort: 3 }, stufe: 'mitte' },
      { lage: { kern: 1, wort: 'na' }, stufe: 'ende' },
      { lage: { kern: 2 }, hilfe: { info: 1 }, stufe: 'anfang' },
    ]);
    await respond('p-2023', [
      { lage: { kern: 4, wort: 3, neu: 4, leer: 'na' }, hilfe: { info: 1 }, stufe: 'ende', anmerkung: 'a' },
      { lage: { kern: 3, neu: 1, leer: 'na' }, hilfe: { info: 'na' }, stufe: 'ende', anmerkung: 'b' },
      { lage: { leer: 'na' }, stufe: 'na' },
    ]);
    await respond('p-2023', [{ lage: { kern: 1, neu: 1, leer: 1 }, stufe: 'anfang' }], false);
    await respond('p-pilot', [{ lage: { kern: 4 } }], false);

    await upload('zweit', '1', definition('Zweite Umfrage', [matrix('frage', AGREE4, [['a', 'A']])]));
    await createWave(testApp.app, staff.admin, { code: 'z-ohne-start', surveyId: 'zweit', version: '1' });
    await createWave(testApp.app, staff.admin, { code: 'z-mit-start', surveyId: 'zweit', version: '1', opensAt: '2020-01-01T00:00:00Z' });
    await createWave(testApp.app, staff.admin, { code: 'z-ohne-start-2', surveyId: 'zweit', version: '1' });
    for (const wave of ['z-ohne-start', 'z-mit-start', 'z-ohne-start-2']) await respond(wave, [{ frage: { a: 4 } }]);
  }, 120_000);

  afterAll(() => testApp.close());

  it('documents the routes and their shapes in OpenAPI', async () => {
    const { body } = await http().get('/api/docs-json').expect(200);
    for (const path of [
      '/api/waves/{code}/results',
      '/api/surveys/{surveyId}/trends',
      '/api/surveys/{surveyId}/figures',
      '/api/surveys/{surveyId}/figures/{figureId}',
    ]) {
      expect(body.paths[path]?.get?.tags).toEqual(['analysis']);
    }
    expect(body.paths['/api/waves/{code}/results'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/WaveResultsDto',
    );
    expect(body.components.schemas.ItemResultDto.properties.counts).toMatchObject({
      type: 'object',
      additionalProperties: { type: 'integer' },
    });
    expect(body.components.schemas.SeriesPointDto.properties.share).toMatchObject({ type: 'number', nullable: true });
    expect(Object.keys(body.components.schemas.FigureDto.properties)).toEqual(
      expect.arrayContaining(['waves', 'n', 'rows', 'notes', 'scaleChanged', 'delta', 'statistic']),
    );
  });

  describe('GET /api/waves/:code/results', () => {
    it('counts every question of the wave from its completed responses only', async () => {
      const { body } = await get('/api/waves/p-2023/results').expect(200);
      expect(body).toMatchObject({
        wave: 'p-2023',
        surveyId: 'panel',
        version: 'v3',
        completed: 3,
        questions: [
          {
            code: 'lage',
            title: 'Frage lage',
            kind: 'topBox',
            nReported: 3,
            items: [
              {
                code: 'kern',
                title: 'Kernthema',
                nAnswered: 2,
                nNoAnswer: 0,
                nBase: 2,
                counts: { '1': 0, '2': 0, '3': 1, '4': 1, na: 0 },
                topCount: 2,
                share: 100,
              },
              {
                code: 'wort',
                title: 'Zweite Fassung',
                nAnswered: 1,
                nNoAnswer: 0,
                nBase: 1,
                counts: { '1': 0, '2': 0, '3': 1, '4': 0, na: 0 },
                topCount: 1,
                share: 100,
              },
              {
                code: 'neu',
                title: 'Neues Thema',
                nAnswered: 2,
                nNoAnswer: 0,
                nBase: 2,
                counts: { '1': 1, '2': 0, '3': 0, '4': 1, na: 0 },
                topCount: 1,
                share: 50,
              },
              {
                code: 'leer',
                title: 'Nie beantwortet',
                nAnswered: 3,
                nNoAnswer: 3,
                nBase: 0,
                counts: { '1': 0, '2': 0, '3': 0, '4': 0, na: 3 },
                topCount: 0,
                share: null,
              },
            ],
          },
          {
            code: 'hilfe',
            title: 'Hilft das?',
            kind: 'yes',
            nReported: 2,
            items: [
              {
                code: 'info',
                title: 'Information',
                nAnswered: 2,
                nNoAnswer: 1,
                nBase: 1,
                counts: { '0': 0, '1': 1, na: 1 },
                topCount: 1,
                share: 100,
              },
            ],
          },
          {
            code: 'stufe',
            title: 'Welche Stufe?',
            kind: 'choice',
            nReported: 3,
            items: [
              { code: 'anfang', title: 'Anfang', nAnswered: 3, nNoAnswer: 1, nBase: 2, counts: { anfang: 0 }, topCount: 0, share: 0 },
              { code: 'mitte', title: 'Mitte', nAnswered: 3, nNoAnswer: 1, nBase: 2, counts: { mitte: 0 }, topCount: 0, share: 0 },
              { code: 'ende', title: 'Ende', nAnswered: 3, nNoAnswer: 1, nBase: 2, counts: { ende: 2 }, topCount: 2, share: 100 },
            ],
          },
          {
            code: 'anmerkung',
            title: 'Anmerkung',
            kind: 'text',
            nReported: 2,
            items: [{ code: 'anmerkung', title: 'Anmerkung', nAnswered: 2, nNoAnswer: 0, nBase: 2, counts: {}, topCount: 0, share: null }],
          },
        ],
      });
    });

    it('takes the top two of five on the five-point scale, over the base without "keine Angabe"', async () => {
      const { body } = await get('/api/waves/p-2019/results').expect(200);
      expect(body.completed).toBe(3);
      const lage = body.questions.find((question: { code: string }) => question.code === 'lage');
      expect(lage.nReported).toBe(3);
      expect(
        lage.items.map((item: { code: string; counts: object; nBase: number; share: number }) => [
          item.code,
          item.counts,
          item.nBase,
          item.share,
        ]),
      ).toEqual([
        ['kern', { '1': 0, '2': 0, '3': 1, '4': 1, '5': 1, na: 0 }, 3, 66.7],
        ['alt', { '1': 0, '2': 1, '3': 0, '4': 1, '5': 0, na: 1 }, 2, 50],
        ['wort', { '1': 1, '2': 0, '3': 0, '4': 1, '5': 0, na: 0 }, 2, 50],
      ]);
    });

    it('shows a wave with only partial responses as empty, not as the partial answers', async () => {
      const { body } = await get('/api/waves/p-pilot/results').expect(200);
      expect(body.completed).toBe(0);
      expect(body.questions[0]).toMatchObject({ code: 'lage', nReported: 0 });
      expect(body.questions[0].items[0]).toEqual(
        expect.objectContaining({ code: 'kern', nAnswered: 0, counts: { '1': 0, '2': 0, '3': 0, '4': 0, na: 0 }, share: null }),
      );
    });

    it('answers 404 WAVE_NOT_FOUND for an unknown wave', async () => {
      const { body } = await get('/api/waves/nope/results').expect(404);
      expect(body).toMatchObject({ code: 'WAVE_NOT_FOUND' });
    });

    it('is for staff only', async () => {
      await http().get('/api/waves/p-2023/results').expect(401);
      await get('/api/waves/p-2023/results', staff.admin).expect(200);
    });
  });

  describe('GET /api/surveys/:surveyId/trends', () => {
    it('by default covers the waves with completed responses, by fielding start', async () => {
      const { body } = await get('/api/surveys/panel/trends').expect(200);
      expect(body.surveyId).toBe('panel');
      expect(body.waves).toEqual(['p-2019', 'p-2021', 'p-2023']);
      const second = await get('/api/surveys/zweit/trends').expect(200);
      expect(second.body.waves).toEqual(['z-mit-start', 'z-ohne-start', 'z-ohne-start-2']);
    });

    it('orders questions and items by the latest wave, leaves out free text, and reports N per wave', async () => {
      const { body } = await get('/api/surveys/panel/trends').expect(200);
      expect(body.questions.map((question: { code: string; kind: string }) => [question.code, question.kind])).toEqual([
        ['lage', 'topBox'],
        ['hilfe', 'yes'],
        ['stufe', 'choice'],
      ]);
      const [lage, hilfeTrend] = body.questions;
      expect(lage.items.map((item: { code: string }) => item.code)).toEqual(['kern', 'wort', 'neu', 'leer', 'alt']);
      expect(lage.n).toEqual([
        { wave: 'p-2019', nReported: 3 },
        { wave: 'p-2021', nReported: 4 },
        { wave: 'p-2023', nReported: 3 },
      ]);
      expect(hilfeTrend.n.map((entry: { nReported: number }) => entry.nReported)).toEqual([2, 1, 2]);
    });

    it('flags the five-point → four-point change', async () => {
      const { body } = await get('/api/surveys/panel/trends').expect(200);
      expect(body.questions[0].scaleChanged).toEqual([
        {
          from: 'p-2019',
          to: 'p-2021',
          detail: '2019: 5 Stufen (gar nicht … voll), 2021: 4 Stufen (nicht … voll)',
          fromLevels: AGREE5,
          toLevels: AGREE4,
          fromTopBox: 2,
          toTopBox: 2,
        },
      ]);
      expect(body.questions[1].scaleChanged).toEqual([]);
    });

    it('shows items not asked as not asked (never 0 %), with deltas against the previous wave that asked them', async () => {
      const { body } = await get('/api/surveys/panel/trends').expect(200);
      const items = Object.fromEntries(body.questions[0].items.map((item: { code: string }) => [item.code, item]));
      expect(items.kern).toMatchObject({
        code: 'kern',
        title: 'Kernthema',
        newIn: null,
        notAskedIn: [],
        rewordedIn: [],
        series: [
          { wave: 'p-2019', asked: true, share: 66.7, nBase: 3, deltaPp: null },
          { wave: 'p-2021', asked: true, share: 50, nBase: 4, deltaPp: -16.7 },
          { wave: 'p-2023', asked: true, share: 100, nBase: 2, deltaPp: 50 },
        ],
      });
      expect(items.wort).toMatchObject({
        title: 'Zweite Fassung',
        rewordedIn: ['p-2021'],
        series: [
          { wave: 'p-2019', share: 50, deltaPp: null },
          { wave: 'p-2021', share: 100, nBase: 2, deltaPp: 50 },
          { wave: 'p-2023', share: 100, nBase: 1, deltaPp: 0 },
        ],
      });
      expect(items.neu).toMatchObject({
        code: 'neu',
        title: 'Neues Thema',
        newIn: 'p-2023',
        notAskedIn: ['p-2019', 'p-2021'],
        rewordedIn: [],
        series: [
          { wave: 'p-2019', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'p-2021', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'p-2023', asked: true, share: 50, nBase: 2, deltaPp: null },
        ],
      });
      expect(items.leer.series[2]).toEqual({
        wave: 'p-2023',
        asked: true,
        share: null,
        nBase: 0,
        topCount: 0,
        ci: null,
        smallBase: true,
        deltaPp: null,
        deltaCi: null,
        pValue: null,
        test: null,
        significant: null,
      });
      expect(items.alt).toMatchObject({
        newIn: null,
        notAskedIn: ['p-2021', 'p-2023'],
        series: [
          { wave: 'p-2019', asked: true, share: 50, nBase: 2 },
          { wave: 'p-2021', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'p-2023', asked: false, share: null, nBase: null, deltaPp: null },
        ],
      });
    });

    it('shows the distribution of a single-choice question per wave', async () => {
      const { body } = await get('/api/surveys/panel/trends').expect(200);
      const shares = body.questions[2].items.map((item: { code: string; series: Array<{ share: number }> }) => [
        item.code,
        item.series.map((point) => point.share),
      ]);
      expect(shares).toEqual([
        ['anfang', [50, 25, 0]],
        ['mitte', [50, 50, 0]],
        ['ende', [0, 25, 100]],
      ]);
    });

    it('keeps the order of ?waves and takes deltas in that order', async () => {
      const { body } = await get('/api/surveys/panel/trends?waves=p-2023,p-2019').expect(200);
      expect(body.waves).toEqual(['p-2023', 'p-2019']);
      const lage = body.questions[0];
      expect(lage.items.map((item: { code: string }) => item.code)).toEqual(['kern', 'alt', 'wort', 'neu', 'leer']);
      expect(lage.items[0].series).toMatchObject([
        { wave: 'p-2023', asked: true, share: 100, nBase: 2, deltaPp: null },
        { wave: 'p-2019', asked: true, share: 66.7, nBase: 3, deltaPp: -33.3 },
      ]);
      expect(lage.scaleChanged.map((change: { from: string; to: string }) => [change.from, change.to])).toEqual([['p-2023', 'p-2019']]);
    });

    it('includes a wave named in ?waves even without completed responses', async () => {
      const { body } = await get('/api/surveys/panel/trends?waves=p-2023,p-pilot').expect(200);
      expect(body.questions[0].n).toEqual([
        { wave: 'p-2023', nReported: 3 },
        { wave: 'p-pilot', nReported: 0 },
      ]);
      expect(body.questions[0].items[0].series[1]).toMatchObject({ wave: 'p-pilot', asked: true, share: null, nBase: 0, deltaPp: null });
    });

    it.each([
      ['/api/surveys/nope/trends', 404, 'SURVEY_NOT_FOUND'],
      ['/api/surveys/panel/trends?waves=p-2019,nope', 404, 'WAVE_NOT_FOUND'],
      ['/api/surveys/panel/trends?waves=p-2019,z-mit-start', 422, 'ANALYSIS_WAVE_NOT_IN_SURVEY'],
      ['/api/surveys/panel/trends?waves=p-2019,p-2019', 422, 'VALIDATION_FAILED'],
      ['/api/surveys/panel/trends?waves=p.2019', 422, 'VALIDATION_FAILED'],
    ])('%s → %i %s', async (path, status, code) => {
      const { body } = await get(path).expect(status);
      expect(body.code).toBe(code);
    });
  });

  describe('figures of a survey without figures.json', () => {
    it('lists none, and has no figure to show', async () => {
      const { body } = await get('/api/surveys/panel/figures').expect(200);
      expect(body).toEqual({ surveyId: 'panel', title: null, source: null, include: 'completed', figures: [] });
      expect((await get('/api/surveys/panel/figures/abb3').expect(404)).body.code).toBe('FIGURE_NOT_FOUND');
      expect((await get('/api/surveys/nope/figures').expect(404)).body.code).toBe('SURVEY_NOT_FOUND');
    });
  });

  describe('figures of the report before any of its waves exists (a plain npm start)', () => {
    it('names every missing wave, and still shows the full title and the German item titles from the definitions', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures/abb3').expect(200);
      expect(body.title).toBe('Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
      expect(body.waves).toEqual([]);
      expect(body.notes).toEqual(['Keine Daten für ki-2019, ki-2021 bzw. ki-2023: diese Wellen gibt es nicht']);
      expect(body.rows.map((row: { code: string; title: string }) => [row.code, row.title])).toEqual([
        ['prozesseffizienz', 'gesteigerte Prozesseffizienz'],
        ['logistik', 'Optimierung der Distribution und Logistik'],
        ['kundenservice', 'verbesserter Kundenservice'],
        ['werbung', 'zielgenauere Werbung / Promotion'],
        ['personalaufwand', 'Verringerung des Personalaufwands'],
        ['nachhaltigkeit', 'Verbesserung der ökologischen Nachhaltigkeit'],
      ]);
      for (const row of body.rows as Array<{ code: string; title: string }>) expect(row.title).not.toBe(row.code);
    });

    it('titles the options of a single-choice figure from the definitions too', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures/abb9').expect(200);
      expect(body.rows[0]).toEqual({ code: 'nicht_gestartet', title: 'Nicht gestartet', values: [] });
      expect(body.rows[1].title).toMatch(/^Experimentierphase \(/);
    });

    it('prints the full title and the item titles in the SVG, CSV and XLSX', async () => {
      const svg = (await get('/api/surveys/ki-mittelstand/figures/abb3.svg').buffer(true).parse(binary).expect(200)).body.toString('utf8');
      const texts = svgTexts(svg).join(' ');
      expect(texts).toContain('Abbildung 3: Inwieweit eröffnet KI folgende Chancen für den Mittelstand?');
      expect(texts).toContain('Verbesserung der ökologischen Nachhaltigkeit');
      expect(texts).toContain('keine Daten');
      expect(texts).toContain('Keine Daten für ki-2019, ki-2021 bzw. ki-2023');
      const csv = (await get('/api/surveys/ki-mittelstand/figures/abb3.csv?format=plain').expect(200)).text;
      expect(csv).toContain('nachhaltigkeit,Verbesserung der ökologischen Nachhaltigkeit');
    });
  });

  describe('figures of the report, on small hand-built waves of ki-mittelstand', () => {
    beforeAll(async () => {
      await createWave(testApp.app, staff.admin, { code: 'ki-2021', version: '2021', opensAt: '2021-06-01T00:00:00Z' });
      await createWave(testApp.app, staff.admin, { code: 'ki-2023', version: '2023', opensAt: '2023-06-29T00:00:00Z' });
      await respond('ki-2021', [
        {
          rolle: 'ki_trainer',
          chancen: { werbung: 4, prozesseffizienz: 2 },
          anwendungen: { wartung: 4 },
          hemmnisse: { datenbasis: 3 },
          reifegrad: 'experimentierphase',
        },
        { rolle: 'ki_trainer', chancen: { werbung: 1 }, anwendungen: { wartung: 3, bilderkennung: 'na' }, reifegrad: 'nicht_gestartet' },
      ]);
      await respond('ki-2023', [
        {
          rolle: 'ki_trainer',
          chancen: { werbung: 4, nachhaltigkeit: 3 },
          anwendungen: { wartung: 1 },
          hemmnisse: { regulatorik: 4, datenbasis: 4 },
          reifegrad: 'experimentierphase',
        },
        {
          rolle: 'ki_trainer',
          chancen: { werbung: 3 },
          anwendungen: { wartung: 4 },
          hemmnisse: { regulatorik: 1 },
          reifegrad: 'experimentierphase',
        },
        { rolle: 'ki_trainer', chancen: { werbung: 'na' }, reifegrad: 'na' },
      ]);
    }, 60_000);

    it('lists every figure of figures.json in order', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures').expect(200);
      expect(body.figures.map((figure: { id: string }) => figure.id)).toEqual([
        'abb3',
        'abb4',
        'abb5',
        'abb6',
        'abb7',
        'abb8',
        'abb9',
        'abb10',
        'abb11',
      ]);
      expect(body.source).toMatch(/^Quelle: /);
    });

    it('leaves out a wave of the figure that does not exist, and says so', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures/abb3').expect(200);
      expect(body.waves).toEqual(['ki-2021', 'ki-2023']);
      expect(body.n).toEqual([
        { wave: 'ki-2021', nReported: 2 },
        { wave: 'ki-2023', nReported: 3 },
      ]);
      expect(body.rows.find((row: { code: string }) => row.code === 'werbung').values).toMatchObject([
        { wave: 'ki-2021', asked: true, share: 50, nBase: 2, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: 100, nBase: 2, deltaPp: 50 },
      ]);
      expect(body.notes).toEqual([
        'Keine Daten für ki-2019: diese Welle gibt es nicht',
        'Ein Thema wurde 2021 nicht abgefragt',
        'Nicht in allen Wellen abgefragt: Verbesserung der ökologischen Nachhaltigkeit (nicht abgefragt 2021)',
      ]);
    });

    it('shows the change in percentage points where the figure has it', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures/abb5').expect(200);
      expect(body).toMatchObject({ id: 'abb5', number: 5, question: 'anwendungen', delta: true, waves: ['ki-2021', 'ki-2023'] });
      const rows = Object.fromEntries(body.rows.map((row: { code: string; values: unknown[] }) => [row.code, row.values]));
      expect(rows.wartung).toMatchObject([
        { wave: 'ki-2021', asked: true, share: 100, nBase: 2, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: 50, nBase: 2, deltaPp: -50 },
      ]);
      expect(rows.bilderkennung).toMatchObject([
        { wave: 'ki-2021', asked: true, share: null, nBase: 0, deltaPp: null },
        { wave: 'ki-2023', asked: true, share: null, nBase: 0, deltaPp: null },
      ]);
      expect(body.n.map((entry: { nReported: number }) => entry.nReported)).toEqual([2, 2]);
    });

    it('shows every option of a single-choice figure in the spec order, unchosen ones with 0 %', async () => {
      const { body } = await get('/api/surveys/ki-mittelstand/figures/abb9').expect(200);
      expect(
        body.rows.map((row: { code: string; values: Array<{ share: number }> }) => [row.code, row.values.map((value) => value.share)]),
      ).toEqual([
        ['nicht_gestartet', [50, 0]],
        ['experimentierphase', [50, 100]],
        ['uebungsphase', [0, 0]],
        ['verankerungsphase', [0, 0]],
        ['gestaltungsphase', [0, 0]],
      ]);
      expect(body.n).toEqual([
        { wave: 'ki-2021', nReported: 2 },
        { wave: 'ki-2023', nReported: 3 },
      ]);
    });

    it('answers 404 FIGURE_NOT_FOUND for an unknown figure', async () => {
      expect((await get('/api/surveys/ki-mittelstand/figures/abb99').expect(404)).body.code).toBe('FIGURE_NOT_FOUND');
    });

    describe("with ?waves= (a new wave beside the report's)", () => {
      beforeAll(async () => {
        await createWave(testApp.app, staff.admin, { code: 'ki-2025', version: '2023', opensAt: '2025-06-01T00:00:00Z' });
        await respond('ki-2025', [{ rolle: 'ki_trainer', chancen: { werbung: 4, nachhaltigkeit: 1 }, reifegrad: 'uebungsphase' }]);
      }, 60_000);

      it("shows the named waves in the given order, without the figure's missing ones", async () => {
        const { body } = await get('/api/surveys/ki-mittelstand/figures/abb3?waves=ki-2021,ki-2023,ki-2025').expect(200);
        expect(body.waves).toEqual(['ki-2021', 'ki-2023', 'ki-2025']);
        expect(body.n).toEqual([
          { wave: 'ki-2021', nReported: 2 },
          { wave: 'ki-2023', nReported: 3 },
          { wave: 'ki-2025', nReported: 1 },
        ]);
        expect(body.rows.find((row: { code: string }) => row.code === 'werbung').values[2]).toMatchObject({
          wave: 'ki-2025',
          asked: true,
          share: 100,
          nBase: 1,
          deltaPp: 0,
        });
        expect(body.notes.join(' ')).not.toMatch(/Keine Daten/);
      });

      it('applies ?waves= to the list of figures, and without it keeps the waves of figures.json', async () => {
        const withWaves = (await get('/api/surveys/ki-mittelstand/figures?waves=ki-2023,ki-2025').expect(200)).body;
        expect(withWaves.figures.map((figure: { waves: string[] }) => figure.waves.join())).toEqual(Array(9).fill('ki-2023,ki-2025'));
        const plain = (await get('/api/surveys/ki-mittelstand/figures/abb3').expect(200)).body;
        expect(plain.waves).toEqual(['ki-2021', 'ki-2023']);
      });

      it('applies ?waves= to the CSV, XLSX and SVG of a figure', async () => {
        const csv = (await get('/api/surveys/ki-mittelstand/figures/abb3.csv?format=plain&waves=ki-2023,ki-2025').expect(200)).text;
        expect(csv.split('\n')[0]).toBe(
          'Item,Itemtitel,' +
            ['ki-2023', 'ki-2025']
              .map(
                (wave) =>
                  `${wave} Anteil (%),${wave} Status,${wave} N Basis,${wave} N Frage,${wave} KI 95 % unten (%),${wave} KI 95 % oben (%),${wave} Fallzahl`,
              )
              .join(','),
        );
        const xlsx = await get('/api/surveys/ki-mittelstand/figures/abb3.xlsx?waves=ki-2025').buffer(true).parse(binary).expect(200);
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(xlsx.body);
        expect(workbook.worksheets[0].getRow(2).values).toEqual([
          undefined,
          'Item',
          'Itemtitel',
          'ki-2025 Anteil (%)',
          'ki-2025 N Basis',
          'ki-2025 KI 95 % unten (%)',
          'ki-2025 KI 95 % oben (%)',
          'ki-2025 Fallzahl',
        ]);
        const svg = (
          await get('/api/surveys/ki-mittelstand/figures/abb3.svg?waves=ki-2021,ki-2025').buffer(true).parse(binary).expect(200)
        ).body.toString('utf8');
        const texts = svgTexts(svg);
        expect(texts).toEqual(expect.arrayContaining(['2021', '2025']));
        expect(texts.join(' ')).toContain('N = 2 (2021), 1 (2025)');
      });

      it.each([
        ['/api/surveys/ki-mittelstand/figures/abb3?waves=ki-2023,ki-2031', 404, 'WAVE_NOT_FOUND', 'ki-2031'],
        ['/api/surveys/ki-mittelstand/figures?waves=ki-2031', 404, 'WAVE_NOT_FOUND', 'ki-2031'],
        ['/api/surveys/ki-mittelstand/figures/abb3.svg?waves=ki-2031', 404, 'WAVE_NOT_FOUND', 'ki-2031'],
        ['/api/surveys/ki-mittelstand/figures/abb3.csv?waves=ki-2031', 404, 'WAVE_NOT_FOUND', 'ki-2031'],
        [
          '/api/surveys/ki-mittelstand/figures/abb3.xlsx?waves=p-2019',
          422,
          'ANALYSIS_WAVE_NOT_IN_SURVEY',
          'p-2019 belongs to survey panel',
        ],
        ['/api/surveys/ki-mittelstand/figures/abb3?waves=p-2019', 422, 'ANALYSIS_WAVE_NOT_IN_SURVEY', 'p-2019 belongs to survey panel'],
        ['/api/surveys/ki-mittelstand/figures/abb3?waves=ki-2023,ki-2023', 422, 'VALIDATION_FAILED', 'waves'],
        ['/api/surveys/ki-mittelstand/figures/abb3.svg?waves=ki.2023', 422, 'VALIDATION_FAILED', 'waves'],
      ])('%s → %i %s naming the wave', async (path, status, code, named) => {
        const { body } = await get(path).expect(status);
        expect(body.code).toBe(code);
        expect(JSON.stringify(body)).toContain(named);
      });
    });

    describe('once the 2019 wave exists', () => {
      beforeAll(async () => {
        await createWave(testApp.app, staff.admin, { code: 'ki-2019', version: '2019', opensAt: '2019-06-01T00:00:00Z' });
        await respond('ki-2019', [{ rolle: 'ki_trainer', chancen: { werbung: 5, personalaufwand: 3 }, hemmnisse: { datenbasis: 4 } }]);
      }, 60_000);

      it('generates the scale note of figure 3 from the levels', async () => {
        const { body } = await get('/api/surveys/ki-mittelstand/figures/abb3').expect(200);
        expect(body.waves).toEqual(['ki-2019', 'ki-2021', 'ki-2023']);
        expect(body.scaleChanged).toEqual([expect.objectContaining({ from: 'ki-2019', to: 'ki-2021' })]);
        expect(body.notes).toEqual([
          'Ein Thema wurde 2019 bzw. 2021 nicht abgefragt',
          'Nicht in allen Wellen abgefragt: Verbesserung der ökologischen Nachhaltigkeit (nicht abgefragt 2019, 2021)',
          '2019 mit fünfstufiger Skala (trifft gar nicht zu … trifft voll zu), ab 2021 vierstufig (trifft nicht zu … trifft zu)',
        ]);
        expect(body.rows.find((row: { code: string }) => row.code === 'werbung').values[0]).toMatchObject({
          wave: 'ki-2019',
          asked: true,
          share: 100,
          nBase: 1,
          deltaPp: null,
        });
      });

      it('generates the "nicht abgefragt" notes of figure 7 and shows those items as not asked', async () => {
        const { body } = await get('/api/surveys/ki-mittelstand/figures/abb7').expect(200);
        expect(body.notes).toContain('Einige Themen wurden 2019 bzw. 2021 nicht abgefragt');
        expect(body.notes).toContain(
          'Nicht in allen Wellen abgefragt: mangelnde Sensibilisierung der Geschäftsführung (nicht abgefragt 2019, 2021); ' +
            'fehlende Rechtssicherheit (nicht abgefragt 2019, 2021); fehlende mehrwertbringende Anwendungsmöglichkeit (nicht abgefragt 2019, 2021); ' +
            'regulatorische Hürden (nicht abgefragt 2019, 2021)',
        );
        const regulatorik = body.rows.find((row: { code: string }) => row.code === 'regulatorik');
        expect(regulatorik.values).toMatchObject([
          { wave: 'ki-2019', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'ki-2021', asked: false, share: null, nBase: null, deltaPp: null },
          { wave: 'ki-2023', asked: true, share: 50, nBase: 2, deltaPp: null },
        ]);
        expect(body.n.map((entry: { nReported: number }) => entry.nReported)).toEqual([1, 1, 2]);
      });

      it('prints the figure table on the command line', () => {
        const result = spawnSync(
          process.execPath,
          [join(__dirname, '..', '..', 'dist', 'src', 'cli.js'), 'figures', 'ki-mittelstand', 'abb7'],
          {
            env: { PATH: process.env.PATH, DATABASE_URL: testApp.database.url, LOG_LEVEL: 'silent' },
            encoding: 'utf8',
            timeout: 60_000,
          },
        );
        expect(result.stderr).toBe('');
        expect(result.status).toBe(0);
        const lines = result.stdout.split('\n');
        expect(lines[0]).toBe('Abbildung 7 (abb7): Inwieweit hemmen folgende Gegebenheiten den Einsatz von KI im Mittelstand?');
        expect(lines.find((line) => line.startsWith('regulatorische Hürden'))).toMatch(
          /^regulatorische Hürden +\| nicht abgefragt +\| nicht abgefragt +\| 50,0 % \(n=2\)$/,
        );
        expect(lines.find((line) => line.startsWith('N '))).toMatch(/^N +\| 1 +\| 1 +\| 2$/);
        expect(lines).toContain('Hinweis: Einige Themen wurden 2019 bzw. 2021 nicht abgefragt');
      });
    });
  });
});
