import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { deleteHeldFile } from './held-files';

/** A held mail's .eml file, to delete once the transaction that forgot its row has committed. */
export interface HeldMailFile {
  id: string;
  path: string | null;
}

/** One mail to a person as stored, for an access request (Art. 15): never its text (it is not stored). */
export interface MailRecord {
  kind: string;
  status: string;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
  createdAt: string;
}

export interface OptOutRecord {
  optedOutAt: string | null;
}

/**
 * The mail module's part of data protection (issue 16). Mails hold personal data in three places: the outbox rows of
 * an invitation (with the relay's replies, which often quote the address), its opt-out token in `mail_recipients`,
 * and a held mail's .eml file (address, name, personal link) under DATA_DIR/mail.
 */
@Injectable()
export class MailErasure {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Deletes every mail record of one invitation inside the caller's transaction: its outbox rows (also one in
   * flight: the relay may still get that one mail, but nothing is recorded of it) and its opt-out token. The held
   * files are returned, to delete after the commit (`deleteHeldFiles`).
   */
  async forgetInvitation(manager: EntityManager, invitationId: string): Promise<{ mails: number; heldFiles: HeldMailFile[] }> {
    // Opt-out token first, then the outbox: the order in which an opt-out takes them (no deadlock between the two).
    await manager.query('DELETE FROM mail_recipients WHERE invitation_id = $1', [invitationId]);
    const removed: Array<{ id: string; eml_path: string | null }> = (
      await manager.query<[Array<{ id: string; eml_path: string | null }>, number]>(
        'DELETE FROM mail_outbox WHERE invitation_id = $1 RETURNING id, eml_path',
        [invitationId],
      )
    )[0];
    return { mails: removed.length, heldFiles: removed.map((row) => ({ id: row.id, path: row.eml_path })) };
  }

  /**
   * Forgets what the mails of a wave know about its people inside the caller's transaction (contact retention):
   * waiting mails (queued, deferred, held; not one in flight) are cancelled, the relay's replies lose the addresses
   * they quote, the opt-out tokens go. The mail history (which mail, when, which state) stays, without addresses.
   */
  async forgetWave(manager: EntityManager, waveId: string): Promise<{ cancelled: number; heldFiles: HeldMailFile[] }> {
    const [cancelled]: [Array<{ id: string; eml_path: string | null }>, number] = await manager.query(
      `WITH waiting AS (
         SELECT o.id, o.eml_path FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id
          WHERE m.wave_id = $1 AND o.status IN ('queued', 'deferred', 'held') AND (o.lease_until IS NULL OR o.lease_until <= now())
          FOR UPDATE OF o)
       UPDATE mail_outbox o SET status = 'cancelled', last_error = 'cancelled: contact data deleted', eml_path = NULL, updated_at = now()
         FROM waiting WHERE o.id = waiting.id
       RETURNING o.id, waiting.eml_path`,
      [waveId],
    );
    await manager.query(
      `UPDATE mail_outbox o SET last_error = regexp_replace(o.last_error, $2, 'Adresse', 'g')
         FROM mailings m
        WHERE m.id = o.mailing_id AND m.wave_id = $1 AND o.last_error ~ $2`,
      [waveId, ADDRESS_PATTERN],
    );
    await manager.query(
      `DELETE FROM mail_recipients r
        WHERE r.invitation_id IN (SELECT o.invitation_id FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id WHERE m.wave_id = $1)`,
      [waveId],
    );
    return { cancelled: cancelled.length, heldFiles: cancelled.map((row) => ({ id: row.id, path: row.eml_path })) };
  }

  /** The mails of one invitation and its opt-out, for an access request. */
  async historyOf(
    invitationId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ mails: MailRecord[]; optOut: OptOutRecord | null }> {
    const rows: Array<{
      kind: string;
      status: string;
      attempts: number;
      last_error: string | null;
      message_id: string | null;
      sent_at: Date | null;
      created_at: Date;
    }> = await manager.query(
      `SELECT kind, status, attempts, last_error, message_id, sent_at, created_at FROM mail_outbox WHERE invitation_id = $1 ORDER BY created_at, id`,
      [invitationId],
    );
    const [recipient]: Array<{ opted_out_at: Date | null }> = await manager.query(
      'SELECT opted_out_at FROM mail_recipients WHERE invitation_id = $1',
      [invitationId],
    );
    return {
      mails: rows.map((row) => ({
        kind: row.kind,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        messageId: row.message_id,
        sentAt: row.sent_at?.toISOString() ?? null,
        createdAt: row.created_at.toISOString(),
      })),
      optOut: recipient === undefined ? null : { optedOutAt: recipient.opted_out_at?.toISOString() ?? null },
    };
  }

  /** Deletes the .eml files of held mails whose rows were forgotten (after the commit). */
  async deleteHeldFiles(files: readonly HeldMailFile[]): Promise<void> {
    for (const file of files) await deleteHeldFile(file.path, file.id);
  }
}

/** An e-mail address in a relay's reply (PostgreSQL regex; the same shape as src/common/without-addresses.ts). */
const ADDRESS_PATTERN = `[^][[:space:]<>()"',;:]+@[^][[:space:]<>()"',;:]+`;
