import { Body, Controller, Get, Post } from '@nestjs/common';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import request from 'supertest';
import { ErrorCode } from '../../src/common/error-code';
import { httpStatusOf } from '../../src/common/http-status-of';
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
    const operations = Object.entries(
      response.body.paths as Record<
        string,
        Record<string, { summary?: string; tags?: string[]; responses: Record<string, { content?: unknown }> }>
      >,
    )
      .filter(([path]) => !path.startsWith('/api/test-failures'))
      .flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
      );
    expect(operations.length).toBeGreaterThan(25);
    const undocumented = operations
      .filter(({ operation }) => {
        const success = Object.entries(operation.responses).filter(([status]) => /^2/.test(status));
        const described = success.some(([status, body]) => status === '204' || body.content !== undefined);
        return !operation.summary || (operation.tags?.length ?? 0) === 0 || !described;
      })
      .map(({ route }) => route);
    expect(undocumented).toEqual([]);
  });

  it('documents the staff token as an opaque bearer token, not a JWT', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);
    const scheme = response.body.components.securitySchemes.staff;
    expect(scheme).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'opaque' });
  });

  it('documents the 404, 409 and 422 answers of the wave and invitation routes with the error body', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/docs-json').expect(200);
    type Operation = { tags?: string[]; responses: Record<string, { content?: { 'application/json'?: { schema?: { $ref?: string } } } }> };
    const operations = Object.entries(response.body.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([, operation]) => operation.tags?.some((tag) => tag === 'waves' || tag === 'invitations'))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    const errorStatuses = (operation: Operation) =>
      Object.entries(operation.responses)
        .filter(
          ([status, answer]) =>
            /^4/.test(status) && answer.content?.['application/json']?.schema?.$ref === '#/components/schemas/ErrorBodyDto',
        )
        .map(([status]) => status);
    const documented = Object.fromEntries(operations.map(({ route, operation }) => [route, errorStatuses(operation).sort()]));
    expect(documented).toEqual({
      'POST /api/waves': ['409', '422'],
      'GET /api/waves': [],
      'GET /api/waves/{code}': ['404'],
      'PATCH /api/waves/{code}': ['404', '409', '422'],
      'DELETE /api/waves/{code}': ['404', '409'],
      'POST /api/waves/{code}/open': ['404', '409'],
      'POST /api/waves/{code}/close': ['404', '409'],
      'POST /api/waves/{code}/reopen': ['404', '409'],
      'GET /api/waves/{code}/events': ['404'],
      'POST /api/waves/{code}/invitations': ['404', '409', '422'],
      'GET /api/waves/{code}/invitations': ['404'],
      'GET /api/waves/{code}/invitations/{id}/contact': ['404'],
      'POST /api/waves/{code}/invitations/{id}/reissue': ['404', '409'],
      'POST /api/waves/{code}/invitations/{id}/block': ['404'],
      'POST /api/waves/{code}/invitations/{id}/unblock': ['404'],
      'GET /api/invitations': ['422'],
    });
    const schema = response.body.components.schemas.ErrorBodyDto;
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'code', 'message', 'requestId']));
    const codes = schema.properties.code.enum ?? response.body.components.schemas.ErrorCode?.enum;
    expect(codes).toEqual(Object.values(ErrorCode));
  });

  it('hides internals of an unexpected error behind a 500 with a code and a request id', async () => {
    const response = await request(testApp.app.getHttpServer()).get('/api/test-failures/crash').expect(500);
    expect(response.body).toEqual({
      statusCode: 500,
      code: 'INTERNAL_ERROR',
      message: 'Internal server error',
      requestId: expect.any(String),
    });
    expect(response.text).not.toMatch(/hunter2|internal\.ts|at /);
  });

  it('uses the request id the client sent', async () => {
    const response = await request(testApp.app.getHttpServer())
      .get('/api/test-failures/crash')
      .set('x-request-id', 'trace-123')
      .expect(500);
    expect(response.body.requestId).toBe('trace-123');
  });

  describe('one error shape from every layer', () => {
    const http = () => request(testApp.app.getHttpServer());
    const layers: Array<[string, () => request.Test, number, ErrorCode, RegExp]> = [
      [
        'body parser: malformed JSON',
        () => http().post('/api/test-failures/echo').set('content-type', 'application/json').send('{"answers": {\'x\'}'),
        400,
        ErrorCode.MALFORMED_JSON,
        /not valid JSON/,
      ],
      [
        'body parser: a body over 1 MiB',
        () =>
          http()
            .post('/api/test-failures/echo')
            .set('content-type', 'application/json')
            .send(JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) })),
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        /too large/,
      ],
      [
        'body parser: an unsupported charset',
        () => http().post('/api/test-failures/echo').set('content-type', 'application/json; charset=klingon').send('{}'),
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        /charset/,
      ],
      [
        'content type: a form-encoded body',
        () =>
          http()
            .put('/api/respond/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')
            .type('form')
            .send({ complete: 'true', rolle: 'ki_trainer' }),
        415,
        ErrorCode.UNSUPPORTED_MEDIA_TYPE,
        /application\/json/,
      ],
      ['URL guard: an encoded NUL', () => http().get('/api/waves/a%00b'), 400, ErrorCode.URL_INVALID, /NUL/],
      ['router: an unknown route', () => http().get('/api/nothing-here'), 404, ErrorCode.ROUTE_NOT_FOUND, /\/api\/nothing-here/],
      ['guard: no staff token', () => http().get('/api/waves'), 401, ErrorCode.AUTH_TOKEN_MISSING, /bearer token/],
      [
        'validation pipe: a body of the wrong shape',
        () => http().put('/api/respond/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA').send({ answers: [], complete: 'yes' }),
        422,
        ErrorCode.VALIDATION_FAILED,
        /invalid/,
      ],
      [
        'service: an unknown token',
        () => http().get('/api/respond/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        404,
        ErrorCode.RESPONSE_TOKEN_UNKNOWN,
        /Link/,
      ],
      [
        'fallback: an unexpected error',
        () => http().get('/api/test-failures/crash'),
        500,
        ErrorCode.INTERNAL_ERROR,
        /Internal server error/,
      ],
    ];

    it.each(layers)('%s: its status and code, a message and a request id', async (_, send, status, code, message) => {
      const response = await send().set('x-request-id', 'layer-test');
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.body).toMatchObject({ statusCode: status, code, message: expect.stringMatching(message), requestId: 'layer-test' });
      expect(Object.keys(response.body).filter((key) => !['statusCode', 'code', 'message', 'errors', 'requestId'].includes(key))).toEqual(
        [],
      );
      expect(httpStatusOf(code)).toBe(status);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    });

    it('says where malformed JSON broke, and echoes nothing of the server', async () => {
      const response = await http()
        .post('/api/test-failures/echo')
        .set('content-type', 'application/json')
        .send('{"answers": ')
        .expect(400);
      expect(response.body.errors).toEqual([{ path: '(body)', message: expect.stringMatching(/JSON/) }]);
      expect(response.text).not.toMatch(/node_modules|at \S+ \(/);
    });

    it('gives a request id to errors even when the client sent none', async () => {
      const response = await http().post('/api/test-failures/echo').set('content-type', 'application/json').send('{').expect(400);
      expect(response.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('accepts JSON with a charset and bodiless POSTs whatever their content type', async () => {
      await http()
        .post('/api/test-failures/echo')
        .set('content-type', 'application/json; charset=utf-8')
        .send('{"a":1}')
        .expect(201, { a: 1 });
      await http().post('/api/test-failures/echo').set('content-type', 'application/x-www-form-urlencoded').expect(201);
    });
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
