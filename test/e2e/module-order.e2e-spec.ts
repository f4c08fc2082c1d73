import { DynamicModule, Type } from '@nestjs/common';
import { MODULE_METADATA } from '@nestjs/common/constants';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AnalysisModule } from '../../src/analysis/analysis.module';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/configure-app';
import { CoreModule } from '../../src/core.module';
import { DatabaseServer } from '../../src/database/database-server';
import { ExportsModule } from '../../src/exports/exports.module';
import { ReconstructionService } from '../../src/reconstruction/reconstruction.service';
import { createStaff, StaffTokens } from '../support/factories';
import { createTestDatabase, TestDatabase } from '../support/test-database';

type Import = Type<unknown> | DynamicModule;

/** A deterministic shuffle (mulberry32), so that a failing order can be reproduced from its seed. */
function shuffled<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

const first = (module: Import, imports: Import[]) => [module, ...imports.filter((other) => other !== module)];

const APP_IMPORTS = Reflect.getMetadata(MODULE_METADATA.IMPORTS, AppModule) as Import[];
const CORE_IMPORTS = Reflect.getMetadata(MODULE_METADATA.IMPORTS, CoreModule) as Import[];

/** Orders of the imports of AppModule and CoreModule: as declared, both ways round for analysis and exports, and shuffles. */
const ORDERS: Array<[string, Import[], Import[]]> = [
  ['as declared', APP_IMPORTS, CORE_IMPORTS],
  ['AnalysisModule first', APP_IMPORTS, first(AnalysisModule, CORE_IMPORTS)],
  ['ExportsModule first', APP_IMPORTS, first(ExportsModule, CORE_IMPORTS)],
  ['both reversed', [...APP_IMPORTS].reverse(), [...CORE_IMPORTS].reverse()],
  ...[11, 23, 42].map((seed): [string, Import[], Import[]] => [
    `shuffled with seed ${seed}`,
    shuffled(APP_IMPORTS, seed),
    shuffled(CORE_IMPORTS, seed + 1),
  ]),
];

/** The real application with its modules imported in the given orders (restored afterwards). */
async function appWithImports(database: TestDatabase, appImports: Import[], coreImports: Import[]): Promise<NestExpressApplication> {
  Reflect.defineMetadata(MODULE_METADATA.IMPORTS, appImports, AppModule);
  Reflect.defineMetadata(MODULE_METADATA.IMPORTS, coreImports, CoreModule);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(DatabaseServer)
      .useValue(DatabaseServer.forUrl(database.url))
      .compile();
    const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
    configureApp(app);
    await app.init();
    return app;
  } finally {
    Reflect.defineMetadata(MODULE_METADATA.IMPORTS, APP_IMPORTS, AppModule);
    Reflect.defineMetadata(MODULE_METADATA.IMPORTS, CORE_IMPORTS, CoreModule);
  }
}

/** Each URL answered by the route it names, whatever the order in which the modules are imported. */
describe('routes do not depend on the order of module imports', () => {
  let database: TestDatabase;
  let staff: StaffTokens;

  beforeAll(async () => {
    database = await createTestDatabase();
    const app = await appWithImports(database, APP_IMPORTS, CORE_IMPORTS);
    try {
      await app.get(ReconstructionService).load('ki-mittelstand');
      staff = await createStaff(app);
    } finally {
      await app.close();
    }
  }, 240_000);

  afterAll(() => database.drop());

  it('the orders differ where it matters: analysis before exports and the other way round', () => {
    const position = (imports: Import[], module: Import) => imports.indexOf(module);
    const analysisFirst = ORDERS.filter(([, , core]) => position(core, AnalysisModule) < position(core, ExportsModule));
    expect(analysisFirst.length).toBeGreaterThan(0);
    expect(analysisFirst.length).toBeLessThan(ORDERS.length);
  });

  it.each(ORDERS)('%s', async (_name, appImports, coreImports) => {
    const app = await appWithImports(database, appImports, coreImports);
    try {
      const get = (path: string) => request(app.getHttpServer()).get(path).auth(staff.analyst, { type: 'bearer' });
      const routes: Array<[string, RegExp]> = [
        ['/api/surveys/ki-mittelstand/figures/abb3', /^application\/json/],
        ['/api/surveys/ki-mittelstand/figures/abb3.svg', /^image\/svg\+xml/],
        ['/api/surveys/ki-mittelstand/figures/abb3.csv', /^text\/csv/],
        ['/api/surveys/ki-mittelstand/figures', /^application\/json/],
        ['/api/waves/ki-2023/results', /^application\/json/],
        ['/api/waves/ki-2023/results.csv', /^text\/csv/],
        ['/api/surveys/ki-mittelstand/trends', /^application\/json/],
        ['/api/surveys/ki-mittelstand/trends.xlsx', /^application\/vnd\.openxmlformats/],
        ['/api/definitions/ki-mittelstand/versions/2023/codebook', /^application\/json/],
        ['/api/definitions/ki-mittelstand/versions/2023/codebook.csv', /^text\/csv/],
      ];
      const answered = [];
      for (const [path] of routes) {
        const response = await get(path);
        answered.push({ path, status: response.status, type: String(response.headers['content-type']) });
      }
      expect(answered).toEqual(routes.map(([path, type]) => ({ path, status: 200, type: expect.stringMatching(type) as unknown })));
      const figure = await get('/api/surveys/ki-mittelstand/figures/abb3').expect(200);
      expect((figure.body as { id: string }).id).toBe('abb3');
      const svg = await get('/api/surveys/ki-mittelstand/figures/abb3.svg').buffer(true).expect(200);
      expect(String(svg.headers['content-disposition'])).toContain('ki-mittelstand-abb3.svg');
    } finally {
      await app.close();
    }
  });
});
