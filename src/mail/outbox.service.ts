import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { WavesService } from '../waves/waves.service';
import { MailException } from './mail.exception';
import { OutboxStatus } from './mail-outbox.entity';
import { MailSettings } from './mail-settings';
import type { MailKind } from './mail-templates';

/** One mail of a wave's outbox as staff see it (no address, no content: those are contact data). */
export interface OutboxEntry {
  id: string;
  mailingId: string;
  invitationId: string;
  kind: MailKind;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  dueAt: Date;
  sentAt: Date | null;
  createdAt: Date;
}

/** How many mails of a wave are in each state. */
export type OutboxCounts = Record<OutboxStatus, number>;

/** The outbox as staff see it, and the one thing they do with it by hand: send held mails once a relay is configured. */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly audit: AuditService,
    private readonly settings: MailSettings,
  ) {}

  /** One page of a wave's mails, newest first, optionally only those in some states. */
  async list(
    waveCode: string,
    options: { statuses?: readonly OutboxStatus[]; offset?: number; limit?: number } = {},
  ): Promise<{ total: number; counts: OutboxCounts; entries: OutboxEntry[] }> {
    const wave = await this.waves.findByCode(waveCode);
    const statuses = options.statuses ?? Object.values(OutboxStatus);
    const [rows, countRows] = await Promise.all([
      this.dataSource.query<OutboxEntryRow[]>(
        `SELECT o.id, o.mailing_id, o.invitation_id, o.kind, o.status, o.attempts, o.last_error, o.due_at, o.sent_at, o.created_at
           FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id
          WHERE m.wave_id = $1 AND o.status = ANY($2::text[])
          ORDER BY o.created_at DESC, o.id
          OFFSET $3 LIMIT $4`,
        [wave.id, statuses, options.offset ?? 0, options.limit ?? 100],
      ),
      this.dataSource.query<Array<{ status: OutboxStatus; count: number }>>(
        `SELECT o.status, count(*)::int AS count FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id
          WHERE m.wave_id = $1 GROUP BY o.status`,
        [wave.id],
      ),
    ]);
    const counts = Object.fromEntries(Object.values(OutboxStatus).map((status) => [status, 0])) as OutboxCounts;
    for (const row of countRows) counts[row.status] = row.count;
    const total = statuses.reduce((sum, status) => sum + counts[status], 0);
    return { total, counts, entries: rows.map(toEntry) };
  }

  /**
   * Held mails of a wave (kept as files while no relay was configured) go out now: they are queued again and the
   * worker sends them like any other (rendered anew, with the same Message-ID). Only with SMTP_URL set.
   */
  async releaseHeld(actor: Actor, waveCode: string): Promise<{ released: number }> {
    if (!this.settings.configured) {
      throw new MailException(ErrorCode.MAIL_NOT_CONFIGURED, 'No mail server is configured (SMTP_URL); held mails stay held');
    }
    const wave = await this.waves.findByCode(waveCode);
    const released = await this.dataSource.transaction(async (manager) => {
      // An UPDATE … RETURNING answers [rows, count].
      const [rows]: [Array<{ id: string }>, number] = await manager.query(
        `UPDATE mail_outbox o SET status = 'queued', due_at = now(), first_due_at = now(), attempts = 0, last_error = NULL,
                lease_until = NULL, leased_by = NULL, updated_at = now()
           FROM mailings m
          WHERE m.id = o.mailing_id AND m.wave_id = $1 AND o.status = 'held'
          RETURNING o.id`,
        [wave.id],
      );
      await this.audit.record(
        actor,
        { action: 'mail.held-released', waveCode, surveyId: wave.surveyId, details: { count: rows.length } },
        manager,
      );
      return rows.length;
    });
    this.logger.log(`${released} held mails of wave ${waveCode} queued for ${this.settings.relayHost}`);
    return { released };
  }
}

interface OutboxEntryRow {
  id: string;
  mailing_id: string;
  invitation_id: string;
  kind: MailKind;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  due_at: Date;
  sent_at: Date | null;
  created_at: Date;
}

function toEntry(row: OutboxEntryRow): OutboxEntry {
  return {
    id: row.id,
    mailingId: row.mailing_id,
    invitationId: row.invitation_id,
    kind: row.kind,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    dueAt: row.due_at,
    sentAt: row.sent_at,
    createdAt: row.created_at,
  };
}
