import express from 'express';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { discardOptOutMultipart, OPT_OUT_MULTIPART_LIMIT_BYTES } from './request-layer';

/** discardOptOutMultipart behind a tiny express app: what reaches the route, and what a too large body gets. */
describe('discardOptOutMultipart', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const app = express();
    app.use('/abmelden', discardOptOutMultipart);
    app.post('/abmelden/:token', (request, response) => {
      response.json({ body: request.body as unknown });
    });
    app.use((error: { code?: string }, _request: express.Request, response: express.Response, _next: express.NextFunction) => {
      response.status(error.code === 'PAYLOAD_TOO_LARGE' ? 413 : 400).json({ code: error.code });
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  /** Posts `size` bytes of multipart in chunks without a Content-Length (chunked), as a streaming client would. */
  function postChunked(size: number): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/abmelden/abc',
          method: 'POST',
          headers: { 'Content-Type': 'multipart/form-data; boundary=x', 'Transfer-Encoding': 'chunked' },
        },
        (incoming) => {
          let body = '';
          incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
          incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body }));
        },
      );
      outgoing.on('error', reject);
      const part = '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n';
      let sent = 0;
      while (sent < size) {
        const chunk = 'y'.repeat(Math.min(1024, size - sent));
        outgoing.write(sent === 0 ? part : chunk);
        sent += sent === 0 ? part.length : chunk.length;
      }
      outgoing.end('--x--\r\n');
    });
  }

  it('reads a small multipart body to its end and hands the route an empty body', async () => {
    expect(await postChunked(200)).toEqual({ status: 200, body: '{"body":{}}' });
  });

  it('answers 413 to a chunked body above the limit', async () => {
    const answer = await postChunked(OPT_OUT_MULTIPART_LIMIT_BYTES + 4096);
    expect(answer).toEqual({ status: 413, body: '{"code":"PAYLOAD_TOO_LARGE"}' });
  });
});
