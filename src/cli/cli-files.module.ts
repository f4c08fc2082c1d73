import { Module } from '@nestjs/common';
import { AppConfigModule } from '../config/config.module';
import { CLI_COMMANDS, standIn } from './cli-commands';

/**
 * For the commands that only read files (`definitions:validate`): the
 * configuration, and no database — nothing is started, connected or created.
 * The other commands are listed as stand-ins that never run (cli.ts uses this
 * module only when a file command runs).
 */
@Module({
  imports: [AppConfigModule],
  providers: CLI_COMMANDS.map(({ runner, needs }) => (needs === 'files' ? runner : standIn(runner))),
})
export class CliFilesModule {}
