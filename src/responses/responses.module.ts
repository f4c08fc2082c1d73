import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ThrottlerModule } from '@nestjs/throttler';
import type { Request } from 'express';
import { Clock } from '../common/clock';
import { hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { WavesModule } from '../waves/waves.module';
import { FrozenCountsModule } from './frozen-counts.module';
import { RespondController } from './respond.controller';
import { ImportedResponsesWriter } from './imported-responses.writer';
import { ResponseErasure } from './response-erasure';
import { ResponseWriter } from './response-writer';
import { ResponsesService } from './responses.service';

const MINUTE = 60_000;

@Module({
  imports: [
    DefinitionsModule,
    WavesModule,
    InvitationsModule,
    FrozenCountsModule,
    ThrottlerModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<EnvironmentVariables, true>) => [
        {
          name: 'per-token',
          ttl: MINUTE,
          limit: config.get('RESPONDENT_RATE_LIMIT', { infer: true }),
          getTracker: (request: Record<string, unknown>) => hashToken(String((request as unknown as Request).params?.token ?? '')),
        },
        {
          name: 'per-address',
          ttl: MINUTE,
          limit: config.get('RESPONDENT_ADDRESS_RATE_LIMIT', { infer: true }),
          getTracker: (request: Record<string, unknown>) => String((request as unknown as Request).ip),
        },
      ],
    }),
  ],
  controllers: [RespondController],
  providers: [ResponsesService, ResponseWriter, ImportedResponsesWriter, ResponseErasure, Clock],
  exports: [ResponsesService, ImportedResponsesWriter, ResponseErasure],
})
export class ResponsesModule {}
