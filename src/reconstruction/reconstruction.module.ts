import { Module } from '@nestjs/common';
import { DefinitionsModule } from '../definitions/definitions.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { ResponsesModule } from '../responses/responses.module';
import { WavesModule } from '../waves/waves.module';
import { ReconstructionService } from './reconstruction.service';

@Module({
  imports: [DefinitionsModule, WavesModule, InvitationsModule, ResponsesModule],
  providers: [ReconstructionService],
  exports: [ReconstructionService],
})
export class ReconstructionModule {}
