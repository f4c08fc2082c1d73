import { Module } from '@nestjs/common';
import { CLI_COMMANDS } from './cli-commands';

/**
 * The commands without their dependencies: enough for `--help` and for
 * refusing an unknown command, with no configuration and no database. None of
 * these stand-ins ever runs (cli.ts only uses this module when no command runs).
 * It must not import AppModule: its configuration is validated when it is loaded.
 */
@Module({
  providers: CLI_COMMANDS.map((command) => ({ provide: command, useValue: Object.create(command.prototype as object) as object })),
})
export class CliHelpModule {}
