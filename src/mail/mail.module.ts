import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../audit/audit.module';
import { Clock } from '../common/clock';
import { InvitationsModule } from '../invitations/invitations.module';
import { WavesModule } from '../waves/waves.module';
import { MailOutboxRow } from './mail-outbox.entity';
import { MailRecipient } from './mail-recipient.entity';
import { MailComposer } from './mail-composer';
import { MailErasure } from './mail-erasure';
import { MailSettings } from './mail-settings';
import { MailStateReader } from './mail-state.reader';
import { MailTemplateRow } from './mail-template.entity';
import { MailTemplatesController } from './mail-templates.controller';
import { MailTemplatesService } from './mail-templates.service';
import { MailTransport } from './mail-transport';
import { Mailing } from './mailing.entity';
import { MailingsController } from './mailings.controller';
import { MailingsService } from './mailings.service';
import { OptOutService } from './opt-out.service';
import { OutboxController } from './outbox.controller';
import { OutboxService } from './outbox.service';
import { RelayStatus } from './relay-status';

/** What the mail module offers other modules (the console, the worker, the opt-out pages). */
const SERVICES = [
  MailSettings,
  MailTransport,
  MailStateReader,
  MailingsService,
  MailComposer,
  MailTemplatesService,
  OutboxService,
  OptOutService,
  RelayStatus,
  MailErasure,
];

/**
 * E-mail invitations and reminders (issue 14): templates, mailings, the outbox and its worker, opt-out. Owns
 * `mail_templates`, `mailings`, `mail_outbox`, `mail_recipients` and the `invitation_mail_status` view; reads
 * invitations and contacts through InvitationsService.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([MailTemplateRow, Mailing, MailOutboxRow, MailRecipient]),
    WavesModule,
    InvitationsModule,
    AuditModule,
  ],
  controllers: [MailingsController, MailTemplatesController, OutboxController],
  providers: [...SERVICES, Clock],
  exports: SERVICES,
})
export class MailModule {}
