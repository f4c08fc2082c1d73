import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AuditEvent } from '../../src/audit/audit-event.entity';
import { definitionHash } from '../../src/definitions/definition-hash';
import { DefinitionVersion } from '../../src/definitions/definition-version.entity';
import { DefinitionsService } from '../../src/definitions/definitions.service';
import { Wave, WaveStatus } from '../../src/waves/wave.entity';
import { createStaff, StaffTokens } from '../support/factories';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase } from '../support/test-database';

const root = join(__dirname, '..', '..');
const readJson = (...path: string[]) => JSON.parse(readFileSync(join(root, ...path), 'utf8'));
const studyFile = (version: string) => readJson('survey-definitions', 'ki-mittelstand', `${version}.json`);
const validSmall = () => readJson('test', 'fixtures', 'definitions', 'valid-small.json');
const invalidFile = join(root, 'test', 'fixtures', 'definitions', 'invalid-scale-and-codes.json');

/** Items questionnaire.md lists as first asked in 2023. */
const NEW_IN_2023 = [
  'chancen.nachhaltigkeit',
  ...['sensibilisierung_gf', 'rechtssicherheit', 'anwendungsmoeglichkeit', 'regulatorik'].map((item) => `hemmnisse.${item}`),
  ...['make_heute', 'make_2jahre', 'make_5jahre', 'buy_heute', 'buy_2jahre', 'buy_5jahre'].map((item) => `make_buy.${item}`),
  ...['daten_erhoben', 'datenqualitaet', 'qualifikation', 'prozesse', 'rechtslage'].map((item) => `voraussetzungen.${item}`),
  ...['erfolgsgeschichten', 'sensibilisierung_potenziale', 'qualifizierung', 'demonstratoren'].map((item) => `transfer.${item}`),
  'transfer_sonstiges.transfer_sonstiges',
  ...['best_practices', 'demonstratoren', 'qualifizierung', 'zuschuesse', 'werbekampagnen', 'datenpools', 'vernetzung'].map(
    (item) => `trainerprogramm.${item}`,
  ),
];

describe('questionnaire definitions', () => {
  let testApp: TestApp;
  let staff: StaffTokens;
  const http = () => request(testApp.app.getHttpServer());
  const pinWave = (code: string, surveyId: string, version: string) =>
    testApp.dataSource.getRepository(Wave).insert({ code, title: `Welle ${code}`, surveyId, version, status: WaveStatus.Draft });

  beforeAll(async () => {
    testApp = await createTestApp();
    staff = await createStaff(testApp.app);
  });

  afterAll(() => testApp.close());

  it('loads the three ki-mittelstand definitions at start-up, each with the hash of its file', async () => {
    const response = await http().get('/api/definitions').auth(staff.analyst, { type: 'bearer' }).expect(200);
    const study = response.body.filter((entry: { surveyId: string }) => entry.surveyId === 'ki-mittelstand');
    expect(study).toEqual(
      ['2019', '2021', '2023'].map((version) => ({
        surveyId: 'ki-mittelstand',
        version,
        hash: definitionHash(studyFile(version)),
        source: 'file',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        usedByWaves: [],
      })),
    );
    expect(study[0].hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not load the figure specification or the reconstruction as definitions', async () => {
    expect(await testApp.dataSource.getRepository(DefinitionVersion).findBy({ surveyId: 'ki-mittelstand' })).toHaveLength(3);
  });

  it('serves a version as its SurveyJS JSON', async () => {
    const response = await http().get('/api/definitions/ki-mittelstand/versions/2023').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(response.body).toEqual(studyFile('2023'));
  });

  it('serves the codebook of a version: scales with their levels and top box, items with codes', async () => {
    const response = await http()
      .get('/api/definitions/ki-mittelstand/versions/2019/codebook')
      .auth(staff.analyst, { type: 'bearer' })
      .expect(200);
    const chancen = response.body.questions.find((question: { code: string }) => question.code === 'chancen');
    expect(chancen).toMatchObject({
      type: 'matrix',
      kind: 'topBox',
      scale: {
        levels: [
          { value: 1, label: 'trifft gar nicht zu' },
          { value: 2, label: 'trifft eher nicht zu' },
          { value: 3, label: 'teils/teils' },
          { value: 4, label: 'trifft eher zu' },
          { value: 5, label: 'trifft voll zu' },
        ],
        noAnswerLabel: 'keine Angabe',
        topBox: 2,
        topValues: [4, 5],
      },
    });
    expect(chancen.items.map((item: { code: string }) => item.code)).toEqual([
      'prozesseffizienz',
      'logistik',
      'kundenservice',
      'werbung',
      'personalaufwand',
    ]);
    expect(response.body.questions.map((question: { code: string }) => question.code)).toEqual([
      'zentrum',
      'rolle',
      'chancen',
      'bereiche',
      'hemmnisse',
    ]);
  });

  it('answers an unknown version with 404 and a malformed one with 422', async () => {
    const missing = await http().get('/api/definitions/ki-mittelstand/versions/1999').auth(staff.analyst, { type: 'bearer' }).expect(404);
    expect(missing.body).toMatchObject({ code: 'DEFINITION_NOT_FOUND', message: expect.stringContaining('1999') });
    const malformed = await http().get('/api/definitions/KI!/versions/2023/codebook').auth(staff.analyst, { type: 'bearer' }).expect(422);
    expect(malformed.body.errors).toEqual([{ path: 'surveyId', message: expect.stringContaining('surveyId must match') }]);
  });

  it('stores an uploaded version: 201 created, 200 unchanged, 200 replaced while no wave uses it', async () => {
    const definition = validSmall();
    const put = (body: unknown) =>
      http()
        .put('/api/definitions/e2e-upload/versions/1.0')
        .auth(staff.admin, { type: 'bearer' })
        .send(body as object);

    const created = await put(definition).expect(201);
    expect(created.body).toEqual({ result: 'created', surveyId: 'e2e-upload', version: '1.0', hash: definitionHash(definition) });

    expect((await put(definition).expect(200)).body.result).toBe('unchanged');
    const reordered = Object.fromEntries(Object.entries(definition).reverse());
    expect((await put(reordered).expect(200)).body.result).toBe('unchanged');

    definition.pages[0].elements[0].rows[1].text = 'Workshops und Schulungen';
    const replaced = await put(definition).expect(200);
    expect(replaced.body).toEqual({ result: 'replaced', surveyId: 'e2e-upload', version: '1.0', hash: definitionHash(definition) });

    const stored = await http().get('/api/definitions/e2e-upload/versions/1.0').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(stored.body.pages[0].elements[0].rows[1].text).toBe('Workshops und Schulungen');
    const events = await testApp.dataSource.getRepository(AuditEvent).find({ where: { surveyId: 'e2e-upload' }, order: { id: 'ASC' } });
    expect(events.map((event) => [event.action, event.actor, event.details.version])).toEqual([
      ['definition.uploaded', 'Test Admin (admin)', '1.0'],
      ['definition.replaced', 'Test Admin (admin)', '1.0'],
    ]);
    const listed = await http().get('/api/definitions').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(listed.body).toContainEqual(
      expect.objectContaining({ surveyId: 'e2e-upload', version: '1.0', source: 'upload', hash: definitionHash(definition) }),
    );
  });

  it('refuses an invalid definition with 422 and every problem at its JSON path, storing nothing', async () => {
    const response = await http()
      .put('/api/definitions/e2e-invalid/versions/1')
      .auth(staff.admin, { type: 'bearer' })
      .send(JSON.parse(readFileSync(invalidFile, 'utf8')))
      .expect(422);
    expect(response.body.code).toBe('DEFINITION_INVALID');
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual([
      'pages[0].elements[0].rows[1].value',
      'pages[0].elements[0].columns',
      'pages[0].elements[1].type',
      'pages[0].elements[2].name',
      'pages[0].elements[2].placeholderText',
    ]);
    expect(response.body.errors[1].message).toContain('found 1, 3');
    await http().get('/api/definitions/e2e-invalid/versions/1').auth(staff.analyst, { type: 'bearer' }).expect(404);
  });

  it.each([
    ['an empty object', {}, 'pages'],
    ['an array', [1, 2], ''],
  ])('refuses %s as a definition with 422', async (_, body, path) => {
    const response = await http()
      .put('/api/definitions/e2e-invalid/versions/2')
      .auth(staff.admin, { type: 'bearer' })
      .send(body)
      .expect(422);
    expect(response.body.errors).toEqual([{ path, message: expect.any(String) }]);
  });

  it('refuses a malformed survey id or version in the path with 422', async () => {
    const response = await http()
      .put('/api/definitions/e2e-upload/versions/..%2Fx')
      .auth(staff.admin, { type: 'bearer' })
      .send(validSmall())
      .expect(422);
    expect(response.body.errors).toEqual([{ path: 'version', message: expect.stringContaining('version must match') }]);
  });

  it('refuses to change a version a wave uses (409) and keeps the stored content', async () => {
    const definition = validSmall();
    const url = '/api/definitions/e2e-pinned/versions/2025';
    await http().put(url).auth(staff.admin, { type: 'bearer' }).send(definition).expect(201);
    await pinWave('e2e-pinned-wave', 'e2e-pinned', '2025');

    const changed = validSmall();
    changed.pages[0].elements[0].columns[3].text = 'sehr zufrieden';
    const refused = await http().put(url).auth(staff.admin, { type: 'bearer' }).send(changed).expect(409);
    expect(refused.body).toMatchObject({
      code: 'DEFINITION_IMMUTABLE',
      message: expect.stringMatching(/e2e-pinned-wave.*immutable.*new version/),
    });

    expect((await http().get(url).auth(staff.analyst, { type: 'bearer' }).expect(200)).body).toEqual(definition);
    expect((await http().put(url).auth(staff.admin, { type: 'bearer' }).send(definition).expect(200)).body.result).toBe('unchanged');
    const listed = await http().get('/api/definitions').auth(staff.analyst, { type: 'bearer' }).expect(200);
    expect(listed.body).toContainEqual(
      expect.objectContaining({ surveyId: 'e2e-pinned', version: '2025', usedByWaves: ['e2e-pinned-wave'] }),
    );
  });

  it('diffs 2021 → 2023: exactly the items new in 2023, nothing removed, no scale change', async () => {
    const response = await http()
      .get('/api/definitions/ki-mittelstand/diff?from=2021&to=2023')
      .auth(staff.analyst, { type: 'bearer' })
      .expect(200);
    expect(response.body.added.map((entry: { question: string; item: string }) => `${entry.question}.${entry.item}`).sort()).toEqual(
      [...NEW_IN_2023].sort(),
    );
    expect(response.body).toMatchObject({ removed: [], reworded: [], scaleChanged: [], moved: [] });
  });

  it('diffs 2019 → 2021: the five-point scale of chancen and hemmnisse', async () => {
    const response = await http()
      .get('/api/definitions/ki-mittelstand/diff?from=2019&to=2021')
      .auth(staff.analyst, { type: 'bearer' })
      .expect(200);
    expect(response.body.scaleChanged).toEqual([
      expect.objectContaining({ question: 'chancen', detail: '5 Stufen → 4 Stufen' }),
      expect.objectContaining({ question: 'hemmnisse', detail: '5 Stufen → 4 Stufen' }),
    ]);
  });

  it('needs both versions for a diff', async () => {
    const response = await http().get('/api/definitions/ki-mittelstand/diff?from=2021').auth(staff.analyst, { type: 'bearer' }).expect(422);
    expect(response.body.errors.map((error: { path: string }) => error.path)).toEqual(['to']);
    await http().get('/api/definitions/ki-mittelstand/diff?from=2021&to=2099').auth(staff.analyst, { type: 'bearer' }).expect(404);
  });

  it.each([
    ['get', '/api/definitions'],
    ['get', '/api/definitions/ki-mittelstand/versions/2023'],
    ['put', '/api/definitions/ki-mittelstand/versions/2023'],
    ['get', '/api/definitions/ki-mittelstand/versions/2023/codebook'],
    ['get', '/api/definitions/ki-mittelstand/diff?from=2021&to=2023'],
  ] as const)('%s %s needs a staff token (401)', async (method, url) => {
    const response = await http()[method](url).expect(401);
    expect(response.body.code).toBe('AUTH_TOKEN_MISSING');
  });

  it('lets only admins upload (403 for an analyst)', async () => {
    const response = await http()
      .put('/api/definitions/e2e-analyst/versions/1')
      .auth(staff.analyst, { type: 'bearer' })
      .send(validSmall())
      .expect(403);
    expect(response.body.code).toBe('AUTH_FORBIDDEN');
    await http().get('/api/definitions/e2e-analyst/versions/1').auth(staff.admin, { type: 'bearer' }).expect(404);
  });

  it('documents the definitions routes in OpenAPI', async () => {
    const document = (await http().get('/api/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/definitions',
        '/api/definitions/{surveyId}/versions/{version}',
        '/api/definitions/{surveyId}/versions/{version}/codebook',
        '/api/definitions/{surveyId}/diff',
      ]),
    );
    const put = document.paths['/api/definitions/{surveyId}/versions/{version}'].put;
    expect(put.tags).toEqual(['definitions']);
    expect(Object.keys(put.responses)).toEqual(expect.arrayContaining(['200', '201', '401', '403', '409', '422']));
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['DefinitionSummaryDto', 'CodebookDto', 'DefinitionDiffDto', 'DefinitionUploadResultDto']),
    );
  });

  describe('loading a definitions folder', () => {
    let dir: string;
    const service = () => testApp.app.get(DefinitionsService);
    const write = (file: string, content: unknown) => {
      mkdirSync(join(dir, file, '..'), { recursive: true });
      writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
    };

    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'definitions-'));
    });

    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('loads <surveyId>/<version>.json, skips figures.json and reconstruction.json, and replaces an unused version', async () => {
      write('e2e-sync/1.json', validSmall());
      write('e2e-sync/figures.json', { surveyId: 'e2e-sync', figures: [] });
      write('e2e-sync/reconstruction.json', { waves: [] });
      write('e2e-sync/notes.txt', 'not a definition');
      expect(await service().sync(dir)).toEqual([
        {
          file: join(dir, 'e2e-sync', '1.json'),
          result: 'created',
          surveyId: 'e2e-sync',
          version: '1',
          hash: definitionHash(validSmall()),
        },
      ]);

      const changed = validSmall();
      changed.title = 'Kleine Testbefragung, überarbeitet';
      write('e2e-sync/1.json', changed);
      expect(await service().sync(dir)).toEqual([
        expect.objectContaining({ version: '1', result: 'replaced', hash: definitionHash(changed) }),
      ]);
      expect(await service().sync(dir)).toEqual([expect.objectContaining({ version: '1', result: 'unchanged' })]);
      expect(await service().versions('e2e-sync')).toEqual(['1']);
    });

    it('refuses a folder with an invalid file, naming the file and every JSON path, and stores none of it', async () => {
      write('e2e-broken/1.json', validSmall());
      write('e2e-broken/2.json', readFileSync(invalidFile, 'utf8'));
      write('e2e-broken/3.json', '{ "pages": [');
      const failure = service().sync(dir);
      await expect(failure).rejects.toThrow(
        join(dir, 'e2e-broken', '2.json') + ': pages[0].elements[0].rows[1].value: Duplicate item code "beratung"',
      );
      await expect(failure).rejects.toThrow(
        join(dir, 'e2e-broken', '2.json') + ': pages[0].elements[2].placeholderText: Unknown SurveyJS property',
      );
      await expect(failure).rejects.toThrow(join(dir, 'e2e-broken', '3.json') + ': (root): Not valid JSON');
      expect(await service().versions('e2e-broken')).toEqual([]);
    });

    it('refuses a file that changes a version a wave uses, and loads nothing of the folder', async () => {
      write('e2e-used/1.json', validSmall());
      await service().sync(dir);
      await pinWave('e2e-used-wave', 'e2e-used', '1');
      const changed = validSmall();
      changed.pages[0].elements[1].choices[1].text = 'Groß- und Einzelhandel';
      write('e2e-used/1.json', changed);
      write('e2e-used/2.json', changed);

      await expect(service().sync(dir)).rejects.toThrow(/e2e-used[/\\]1\.json: .*e2e-used-wave.*immutable.*new version/);
      expect((await service().get('e2e-used', '1')).hash).toBe(definitionHash(validSmall()));
      expect(await service().versions('e2e-used')).toEqual(['1']);
    });
  });
});

describe('start-up and command line with definitions', () => {
  const dist = join(root, 'dist', 'src');
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let dir: string;
  const run = (script: string, args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [join(dist, script), ...args], {
      cwd: root,
      env: { PATH: process.env.PATH, DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...env },
      encoding: 'utf8',
      timeout: 60000,
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    dir = mkdtempSync(join(tmpdir(), 'definitions-start-'));
  });

  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  });

  it('does not start the service when a definition is invalid, naming the file and the JSON path', () => {
    mkdirSync(join(dir, 'e2e-start'));
    writeFileSync(join(dir, 'e2e-start', '1.json'), readFileSync(invalidFile));
    const result = run('main.js', [], { DEFINITIONS_DIR: dir, PORT: '1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('could not start');
    expect(result.stderr).toContain(
      `${join(dir, 'e2e-start', '1.json')}: pages[0].elements[0].columns: The levels must be the integers 1..k`,
    );
  });

  it('prints the diff of 2019 → 2023 as a table with the new items and the scale change', () => {
    const result = run('cli.js', ['definitions:diff', 'ki-mittelstand', '2019', '2023']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^kind +\| question +\| item +\| detail$/m);
    expect(result.stdout).toMatch(/^added +\| chancen +\| nachhaltigkeit +\| Verbesserung der ökologischen Nachhaltigkeit$/m);
    expect(result.stdout).toMatch(/^added +\| anwendungen +\| objektinspektion +\| Objektinspektion$/m);
    expect(result.stdout).toMatch(/^scale +\| chancen +\| +\| 5 Stufen → 4 Stufen$/m);
  });

  it('validates a file from the command line: the problems and exit code 1, or OK', () => {
    const invalid = run('cli.js', ['definitions:validate', invalidFile]);
    expect(invalid.status).toBe(1);
    expect(invalid.stdout).toContain(`${invalidFile}: pages[0].elements[1].type: Question type "checkbox" is not supported`);
    const valid = run('cli.js', ['definitions:validate', join(root, 'survey-definitions')]);
    expect(valid.status).toBe(0);
    expect(valid.stdout.trim().split('\n')).toEqual([
      ...['2019', '2021', '2023'].map((version) => `OK ${join(root, 'survey-definitions', 'ki-mittelstand', `${version}.json`)}`),
      `OK ${join(root, 'survey-definitions', 'ki-mittelstand', 'privacy.md')}`,
    ]);
  });

  it('syncs from the command line and reports each version', () => {
    const result = run('cli.js', ['definitions:sync']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /^ki-mittelstand 2023: (created|unchanged) \(survey-definitions[/\\]ki-mittelstand[/\\]2023\.json, [0-9a-f]{12}\)$/m,
    );
  });
});
