import { Logger } from '@nestjs/common';
import { EnvironmentVariables, validateEnvironment } from './config/env.validation';
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
