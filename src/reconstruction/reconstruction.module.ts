import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DefinitionVersion } from '../definitions/definition-version.entity';
import { InvitationsModule } from '../invitations/invitations.module';
import { ResponsesModule } from '../responses/responses.module';
import { WavesModule } from '../waves/waves.module';
import { ReconstructionService } from './reconstruction.service';

@Module({
  imports: [TypeOrmModule.forFeature([DefinitionVersion]), WavesModule, InvitationsModule, ResponsesModule],
  providers: [ReconstructionService],
  exports: [ReconstructionService],
})
export class ReconstructionModule {}
