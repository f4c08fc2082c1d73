import express, { NextFunction, Request, Response } from 'express';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { AppException } from '../common/app.exception';
import { consoleImportMultipart } from './import-upload-body';
import { SESSION_COOKIE } from './session-cookie';

/**
 * The import upload's parser on a bare express app with a small limit: files go to disk, are removed when the
 * response ends (unless moved away), and a file over the limit is a 413 that leaves nothing behind.
 */
describe('consoleImportMultipart', () => {
  const LIMIT = 1024;
  /** Some session cookie (the guard checks it later; the parser only wants one to be there). */
  const SIGNED_IN = `${SESSION_COOKIE}=eine-sitzung`;
  let directory: string;
  let seen: { file?: string; content?: string; body?: unknown };

  const app = (after: (request: Request, response: Response) => void) => {
    const server = express();
    server.use('/admin', consoleImportMultipart(directory, LIMIT));
    server.post('/admin/wellen/:code/import', after);
    server.post('/admin/anderes', (request, response) => {
      response.json({ file: request.file?.path ?? null });
    });
    server.use((error: unknown, _request: Request, response: Response, _next: NextFunction) => {
      const code = error instanceof AppException ? error.code : 'UNKNOWN';
      response.status(code === 'PAYLOAD_TOO_LARGE' ? 413 : 400).json({ code, message: (error as Error).message });
    });
    return server;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'import-upload-body-'));
    seen = {};
  });

  it('writes the file to disk with its fields, and removes it once the response is done', async () => {
    const server = app((request, response) => {
      seen = { file: request.file?.path, content: readFileSync(request.file!.path, 'utf8'), body: request.body };
      response.status(403).send('refused');
    });
    await request(server)
      .post('/admin/wellen/w1/import')
      .set('Cookie', SIGNED_IN)
      .field('_csrf', 't')
      .attach('file', Buffer.from('a;b\n1;2\n'), 'ä.csv')
      .expect(403);
    expect(seen.content).toBe('a;b\n1;2\n');
    expect(seen.body).toEqual({ _csrf: 't' });
    expect(seen.file?.startsWith(directory)).toBe(true);
    expect(readdirSync(directory)).toEqual([]);
  });

  it.each([
    ['over the limit', Buffer.alloc(LIMIT + 1, 'x'), 413, 'PAYLOAD_TOO_LARGE'],
    ['exactly the limit', Buffer.alloc(LIMIT, 'x'), 200, undefined],
  ])('a file %s: 413 above the limit, accepted up to it; nothing left behind', async (_case, file, status, code) => {
    const server = app((_request, response) => {
      response.status(200).send('ok');
    });
    const response = await request(server)
      .post('/admin/wellen/w1/import')
      .set('Cookie', SIGNED_IN)
      .field('_csrf', 't')
      .attach('file', file, 'gross.csv');
    expect(response.status).toBe(status);
    if (code) expect(response.body).toMatchObject({ code, message: 'The file is too large (at most 1024 bytes)' });
    expect(readdirSync(directory)).toEqual([]);
  });

  it('reads nothing of a request without a session cookie (the guard refuses it): no file written', async () => {
    const server = app((request, response) => {
      seen = { file: request.file?.path };
      response.status(403).send('refused');
    });
    await request(server).post('/admin/wellen/w1/import').field('_csrf', 't').attach('file', Buffer.alloc(512, 'x'), 'a.csv').expect(403);
    expect(seen.file).toBeUndefined();
    expect(readdirSync(directory)).toEqual([]);
  });

  it('leaves other console paths and other methods to the console’s own parser', async () => {
    const server = app((_request, response) => {
      response.send('never');
    });
    const other = await request(server).post('/admin/anderes').attach('file', Buffer.from('x'), 'x.csv');
    expect(other.body).toEqual({ file: null });
    expect(readdirSync(directory)).toEqual([]);
  });
});
