import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesApiService } from './waves-api.service';
import { WavesController } from './waves.controller';
import { WavesModule } from './waves.module';

/** The staff API of waves (`/api/waves`): a wave with its invitation counts, composed above WavesModule and InvitationsModule. */
@Module({
  imports: [WavesModule, InvitationsModule, ResponseReadsModule, DefinitionsModule],
  controllers: [WavesController],
  providers: [WavesApiService],
  exports: [WavesApiService],
})
export class WavesApiModule {}
