import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { StaffRole } from '../auth/staff-member.entity';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { formatDateTime } from '../common/german-time';
import { formatCount } from '../exports/german-format';
import { MailException } from '../mail/mail.exception';
import { MailSettings } from '../mail/mail-settings';
import type { MailKind } from '../mail/mail-templates';
import { MailingsService } from '../mail/mailings.service';
import { OutboxService } from '../mail/outbox.service';
import { WaveDto } from '../waves/dto/wave.dto';
import { WavesApiService } from '../waves/waves-api.service';
import { actorOf } from './console-request';
import type { ConsoleRequest } from './console-request';
import { ConsoleViews } from './console-views.service';
import { ConsoleController, ConsoleRoles } from './console.decorator';
import {
  DEFAULT_MAILING_FORM,
  mailingRefusalOf,
  MailingFormErrors,
  MailingFormValues,
  MAX_REMINDERS_RANGE,
  MIN_DAYS_RANGE,
  parseMailingForm,
  readMailingForm,
} from './mail-form';
import {
  ART_OF_MAIL_KIND,
  MAIL_KIND_LABELS,
  kindOfArt,
  MAIL_KIND_PLURALS,
  mailingStateLine,
  OUTBOX_STATUS_HINTS,
  OUTBOX_STATUS_LABELS,
  OUTBOX_STATUS_ORDER,
  skippedLines,
} from './mail-labels';

function kindOf(art: unknown): MailKind {
  const kind = kindOfArt(art);
  if (kind === null) throw new MailException(ErrorCode.MAIL_KIND_UNKNOWN, 'art must be "einladung" or "erinnerung"');
  return kind;
}

/**
 * The wave tab "E-Mails": whether a mail server is configured, the wave's mails by state and its mailings
 * (every staff member; no contact data), and sending invitations or reminders (admins): a form, a
 * confirmation that says who gets a mail and who does not and why (MailingsService.plan), then the mailing.
 */
@Controller('admin/wellen/:code/e-mails')
@ConsoleController()
export class MailPagesController {
  constructor(
    private readonly views: ConsoleViews,
    private readonly waves: WavesApiService,
    private readonly mailings: MailingsService,
    private readonly outbox: OutboxService,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  @Get()
  async overview(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const [{ counts }, mailings] = await Promise.all([this.outbox.list(code, { limit: 0 }), this.mailings.list(code)]);
    return this.views.page(request, response, 'mail-overview', {
      title: `E-Mails: ${wave.title}`,
      section: 'uebersicht',
      wave,
      server: this.server(),
      counts,
      total: Object.values(counts).reduce((sum, count) => sum + count, 0),
      states: OUTBOX_STATUS_ORDER.map((status) => ({ status, label: OUTBOX_STATUS_LABELS[status], hint: OUTBOX_STATUS_HINTS[status] })),
      mailings: mailings.map((mailing) => ({
        ...mailing,
        kindLabel: MAIL_KIND_LABELS[mailing.kind],
        stateLine: mailingStateLine(mailing.counts),
      })),
    });
  }

  @Get('senden')
  @ConsoleRoles(StaffRole.Admin)
  async form(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Query('art') art?: string,
  ): Promise<string> {
    return this.renderForm(request, response, await this.waves.get(code), kindOf(art), DEFAULT_MAILING_FORM, {});
  }

  /** The confirmation step: who would get a mail, who would not and why; nothing is written. */
  @Post('senden')
  @ConsoleRoles(StaffRole.Admin)
  async confirm(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string> {
    const wave = await this.waves.get(code);
    const kind = kindOf(body.art);
    const values = readMailingForm(body);
    const { dto, scheduledAt, errors } = parseMailingForm(kind, values, this.clock.now());
    if (Object.keys(errors).length > 0) return this.renderForm(request, response, wave, kind, values, errors, 422);
    try {
      const plan = await this.mailings.plan(code, dto);
      return this.views.page(request, response, 'mail-confirm', {
        title: `${MAIL_KIND_PLURALS[kind]} versenden?`,
        section: 'uebersicht',
        wave,
        kind,
        art: ART_OF_MAIL_KIND[kind],
        kindLabel: MAIL_KIND_LABELS[kind],
        kindPlural: MAIL_KIND_PLURALS[kind],
        values,
        plan,
        scheduled: scheduledAt !== null,
        skipped: skippedLines(plan.skipped),
        server: this.server(),
      });
    } catch (error) {
      const refusal = mailingRefusalOf(error);
      if (refusal === undefined) throw error;
      return this.renderForm(request, response, wave, kind, values, {}, 409, refusal);
    }
  }

  @Post('senden/bestaetigen')
  @ConsoleRoles(StaffRole.Admin)
  async send(
    @Req() request: ConsoleRequest,
    @Res({ passthrough: true }) response: Response,
    @Param('code') code: string,
    @Body() body: Record<string, unknown>,
  ): Promise<string | void> {
    const kind = kindOf(body.art);
    const values = readMailingForm(body);
    const { dto, scheduledAt, errors } = parseMailingForm(kind, values, this.clock.now());
    if (Object.keys(errors).length > 0) return this.renderForm(request, response, await this.waves.get(code), kind, values, errors, 422);
    try {
      const created = await this.mailings.create(actorOf(request), code, dto);
      return this.views.redirect(request, response, `/admin/wellen/${code}/e-mails`, this.sentMessage(kind, created.queued, scheduledAt));
    } catch (error) {
      const refusal = mailingRefusalOf(error);
      if (refusal === undefined) throw error;
      return this.renderForm(request, response, await this.waves.get(code), kind, values, {}, 409, refusal);
    }
  }

  private sentMessage(kind: MailKind, queued: number, scheduledAt: Date | null): string {
    const what = queued === 1 ? `1 ${MAIL_KIND_LABELS[kind]}` : `${formatCount(queued)} ${MAIL_KIND_PLURALS[kind]}`;
    if (queued === 0) return `Es wurde keine ${MAIL_KIND_LABELS[kind]} vorgemerkt: niemand erfüllt (mehr) die Bedingungen.`;
    const when = scheduledAt === null ? '' : ` für ${formatDateTime(scheduledAt)}`;
    return this.settings.configured
      ? `${what} ${queued === 1 ? 'ist' : 'sind'}${when} zum Versand vorgemerkt. Den Stand sehen Sie im Postausgang.`
      : `${what} ${queued === 1 ? 'ist' : 'sind'}${when} vorgemerkt. Es ist kein Mailserver eingerichtet: sie werden nicht versandt, sondern zurückgehalten.`;
  }

  /** What the pages say about the mail server (the sender address only to admins: analysts see no e-mail addresses). */
  private server(): { configured: boolean; relayHost: string | null; from: string; ratePerMinute: number } {
    return {
      configured: this.settings.configured,
      relayHost: this.settings.relayHost,
      from: this.settings.from,
      ratePerMinute: this.settings.ratePerMinute,
    };
  }

  private renderForm(
    request: ConsoleRequest,
    response: Response,
    wave: WaveDto,
    kind: MailKind,
    values: MailingFormValues,
    errors: MailingFormErrors,
    status = 200,
    refusal?: string,
  ): Promise<string> {
    return this.views.page(
      request,
      response,
      'mail-send',
      {
        title: kind === 'invitation' ? 'Einladungen versenden' : 'Erinnerung versenden',
        section: 'uebersicht',
        wave,
        kind,
        art: ART_OF_MAIL_KIND[kind],
        values,
        errors,
        errorCount: Object.keys(errors).length,
        refusal: refusal ?? null,
        server: this.server(),
        minDays: MIN_DAYS_RANGE,
        maxReminders: MAX_REMINDERS_RANGE,
      },
      status,
    );
  }
}
