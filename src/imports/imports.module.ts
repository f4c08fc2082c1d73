import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { DefinitionsModule } from '../definitions/definitions.module';
import { FrozenCountsModule } from '../responses/frozen-counts.module';
import { ResponsesModule } from '../responses/responses.module';
import { EnvironmentVariables } from '../config/env.validation';
import { WavesModule } from '../waves/waves.module';
import { ImportRecord } from './import.entity';
import { importUploadOptions } from './import-upload';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

/**
 * Import of earlier waves' raw data (issue 15). Owns `imports`; writes responses only through the responses
 * module's ImportedResponsesWriter, in its own transaction.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ImportRecord]),
    MulterModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => importUploadOptions(config.get('DATA_DIR', { infer: true })),
    }),
    WavesModule,
    DefinitionsModule,
    ResponsesModule,
    FrozenCountsModule,
    AuditModule,
  ],
  controllers: [ImportsController],
  providers: [ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
