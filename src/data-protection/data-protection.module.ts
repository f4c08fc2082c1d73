import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ImportsModule } from '../imports/imports.module';
import { InvitationsModule } from '../invitations/invitations.module';
import { MailModule } from '../mail/mail.module';
import { ResponsesModule } from '../responses/responses.module';
import { WavesModule } from '../waves/waves.module';
import { DataProtectionController } from './data-protection.controller';
import { DataProtectionService } from './data-protection.service';

/**
 * Data protection (issue 16): erasure, access requests and the contact retention. Owns no table: every change goes
 * through the owning modules' services inside one transaction.
 */
@Module({
  imports: [WavesModule, InvitationsModule, ResponsesModule, MailModule, ImportsModule, AuditModule],
  controllers: [DataProtectionController],
  providers: [DataProtectionService],
  exports: [DataProtectionService],
})
export class DataProtectionModule {}
