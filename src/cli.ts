import { Logger, Type } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { runsACommand } from './cli/cli-commands';
import { CliHelpModule } from './cli/cli-help.module';

/**
 * Commander has already written its own errors (unknown command, missing
 * option) and the help; it reports them here only so that the CLI can close
 * the application before it exits. Nothing is printed twice.
 */
function onCommanderExit(error: Error): never {
  throw error;
}

/** Commander's own errors carry a `commander.*` code and the exit code (0 after the help). */
function isCommanderError(error: Error): error is Error & { exitCode: number } {
  const { code, exitCode } = error as Error & { code?: unknown; exitCode?: unknown };
  return typeof code === 'string' && code.startsWith('commander.') && typeof exitCode === 'number';
}

function onError(error: Error): void {
  if (isCommanderError(error)) {
    process.exitCode = error.exitCode;
    return;
  }
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}

function loadCliModule(): Type<unknown> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./cli/cli.module') as typeof import('./cli/cli.module')).CliModule;
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  // Only a command that runs loads the application (its configuration and database); help and typos need neither.
  const module = runsACommand(process.argv.slice(2)) ? loadCliModule() : CliHelpModule;
  const app = await CommandFactory.createWithoutRunning(module, {
    logger: ['error', 'warn'],
    errorHandler: onCommanderExit,
    serviceErrorHandler: onError,
  });
  try {
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  new Logger('cli').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
