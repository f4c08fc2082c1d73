import { createServer, Server, Socket } from 'node:net';
import { Pool, PoolClient } from 'pg';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { typeOrmOptions } from './typeorm-options';

/** A PostgreSQL backend message: type byte, int32 length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'ascii');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const fields = (entries: Array<[string, string]>) =>
  Buffer.concat([...entries.map(([code, text]) => Buffer.from(`${code}${text}\0`, 'utf8')), Buffer.from([0])]);

/**
 * A server that answers the start-up message as a backend whose postmaster has just been killed: "authenticated,
 * ready" and, in the same write, FATAL 57P01 — what the service met when the embedded PostgreSQL died under load.
 */
async function dyingServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((socket: Socket) => {
    socket.once('data', () => {
      const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
      const ready = message('Z', Buffer.from('I'));
      const fatal = message(
        'E',
        fields([
          ['S', 'FATAL'],
          ['V', 'FATAL'],
          ['C', '57P01'],
          ['M', 'terminating connection due to unexpected postmaster exit'],
        ]),
      );
      socket.end(Buffer.concat([authenticationOk, ready, fatal]));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const address = server.address() as { port: number };
  return { server, url: `postgres://survey:secret@127.0.0.1:${address.port}/survey_waves` };
}

describe('the connection pool of the service (typeOrmOptions)', () => {
  let server: Server;
  afterEach(async () => {
    await new Promise((closed) => server.close(closed));
  });

  it('survives a connection that the server ends right after saying ready, before anyone holds the client', async () => {
    const dying = await dyingServer();
    server = dying.server;
    const options = typeOrmOptions(dying.url) as PostgresConnectionOptions;
    const pool = new Pool({ ...options.extra, connectionString: dying.url });
    try {
      // As TypeORM's query runner does: take a client, listen for its errors from then on, query. Without the
      // guard, pg emits the FATAL on the client before that listener exists, and Jest fails the test with
      // "Unhandled error" (in the service: the process ended).
      const client: PoolClient = await pool.connect();
      client.on('error', () => undefined);
      const query = await client.query('SELECT 1').then(
        () => 'answered',
        (error: Error) => error.message,
      );
      client.release(true);
      expect(query).toMatch(/not queryable|terminat/i);
    } finally {
      await pool.end();
    }
  });
});
