import { Body, Controller, Get, Post } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { createTestApp, TestApp } from '../support/test-app';

@Controller('test-failures')
class FailingController {
  @Get('crash')
  crash(): never {
    throw new Error('secret detail: password=hunter2 at /srv/app/internal.ts:42');
  }

  @Post('echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

describe('service foundation', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await createTestApp({ controllers: [FailingController] });
  });

  afterAll(() => testApp.close());

  it('answers /api/health with 200 while the database is up', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/health').expect(200);
    expect(response.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves the OpenAPI document', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(Object.keys(response.body.paths)).toContain('/api/health');
  });

  it('documents every route with a summary, a tag and its success response', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);
    const operations = Object.entries(response.body.paths as Record<string, Record<string, { summary?: string; tags?: string[]; responses: Record<string, { content?: unknown }> }>>)
      .filter(([path]) => !path.startsWith('/api/test-failures'))
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })));
    expect(operations.length).toBeGreaterThan(25);
    const undocumented = operations
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        const described = success.some(([status, body]) => status === '204' || body.content !== undefined);
        return !operation.summary || !operation.tags?.length || !described;
      })
      .map(({ route }) => route);
    expect(undocumented).toEqual([]);
  });

  it('hides internals of an unexpected error behind a 500 with a request id', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/test-failures/crash').expect(500);
    expect(response.body).toEqual({ statusCode: 500, message: 'Internal server error', requestId: expect.any(String) });
    expect(response.text).not.toMatch(/hunter2|internal\.ts|at /);
  });

  it('uses the request id the client sent', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/test-failures/crash').set('x-request-id', 'trace-123').expect(500);
    expect(response.body.requestId).toBe('trace-123');
  });

  it('answers malformed JSON with 400 and a clear message', async () => {
    const response = await request(testApp.app.getHttpServer())
      .post('/api/test-failures/echo')
      .set('content-type', 'application/json')
      .send('{"answers": ')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, message: expect.stringMatching(/JSON/) });
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const huge = JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) });
    const response = await request(testApp.app.getHttpServer())
      .post('/api/test-failures/echo')
      .set('content-type', 'application/json')
      .send(huge)
      .expect(413);
    expect(response.body.message).toMatch(/too large/);
  });

  it('answers an unknown route with a JSON 404', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/nothing-here').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, message: expect.stringContaining('/api/nothing-here') });
  });

  it('sends security headers and no CORS by default', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/health').set('origin', 'https://evil.example').expect(200);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('has a schema that matches the entities (no migration is missing)', async () => {
    const pending = await testApp.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });
});

describe('configuration at boot', () => {
  it.each([
    ['PORT', 'not-a-port'],
    ['EMBEDDED_PG_PORT', '99999'],
    ['LOG_LEVEL', 'chatty'],
  ])('refuses to start with %s=%s and names the variable', (variable, value) => {
    const result = spawnSync(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'main.js')], {
      env: { PATH: process.env.PATH, [variable]: value },
      encoding: 'utf8',
      timeout: 30000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${variable}=`);
    expect(result.stderr).toContain('Invalid environment configuration');
  });
});
