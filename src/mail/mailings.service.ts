import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { generateToken } from '../common/tokens';
import { InvitationsService, type MailRecipientInfo } from '../invitations/invitations.service';
import { Wave, WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import {
  DEFAULT_REMINDER_RULES,
  qualifiesForInvitation,
  qualifiesForReminder,
  type Qualification,
  type ReminderRules,
} from './delivery-policy';
import type { CreatedMailingDto, CreateMailingDto } from './dto/create-mailing.dto';
import { MailException } from './mail.exception';
import { MailSettings } from './mail-settings';
import { MailStateReader, NO_MAIL_HISTORY } from './mail-state.reader';
import type { MailKind } from './mail-templates';

/** Why an invitation was left out of a mailing: the policy's reasons, and `no_link` for a contact whose link was never kept. */
export type SkipReason = Exclude<Qualification, { ok: true }>['reason'] | 'no_link';

/**
 * Mailings: a staff decision to send invitations or reminders, turned into outbox rows in the transaction that
 * records it (so a mailing is never half-written). Who gets a mail is decided here by the delivery policy and
 * checked once more by the worker just before each send.
 */
@Injectable()
export class MailingsService {
  private readonly logger = new Logger(MailingsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly history: MailStateReader,
    private readonly audit: AuditService,
    private readonly settings: MailSettings,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, waveCode: string, dto: CreateMailingDto): Promise<CreatedMailingDto> {
    const now = this.clock.now();
    const scheduledAt = dto.scheduledAt === undefined ? now : new Date(dto.scheduledAt);
    const rules: ReminderRules = {
      minDaysSinceLast: dto.minDaysSinceLast ?? DEFAULT_REMINDER_RULES.minDaysSinceLast,
      maxReminders: dto.maxReminders ?? DEFAULT_REMINDER_RULES.maxReminders,
    };
    const result = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      assertMailable(wave, scheduledAt, now);
      // One mailing of a wave at a time: two clicks on "Senden" must not queue everybody twice.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mailings:${wave.id}`]);
      const recipients = await this.invitations.mailRecipients(wave.id, dto.invitationIds, manager);
      if (dto.invitationIds !== undefined && recipients.length !== new Set(dto.invitationIds).size) {
        const known = new Set(recipients.map((recipient) => recipient.id));
        const unknown = dto.invitationIds.filter((id) => !known.has(id));
        throw new MailException(ErrorCode.VALIDATION_FAILED, `Wave ${waveCode} has no invitation ${unknown.join(', ')}`, [
          { path: 'invitationIds', message: `not invitations of wave ${waveCode}: ${unknown.slice(0, 10).join(', ')}` },
        ]);
      }
      const histories = await this.history.historyOf(
        recipients.map((recipient) => recipient.id),
        manager,
      );
      const chosen: MailRecipientInfo[] = [];
      const skipped: Partial<Record<SkipReason, number>> = {};
      for (const recipient of recipients) {
        const reason = skipReason(recipient, histories.get(recipient.id) ?? NO_MAIL_HISTORY, dto.kind, {
          explicit: dto.invitationIds !== undefined,
          at: scheduledAt,
          rules,
        });
        if (reason === null) chosen.push(recipient);
        else skipped[reason] = (skipped[reason] ?? 0) + 1;
      }
      const [{ id: mailingId }]: Array<{ id: string }> = await manager.query(
        `INSERT INTO mailings (wave_id, kind, scheduled_at, min_days_since_last, max_reminders, invitation_ids, queued, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [
          wave.id,
          dto.kind,
          scheduledAt,
          dto.kind === 'reminder' ? rules.minDaysSinceLast : null,
          dto.kind === 'reminder' ? rules.maxReminders : null,
          dto.invitationIds ?? null,
          chosen.length,
          actor.id,
        ],
      );
      if (chosen.length > 0) {
        const ids = chosen.map((recipient) => recipient.id);
        await manager.query(
          `INSERT INTO mail_recipients (invitation_id, opt_out_token)
           SELECT id, token FROM unnest($1::uuid[], $2::text[]) AS t(id, token)
           ON CONFLICT (invitation_id) DO NOTHING`,
          [ids, ids.map(() => generateToken())],
        );
        await manager.query(
          `INSERT INTO mail_outbox (mailing_id, invitation_id, kind, status, due_at, first_due_at)
           SELECT $1, id, $2, 'queued', $3, $3 FROM unnest($4::uuid[]) AS t(id)`,
          [mailingId, dto.kind, scheduledAt, ids],
        );
      }
      await this.audit.record(
        actor,
        {
          action: 'mailing.created',
          waveCode,
          surveyId: wave.surveyId,
          details: { mailingId, kind: dto.kind, queued: chosen.length, scheduledAt: scheduledAt.toISOString(), skipped },
        },
        manager,
      );
      return { mailingId, queued: chosen.length, skipped };
    });
    this.logger.log(`Mailing ${result.mailingId} (${dto.kind}) of wave ${waveCode}: ${result.queued} mails queued`);
    return { ...result, mailServerConfigured: this.settings.configured };
  }
}

/** A mailing may be sent only while the wave is open at its time: open now, or open with a window that includes the time. */
function assertMailable(wave: Wave, scheduledAt: Date, now: Date): void {
  const at = scheduledAt < now ? now : scheduledAt;
  const open =
    wave.status === WaveStatus.Open &&
    (wave.closesAt === null || wave.closesAt.getTime() > at.getTime()) &&
    // "scheduled to open before the mailing's time": the window may begin later than now, but not after the mails go out.
    (wave.opensAt === null || wave.opensAt.getTime() <= at.getTime());
  if (!open) {
    throw new MailException(
      ErrorCode.MAILING_WAVE_NOT_OPEN,
      `Wave ${wave.code} is not open at ${at.toISOString()}; mails go out only while a wave is open`,
    );
  }
}

function skipReason(
  recipient: MailRecipientInfo,
  history: typeof NO_MAIL_HISTORY,
  kind: MailKind,
  options: { explicit: boolean; at: Date; rules: ReminderRules },
): SkipReason | null {
  const state = { progress: recipient.progress, blocked: recipient.blocked, hasContact: recipient.contact !== null, ...history };
  const qualification =
    kind === 'invitation'
      ? qualifiesForInvitation(state, { explicit: options.explicit })
      : qualifiesForReminder(state, options.at, options.rules);
  if (!qualification.ok) return qualification.reason;
  return recipient.contact?.link === null ? 'no_link' : null;
}
