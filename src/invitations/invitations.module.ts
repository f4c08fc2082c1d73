import { Module } from '@nestjs/common';
import { ResponseReadsModule } from '../responses/response-reads.module';
import { WavesModule } from '../waves/waves.module';
import { InvitationSearchController } from './invitation-search.controller';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';

@Module({
  imports: [WavesModule, ResponseReadsModule],
  controllers: [InvitationsController, InvitationSearchController],
  providers: [InvitationsService],
  exports: [InvitationsService],
})
export class InvitationsModule {}
