import { createServer, request, RequestListener, RequestOptions } from 'node:http';
import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { bindRequestLogger, loggerParams, redactUrl, requestLogging, serviceLoggerParams } from './logging';

describe('redactUrl', () => {
  it.each([
    ['/api/respond/abcDEF123_-x', '/api/respond/[token]'],
    ['/survey/abcDEF123_-x?lang=de', '/survey/[token]?lang=de'],
    ['/api/respond/abc/extra', '/api/respond/[token]/extra'],
    ['/abmelden/abcDEF123_-xyzxyzxyz', '/abmelden/[token]'],
    ['/abmelden/abcDEF123_-x?List-Unsubscribe=One-Click', '/abmelden/[token]?List-Unsubscribe=One-Click'],
    ['/api/waves/ki-2023', '/api/waves/ki-2023'],
  ])('%s is logged as %s', (url, logged) => {
    expect(redactUrl(url)).toBe(logged);
  });
});

/** A stream that keeps what is written to it, line by line. */
function memorySink(): { lines: string[]; sink: Writable } {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _encoding, done) => {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { lines, sink };
}

/** Serves one request with `handle` on a loopback port, and waits until its response and the log lines written at its end are through. */
async function requestThrough(handle: RequestListener, options: Pick<RequestOptions, 'path' | 'method' | 'headers'>): Promise<void> {
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  try {
    await new Promise<void>((resolve, reject) => {
      const call = request({ host: '127.0.0.1', port, ...options }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      call.on('error', reject);
      call.end();
    });
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    server.close();
  }
}

describe('request log lines', () => {
  /** Runs one request through the configured pino-http middleware and returns the JSON line it wrote. */
  async function logOf(url: string, status: number): Promise<Record<string, unknown>> {
    const { lines, sink } = memorySink();
    const middleware = pinoHttp(loggerParams('info', false).pinoHttp as object, sink);
    await requestThrough(
      (req, res) => {
        middleware(req, res);
        res.setHeader('content-security-policy', "default-src 'self'; ".repeat(20));
        res.setHeader('set-cookie', 'secret=1');
        res.statusCode = status;
        res.end('{}');
      },
      { path: url, headers: { authorization: 'Bearer staff-secret', 'x-request-id': 'req-42' } },
    );
    expect(lines).toHaveLength(1);
    return JSON.parse(lines[0]) as Record<string, unknown>;
  }

  it.each([
    ['/api/waves', 200, 'GET /api/waves 200'],
    ['/api/respond/abcDEF123_-xyzxyzxyz', 404, 'GET /api/respond/[token] 404'],
    ['/abmelden/abcDEF123_-xyzxyzxyz', 200, 'GET /abmelden/[token] 200'],
  ])('%s (%i) is one short line: method, path, status, duration, request id', async (url, status, message) => {
    const line = await logOf(url, status);
    expect(line).toMatchObject({
      level: status >= 500 ? 50 : 30,
      msg: expect.stringMatching(new RegExp(`^${message.replace(/[[\]]/g, '\\$&')} \\d+ ms$`)),
      req: { id: 'req-42', method: 'GET', url: redactUrl(url) },
      res: { statusCode: status },
      responseTime: expect.any(Number),
      context: 'HTTP',
    });
    expect(Object.keys(line.req as object).sort()).toEqual(['id', 'method', 'url']);
    expect(Object.keys(line.res as object)).toEqual(['statusCode']);
    const text = JSON.stringify(line);
    expect(text).not.toMatch(/default-src|secret|Bearer|abcDEF123/);
    expect(text.length).toBeLessThan(400);
  });
});

describe('serviceLoggerParams', () => {
  it('writes the same lines as loggerParams, batched to standard output (not for a terminal)', () => {
    const batched = serviceLoggerParams('info', false).pinoHttp as [object, { write: unknown; flush: unknown }];
    expect(Array.isArray(batched)).toBe(true);
    expect(Object.keys(batched[0]).sort()).toEqual(Object.keys(loggerParams('info', false).pinoHttp as object).sort());
    expect(typeof batched[1].write).toBe('function');
    expect(typeof batched[1].flush).toBe('function');
    expect(Array.isArray(serviceLoggerParams('info', true).pinoHttp)).toBe(false);
  });
});

describe('requestLogging and bindRequestLogger', () => {
  it('writes the request line, and a service line logged inside the request carries the request’s id', async () => {
    const { lines, sink } = memorySink();
    const params = { ...loggerParams('info', false), pinoHttp: [loggerParams('info', false).pinoHttp as object, sink] };
    const log = requestLogging(params as Parameters<typeof requestLogging>[0]);
    // A service's logger (as Nest injects it): inside a request it logs through the request's logger.
    const service = new PinoLogger(params as ConstructorParameters<typeof PinoLogger>[0]);
    service.setContext('WavesService');
    await requestThrough(
      (req, res) =>
        log(req, res, () =>
          bindRequestLogger(req, res, () => {
            service.info('Wave ki-2025 opened');
            res.statusCode = 201;
            res.end('{}');
          }),
        ),
      { path: '/api/waves/ki-2025/open', method: 'POST', headers: { 'x-request-id': 'req-43' } },
    );
    const logged = lines.map((line) => JSON.parse(line) as { msg: string; context: string; req?: { id: string } });
    expect(logged.map(({ msg, context, req }) => ({ msg: msg.replace(/ \d+ ms$/, ''), context, id: req?.id }))).toEqual([
      { msg: 'Wave ki-2025 opened', context: 'WavesService', id: 'req-43' },
      { msg: 'POST /api/waves/ki-2025/open 201', context: 'HTTP', id: 'req-43' },
    ]);
  });
});
