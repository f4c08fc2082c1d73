import { ConsoleLogger, Logger, Type } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
import { CliCommand, commandToRun } from './cli/cli-commands';
import { CliHelpModule } from './cli/cli-help.module';
import { DefinitionsService } from './definitions/definitions.service';

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

/**
 * Nest's ExceptionHandler logs an error that stops the CLI before its command runs (the embedded server's port taken,
 * the database unreachable) with its stack, before handing it on; main() reports that error itself, as one line. So
 * the handler's copy is written only when LOG_LEVEL asks for debug, as the service does (startupLogger).
 */
class CliLogger extends ConsoleLogger {
  constructor(private readonly withStartUpStack: boolean) {
    super({ logLevels: ['error', 'warn'] });
  }

  override error(message: unknown, ...optionalParams: unknown[]): void {
    if (!this.withStartUpStack && optionalParams.at(-1) === 'ExceptionHandler') return;
    super.error(message, ...optionalParams);
  }
}

/** The module a command runs in, loaded only then: a file command needs the configuration only, the others the database. */
function moduleFor(command: CliCommand): Type<unknown> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  return command.needs === 'files'
    ? (require('./cli/cli-files.module') as typeof import('./cli/cli-files.module')).CliFilesModule
    : (require('./cli/cli.module') as typeof import('./cli/cli.module')).CliModule;
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function main(): Promise<void> {
  process.env.LOG_LEVEL ??= 'warn';
  // Only a command that runs loads what it needs (configuration, database); help and typos need neither.
  const command = commandToRun(process.argv.slice(2));
  const app = await CommandFactory.createWithoutRunning(command ? moduleFor(command) : CliHelpModule, {
    logger: new CliLogger(process.env.LOG_LEVEL === 'debug' || process.env.LOG_LEVEL === 'trace'),
    // A failure while the modules start reaches main()'s catch (one line) instead of Nest's process.abort().
    abortOnError: false,
    errorHandler: onCommanderExit,
    serviceErrorHandler: onError,
  });
  try {
    // The definition files into the database, once, as the service does when it starts.
    if (command?.needs === 'definitions') await app.get(DefinitionsService).syncDefinitionFiles();
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  new Logger('cli').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
