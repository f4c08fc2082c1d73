/**
 * The HTTP floor of a first save (spawned by bench/run.ts, phase "submission"): what any Node service pays on this
 * machine for HTTP, the JSON body and the service's two statements, without the service around them. A bare
 * `node:http` server answers `PUT /api/respond/:token` with the token's context (SAVE_CONTEXT) and the first-save
 * statement (CREATE_RESPONSE), both prepared, through a pg pool of the service's size. It leaves out what the service
 * does besides: routing through Express and Nest, the body's checks against the codebook, the rate limiter, the
 * request log and the security headers; the answers are trusted as the bench sends them.
 *   node -r ts-node/register/transpile-only bench/http-floor.ts
 * Environment: DATABASE_URL (the bench's own embedded PostgreSQL). Prints {"port":…} on stdout once it listens on
 * 127.0.0.1; stops on SIGTERM.
 */
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { Pool } from 'pg';
import { firstSave, RunStatement, SERVICE_POOL } from './first-save';

const ROUTE = /^\/api\/respond\/([A-Za-z0-9_-]+)$/;

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: SERVICE_POOL });

const run: RunStatement = (statement, values) => pool.query({ name: statement.name, text: statement.text, values });

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function save(token: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { answers } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { answers: Record<string, unknown> };
  const revision = await firstSave(run, token, answers);
  if (revision === undefined) return reply(response, 404, { message: 'unknown token' });
  if (revision === null) return reply(response, 409, { message: 'not saved' });
  reply(response, 200, { status: 'completed', revision });
}

const server = createServer((request, response) => {
  const token = request.method === 'PUT' ? ROUTE.exec(request.url ?? '')?.[1] : undefined;
  if (token === undefined) return reply(response, 404, { message: 'not found' });
  save(token, request, response).catch((error: unknown) => reply(response, 500, { message: String(error) }));
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address ? address.port : 0 })}\n`);
});

process.once('SIGTERM', () => {
  server.close();
  void pool.end();
});
