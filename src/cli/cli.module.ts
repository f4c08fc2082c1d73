import { Module } from '@nestjs/common';
import { AppModule } from '../app.module';
import { DatabaseUrlCommand, MigrateCommand } from './db.commands';

@Module({
  imports: [AppModule],
  providers: [MigrateCommand, DatabaseUrlCommand],
})
export class CliModule {}
