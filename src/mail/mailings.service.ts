import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
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
import { OutboxStatus } from './mail-outbox.entity';
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

  /**
   * Who a mailing would go to, without writing anything: for the console's confirmation step ("58 Einladungen
   * gehen hinaus, 2 Einladungen haben keine E-Mail-Adresse"). Refuses exactly what `create` refuses.
   */
  async plan(waveCode: string, dto: CreateMailingDto): Promise<MailingPlan> {
    const { scheduledAt, rules } = this.requested(dto);
    const wave = await this.waves.findByCode(waveCode);
    assertMailable(wave, scheduledAt, this.clock.now());
    const { chosen, skipped } = await this.select(this.dataSource.manager, wave, dto, scheduledAt, rules);
    return { queued: chosen.length, skipped, scheduledAt, mailServerConfigured: this.settings.configured };
  }

  async create(actor: Actor, waveCode: string, dto: CreateMailingDto): Promise<CreatedMailingDto> {
    const { scheduledAt, rules } = this.requested(dto);
    const result = await this.dataSource.transaction(async (manager) => {
      const wave = await this.waves.findByCode(waveCode, manager);
      assertMailable(wave, scheduledAt, this.clock.now());
      // One mailing of a wave at a time: two clicks on "Senden" must not queue everybody twice.
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`mailings:${wave.id}`]);
      const { chosen, skipped } = await this.select(manager, wave, dto, scheduledAt, rules);
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

  /** A wave's mailings, newest first, with how many of their mails are in each state. */
  async list(waveCode: string): Promise<MailingSummary[]> {
    const wave = await this.waves.findByCode(waveCode);
    const rows: Array<{
      id: string;
      kind: MailKind;
      scheduled_at: Date;
      queued: number;
      created_at: Date;
      created_by: string | null;
      min_days_since_last: number | null;
      max_reminders: number | null;
      explicit: boolean;
      counts: Record<string, number> | null;
    }> = await this.dataSource.query(
      `SELECT m.id, m.kind, m.scheduled_at, m.queued, m.created_at, m.created_by, m.min_days_since_last, m.max_reminders,
              m.invitation_ids IS NOT NULL AS explicit,
              (SELECT jsonb_object_agg(c.status, c.count) FROM (
                 SELECT o.status, count(*)::int AS count FROM mail_outbox o WHERE o.mailing_id = m.id GROUP BY o.status) c) AS counts
         FROM mailings m
        WHERE m.wave_id = $1
        ORDER BY m.created_at DESC, m.id`,
      [wave.id],
    );
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      scheduledAt: row.scheduled_at,
      queued: row.queued,
      createdAt: row.created_at,
      createdBy: row.created_by,
      minDaysSinceLast: row.min_days_since_last,
      maxReminders: row.max_reminders,
      explicit: row.explicit,
      counts: { ...EMPTY_COUNTS, ...(row.counts ?? {}) },
    }));
  }

  private requested(dto: CreateMailingDto): { scheduledAt: Date; rules: ReminderRules } {
    return {
      scheduledAt: dto.scheduledAt === undefined ? this.clock.now() : new Date(dto.scheduledAt),
      rules: {
        minDaysSinceLast: dto.minDaysSinceLast ?? DEFAULT_REMINDER_RULES.minDaysSinceLast,
        maxReminders: dto.maxReminders ?? DEFAULT_REMINDER_RULES.maxReminders,
      },
    };
  }

  /** The invitations a mailing goes to, and why the others are left out. */
  private async select(
    manager: EntityManager,
    wave: Wave,
    dto: CreateMailingDto,
    scheduledAt: Date,
    rules: ReminderRules,
  ): Promise<{ chosen: MailRecipientInfo[]; skipped: Partial<Record<SkipReason, number>> }> {
    const recipients = await this.invitations.mailRecipients(wave.id, dto.invitationIds, manager);
    if (dto.invitationIds !== undefined && recipients.length !== new Set(dto.invitationIds).size) {
      const known = new Set(recipients.map((recipient) => recipient.id));
      const unknown = dto.invitationIds.filter((id) => !known.has(id));
      throw new MailException(ErrorCode.VALIDATION_FAILED, `Wave ${wave.code} has no invitation ${unknown.join(', ')}`, [
        { path: 'invitationIds', message: `not invitations of wave ${wave.code}: ${unknown.slice(0, 10).join(', ')}` },
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
    return { chosen, skipped };
  }
}

/** What a mailing would do (see `plan`). */
export interface MailingPlan {
  queued: number;
  skipped: Partial<Record<SkipReason, number>>;
  scheduledAt: Date;
  mailServerConfigured: boolean;
}

/** One mailing of a wave, with its mails by state. */
export interface MailingSummary {
  id: string;
  kind: MailKind;
  scheduledAt: Date;
  queued: number;
  createdAt: Date;
  createdBy: string | null;
  minDaysSinceLast: number | null;
  maxReminders: number | null;
  /** It named its invitations (rather than "everyone who qualifies"). */
  explicit: boolean;
  counts: Record<OutboxStatus, number>;
}

const EMPTY_COUNTS: Record<OutboxStatus, number> = { queued: 0, held: 0, sent: 0, deferred: 0, failed: 0, cancelled: 0 };

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
