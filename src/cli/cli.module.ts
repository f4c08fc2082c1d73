import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { CoreModule } from '../core.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ExportsModule } from '../exports/exports.module';
import { ImportsModule } from '../imports/imports.module';
import { ReconstructionModule } from '../reconstruction/reconstruction.module';
import { CLI_COMMANDS } from './cli-commands';

/**
 * For the commands that use the database: the core of the service (database
 * and feature modules), not the web application (no HTTP server, request
 * logging or respondent page). The definition files are not loaded here:
 * cli.ts does that for the commands that need them.
 */
@Module({
  imports: [CoreModule, DefinitionsModule, AnalysisModule, ReconstructionModule, ExportsModule, ImportsModule],
  providers: CLI_COMMANDS.map(({ runner }) => runner),
})
export class CliModule {}
