import { Module } from '@nestjs/common';
import { Clock } from '../common/clock';
import { InvitationsModule } from '../invitations/invitations.module';
import { WavesModule } from '../waves/waves.module';
import { MailModule } from './mail.module';
import { OutboxWorker } from './outbox-worker';

/**
 * The outbox worker that sends queued mails: imported by AppModule only (the HTTP service), never by the CLI,
 * so a CLI command never sends mail. Several service instances on one database may each run one.
 */
@Module({
  imports: [MailModule, WavesModule, InvitationsModule],
  providers: [OutboxWorker, Clock],
  exports: [OutboxWorker],
})
export class MailWorkerModule {}
