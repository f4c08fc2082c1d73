import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ContactRetentionService } from './contact-retention.service';
import { DataProtectionModule } from './data-protection.module';

/** The retention sweep; imported by the HTTP service's AppModule only. */
@Module({
  imports: [DataProtectionModule],
  providers: [ContactRetentionService, Clock],
  exports: [ContactRetentionService],
})
export class ContactRetentionModule {}
