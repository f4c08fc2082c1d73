import type { Type } from '@nestjs/common';
import type { CommandRunner } from 'nest-commander';
import { FiguresCommand } from '../analysis/figures.command';
import { StaffCreateCommand } from '../auth/staff.commands';
import { DefinitionsDiffCommand, DefinitionsSyncCommand, DefinitionsValidateCommand } from '../definitions/definitions.commands';
import { ExportCommand } from '../exports/export.command';
import { ReconstructionLoadCommand } from '../reconstruction/reconstruction.commands';
import { DatabaseUrlCommand, MigrateCommand } from './db.commands';

/** Every command of the CLI, in the order `--help` lists them. */
export const CLI_COMMANDS: Array<Type<CommandRunner>> = [
  MigrateCommand,
  DatabaseUrlCommand,
  StaffCreateCommand,
  DefinitionsValidateCommand,
  DefinitionsSyncCommand,
  DefinitionsDiffCommand,
  ReconstructionLoadCommand,
  FiguresCommand,
  ExportCommand,
];

/** The metadata key nest-commander keeps a command's `@Command()` options under. */
const COMMAND_META = 'CommandBuilder:Command:Meta';

/** The names (and aliases) a user can type to run a command. */
export function commandNames(commands: Array<Type<CommandRunner>> = CLI_COMMANDS): Set<string> {
  return new Set(
    commands.flatMap((command) => {
      const meta = Reflect.getMetadata(COMMAND_META, command) as { name: string; aliases?: string[] } | undefined;
      if (!meta) throw new Error(`${command.name} has no @Command() metadata under ${COMMAND_META}`);
      return [meta.name.split(' ')[0], ...(meta.aliases ?? [])];
    }),
  );
}

/**
 * True when the arguments run a command, so the application (and its
 * database) is needed. Help, an unknown command, or no command at all are
 * answered without one.
 */
export function runsACommand(argv: string[], names: Set<string> = commandNames()): boolean {
  if (argv.some((argument) => argument === '--help' || argument === '-h')) return false;
  const first = argv.find((argument) => !argument.startsWith('-'));
  return first !== undefined && names.has(first);
}
