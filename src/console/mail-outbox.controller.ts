import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { ErrorCode } from '../common/error-code';
import { formatCount } from '../exports/german-format';
import { InvitationsService } from '../invitations/invitations.service';
import { MailException } from '../mail/mail.exception';
import { OutboxStatus } from '../mail/mail-outbox.entity';
import { MailSettings } from '../mail/mail-settings';
import { OutboxService } from '../mail/outbox.service';
import { WavesApiService } from '../waves/waves-api.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import {
  invitationName,
  MAIL_KIND_LABELS,
  mailNote,
  OUTBOX_STATUS_HINTS,
  OUTBOX_STATUS_LABELS,
  OUTBOX_STATUS_ORDER,
  outboxTime,
} from './mail-labels';

/** Mails per page of the outbox. */
const PAGE_SIZE = 100;

const isStatus = (value: unknown): value is OutboxStatus => (Object.values(OutboxStatus) as unknown[]).includes(value);

/**
 * "Postausgang" of a wave: every mail with its state, attempts and the relay's last reply (a bounce staff need
 * to see), filtered by state, 100 a page; admins see the contact's name, analysts the label and no address
 * (addresses in a relay's reply are masked for them). Admins send held mails once a relay is configured.
 */
@Controller('admin/wellen/:code/e-mails/ausgang')
@ConsoleController()
export class MailOutboxPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
    private readonly outbox: OutboxService,
    private readonly invitations: InvitationsService,
    private readonly settings: MailSettings,
  ) {}

  @Get()
  async list(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Query('status') status?: string,
    @Query('seite') seite?: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const filter = isStatus(status) ? status : null;
    const page = /^[1-9]\d{0,6}$/.test(seite ?? '') ? Number(seite) : 1;
    const { total, counts, entries } = await this.outbox.list(code, {
      statuses: filter === null ? undefined : [filter],
      offset: (page - 1) * PAGE_SIZE,
      limit: PAGE_SIZE,
    });
    const admin = actorOf(request).role === StaffRole.Admin;
    const ids = [...new Set(entries.map((entry) => entry.invitationId))];
    const [labels, names] = await Promise.all([
      this.invitations.labels(ids),
      admin
        ? this.invitations.contactNames(actorOf(request), code, ids, 'mail-outbox')
        : Promise.resolve(new Map<string, { name: string; organisation: string | null }>()),
    ]);
    return this.views.page(request, response, 'mail-outbox', {
      title: `Postausgang: ${wave.title}`,
      section: 'uebersicht',
      wave,
      filter,
      counts,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      first: total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1,
      states: OUTBOX_STATUS_ORDER.map((value) => ({ value, label: OUTBOX_STATUS_LABELS[value], hint: OUTBOX_STATUS_HINTS[value] })),
      rows: entries.map((entry) => ({
        id: entry.id,
        invitationId: entry.invitationId,
        name: invitationName(
          { id: entry.invitationId, label: labels.get(entry.invitationId) ?? null },
          names.get(entry.invitationId)?.name,
        ),
        organisation: names.get(entry.invitationId)?.organisation ?? null,
        kind: MAIL_KIND_LABELS[entry.kind],
        status: entry.status,
        statusLabel: OUTBOX_STATUS_LABELS[entry.status],
        attempts: entry.attempts,
        note: entry.lastError === null ? null : mailNote(entry.lastError, admin),
        time: outboxTime(entry),
      })),
      configured: this.settings.configured,
      relayHost: this.settings.relayHost,
    });
  }

  @Get('freigeben')
  @ConsoleRoles(StaffRole.Admin)
  async confirmRelease(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    this.assertConfigured();
    const wave = await this.waves.get(code);
    const { counts } = await this.outbox.list(code, { limit: 0 });
    return this.views.page(request, response, 'mail-release', {
      title: 'Zurückgehaltene E-Mails senden?',
      section: 'uebersicht',
      wave,
      held: counts.held,
      relayHost: this.settings.relayHost,
      ratePerMinute: this.settings.ratePerMinute,
    });
  }

  @Post('freigeben')
  @ConsoleRoles(StaffRole.Admin)
  async release(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<void> {
    const { released } = await this.outbox.releaseHeld(actorOf(request), code);
    const message =
      released === 0
        ? 'Es gab keine zurückgehaltenen E-Mails.'
        : `${released === 1 ? '1 zurückgehaltene E-Mail wird' : `${formatCount(released)} zurückgehaltene E-Mails werden`} jetzt über ${this.settings.relayHost ?? 'den Mailserver'} versandt.`;
    return this.views.redirect(request, response, `/admin/wellen/${code}/e-mails/ausgang`, message);
  }

  private assertConfigured(): void {
    if (!this.settings.configured) {
      throw new MailException(ErrorCode.MAIL_NOT_CONFIGURED, 'No mail server is configured (SMTP_URL); held mails stay held');
    }
  }
}
