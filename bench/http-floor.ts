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
import { CODEBOOK_2023 } from '../test/slow/support/answers';
import { hashToken } from '../src/common/tokens';
import { UuidV7Generator } from '../src/common/uuid-v7';
import type { PreparedStatement } from '../src/database/prepared-statements';
import { answerCells } from '../src/responses/answer-cells';
import { CREATE_RESPONSE } from '../src/responses/response-writer';
import { SAVE_CONTEXT } from '../src/responses/responses.service';

const SERVICE_POOL = 20; // extra.max of src/database/typeorm-options.ts
const ROUTE = /^\/api\/respond\/([A-Za-z0-9_-]+)$/;

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: SERVICE_POOL });
const ids = new UuidV7Generator();

const run = async <T>(statement: PreparedStatement, values: unknown[]): Promise<T[]> =>
  (await pool.query({ name: statement.name, text: statement.text, values })).rows as T[];

function reply(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

async function save(token: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const { answers } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { answers: Record<string, unknown> };
  const context = (await run<{ invitationId: string; waveId: string }>(SAVE_CONTEXT, [hashToken(token)])).at(0);
  if (context === undefined) return reply(response, 404, { message: 'unknown token' });
  const saved = (
    await run<{ revision: number }>(CREATE_RESPONSE, [
      context.waveId,
      context.invitationId,
      'completed',
      JSON.stringify(answers),
      answerCells(CODEBOOK_2023, answers),
      new Date(),
      'completed',
      ids.next(),
    ])
  ).at(0);
  if (saved === undefined) return reply(response, 409, { message: 'not saved' });
  reply(response, 200, { status: 'completed', revision: saved.revision });
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
