import type { Type } from '@nestjs/common';
import type { CommandRunner } from 'nest-commander';
import { FiguresCommand } from '../analysis/figures.command';
import { StaffCreateCommand, StaffPasswordLinkCommand } from '../auth/staff.commands';
import { DefinitionsDiffCommand, DefinitionsSyncCommand, DefinitionsValidateCommand } from '../definitions/definitions.commands';
import { ExportCommand } from '../exports/export.command';
import { ReconstructionLoadCommand } from '../reconstruction/reconstruction.commands';
import { DatabaseUrlCommand, MigrateCommand } from './db.commands';
import { ImportCommand } from './import.command';

/**
 * What a command needs before it runs, and so what the CLI starts for it:
 * - `files`: the configuration only; no database is started or connected;
 * - `database`: the database, started (embedded) or connected, and migrated;
 * - `definitions`: the database with the definition files loaded into it, as the service loads them when it starts.
 */
export type CommandNeeds = 'files' | 'database' | 'definitions';

export interface CliCommand {
  runner: Type<CommandRunner>;
  needs: CommandNeeds;
}

/** Every command of the CLI, in the order `--help` lists them. */
export const CLI_COMMANDS: CliCommand[] = [
  { runner: MigrateCommand, needs: 'database' },
  { runner: DatabaseUrlCommand, needs: 'database' },
  { runner: StaffCreateCommand, needs: 'database' },
  { runner: StaffPasswordLinkCommand, needs: 'database' },
  { runner: DefinitionsValidateCommand, needs: 'files' },
  // It loads the files itself and reports what it did.
  { runner: DefinitionsSyncCommand, needs: 'database' },
  { runner: DefinitionsDiffCommand, needs: 'definitions' },
  { runner: ReconstructionLoadCommand, needs: 'definitions' },
  { runner: FiguresCommand, needs: 'definitions' },
  { runner: ExportCommand, needs: 'definitions' },
  // The wave's pinned definition is in the database already.
  { runner: ImportCommand, needs: 'database' },
];

/** The metadata key nest-commander keeps a command's `@Command()` options under. */
const COMMAND_META = 'CommandBuilder:Command:Meta';

/** The names (and aliases) a user can type to run the command. */
function namesOf(command: CliCommand): string[] {
  const meta = Reflect.getMetadata(COMMAND_META, command.runner) as { name: string; aliases?: string[] } | undefined;
  if (!meta) throw new Error(`${command.runner.name} has no @Command() metadata under ${COMMAND_META}`);
  return [meta.name.split(' ')[0], ...(meta.aliases ?? [])];
}

/** The names (and aliases) a user can type to run a command. */
export function commandNames(commands: CliCommand[] = CLI_COMMANDS): Set<string> {
  return new Set(commands.flatMap(namesOf));
}

/**
 * The command the arguments run, so that the CLI starts what it needs. Help,
 * an unknown command, or no command at all run none and are answered without
 * configuration or database.
 */
export function commandToRun(argv: string[], commands: CliCommand[] = CLI_COMMANDS): CliCommand | undefined {
  if (argv.some((argument) => argument === '--help' || argument === '-h')) return undefined;
  const first = argv.find((argument) => !argument.startsWith('-'));
  return first === undefined ? undefined : commands.find((command) => namesOf(command).includes(first));
}

/** A provider for a command that is listed (for help and option parsing) but cannot run: no dependencies. */
export function standIn(runner: Type<CommandRunner>): { provide: Type<CommandRunner>; useValue: object } {
  return { provide: runner, useValue: Object.create(runner.prototype as object) as object };
}
