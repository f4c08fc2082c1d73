import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** What the mail tables say about one invitation: the mail half of `InvitationMailState`. */
export interface MailHistory {
  optedOut: boolean;
  /** The latest mail (cancelled ones aside) was refused or given up. */
  mailFailed: boolean;
  /** When a relay last accepted a mail to it. */
  lastMailAt: Date | null;
  /** Reminders accepted. */
  reminders: number;
  /** A mail to it is queued, deferred or held. */
  mailPending: boolean;
}

export const NO_MAIL_HISTORY: MailHistory = { optedOut: false, mailFailed: false, lastMailAt: null, reminders: 0, mailPending: false };

/** Reads the mail history of invitations from `mail_outbox` and `mail_recipients` (one query for any number). */
@Injectable()
export class MailStateReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async historyOf(invitationIds: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, MailHistory>> {
    if (invitationIds.length === 0) return new Map();
    const rows: Array<{
      invitation_id: string;
      opted_out: boolean;
      latest_status: string | null;
      last_sent_at: Date | null;
      reminders: number;
      pending: boolean;
    }> = await manager.query(
      `SELECT ids.id AS invitation_id,
              r.opted_out_at IS NOT NULL AS opted_out,
              (SELECT o.status FROM mail_outbox o
                WHERE o.invitation_id = ids.id AND o.status <> 'cancelled'
                ORDER BY o.created_at DESC, o.id DESC LIMIT 1) AS latest_status,
              (SELECT max(o.sent_at) FROM mail_outbox o WHERE o.invitation_id = ids.id AND o.status = 'sent') AS last_sent_at,
              (SELECT count(*)::int FROM mail_outbox o
                WHERE o.invitation_id = ids.id AND o.status = 'sent' AND o.kind = 'reminder') AS reminders,
              EXISTS (SELECT 1 FROM mail_outbox o
                WHERE o.invitation_id = ids.id AND o.status IN ('queued', 'deferred', 'held')) AS pending
         FROM unnest($1::uuid[]) AS ids(id)
         LEFT JOIN mail_recipients r ON r.invitation_id = ids.id`,
      [invitationIds],
    );
    return new Map(
      rows.map((row) => [
        row.invitation_id,
        {
          optedOut: row.opted_out,
          mailFailed: row.latest_status === 'failed',
          lastMailAt: row.last_sent_at,
          reminders: row.reminders,
          mailPending: row.pending,
        },
      ]),
    );
  }
}
