import { Module } from '@nestjs/common';
import { AnalysisModule } from '../analysis/analysis.module';
import { FiguresCommand } from '../analysis/figures.command';
import { AppModule } from '../app.module';
import { StaffCreateCommand } from '../auth/staff.commands';
import { DefinitionsDiffCommand, DefinitionsSyncCommand, DefinitionsValidateCommand } from '../definitions/definitions.commands';
import { DefinitionsModule } from '../definitions/definitions.module';
import { ExportCommand } from '../exports/export.command';
import { ExportsModule } from '../exports/exports.module';
import { ReconstructionLoadCommand } from '../reconstruction/reconstruction.commands';
import { ReconstructionModule } from '../reconstruction/reconstruction.module';
import { DatabaseUrlCommand, MigrateCommand } from './db.commands';

@Module({
  imports: [AppModule, DefinitionsModule, AnalysisModule, ReconstructionModule, ExportsModule],
  providers: [MigrateCommand, DatabaseUrlCommand, StaffCreateCommand, DefinitionsValidateCommand, DefinitionsSyncCommand, DefinitionsDiffCommand, ReconstructionLoadCommand, FiguresCommand, ExportCommand],
})
export class CliModule {}
