import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { AppModule } from '../app.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ExportsModule } from '../exports/exports.module';
import { ReconstructionModule } from '../reconstruction/reconstruction.module';
import { CLI_COMMANDS } from './cli-commands';

@Module({
  imports: [AppModule, DefinitionsModule, AnalysisModule, ReconstructionModule, ExportsModule],
  providers: CLI_COMMANDS,
})
export class CliModule {}
