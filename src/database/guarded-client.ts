import { Client } from 'pg';

/**
 * The client class of TypeORM's connection pool: a pg `Client` that listens for 'error' for its whole life.
 *
 * When the server ends a connection (a restart, a killed postmaster: FATAL 57P01 "terminating connection due to
 * unexpected postmaster exit"), pg emits 'error' on the client, and an 'error' event nobody listens to ends the
 * Node process. The pool listens while a client is idle and TypeORM while a query runner holds it, but not in
 * between: the pool removes its listener when it hands a new client over, and TypeORM adds its own a microtask
 * later. A backend that says "ready" and then FATAL in the same network read fell into that gap, and the whole
 * service died with the database instead of answering 503 (the crash test killing the postmaster, 1 run in ~30).
 *
 * The listener only keeps the process alive: pg fails the client's queries with the error, TypeORM releases a
 * query runner's client on it, and the pool discards a client that is no longer queryable.
 */
export class GuardedClient extends Client {
  constructor(...config: ConstructorParameters<typeof Client>) {
    super(...config);
    this.on('error', ignoreHere);
  }
}

function ignoreHere(): void {
  // Reported where it matters: to the queries of this client, to TypeORM and to the pool.
}
