import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { StaffRole } from '../auth/staff-member.entity';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { WavesService } from '../waves/waves.service';
import { deleteHeldFile } from './held-files';
import { MailException } from './mail.exception';

/**
 * Who an opt-out is audited as: the person behind the link, not a staff member (no id). The token in the
 * link is the only proof, and it can do nothing but this.
 */
export const OPT_OUT_ACTOR: Actor = { id: null, name: 'opt-out link', role: StaffRole.Analyst };

/** The recipient behind an opt-out link. */
export interface OptOutRecipient {
  invitationId: string;
  /** When the person opted out; null while they get mails. */
  optedOutAt: Date | null;
}

export interface OptOutResult extends OptOutRecipient {
  optedOutAt: Date;
  /** false: the link had been used before; nothing changed. */
  changed: boolean;
  /** Mails of the invitation that were waiting (queued, deferred, held) and are now cancelled. */
  cancelled: number;
}

/** Real tokens are 43 base64url characters (generateToken); anything else is not looked up at all. */
const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The opt-out behind `{{abmelden}}` and List-Unsubscribe: a token of `mail_recipients` (created with the first
 * queued mail) stops every further mail to that one invitation. Idempotent; reading the link changes nothing.
 */
@Injectable()
export class OptOutService {
  private readonly logger = new Logger(OptOutService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The recipient of a token; 404 MAIL_OPT_OUT_UNKNOWN for none. Changes nothing (mail scanners open links). */
  async find(token: string): Promise<OptOutRecipient> {
    return this.recipient(this.dataSource.manager, token);
  }

  /**
   * Opts the invitation out: `opted_out_at` is set once (a second time changes nothing and is not audited
   * again), and its waiting mails (queued, deferred, held) are cancelled, except one a worker holds a lease on
   * at this moment: the worker checks the opt-out after its rate wait and again in the statement that renews the lease
   * right before the send, so it is cancelled then unless it is already with the relay. The .eml files of cancelled
   * held mails are deleted after the commit.
   */
  async optOut(token: string): Promise<OptOutResult> {
    const { result, waveCode, heldFiles } = await this.dataSource.transaction(async (manager) => {
      const { invitationId } = await this.recipient(manager, token);
      const now = this.clock.now();
      const [updated]: [Array<{ opted_out_at: Date }>, number] = await manager.query(
        `UPDATE mail_recipients SET opted_out_at = $2 WHERE invitation_id = $1 AND opted_out_at IS NULL RETURNING opted_out_at`,
        [invitationId, now],
      );
      if (updated.length === 0) {
        const current = await this.recipient(manager, token);
        return {
          result: { invitationId, optedOutAt: current.optedOutAt ?? now, changed: false, cancelled: 0 },
          waveCode: null,
          heldFiles: [],
        };
      }
      // A held mail's .eml file (address, name, link) is deleted after the commit: the row forgets it here.
      const [cancelled]: [Array<{ id: string; eml_path: string | null }>, number] = await manager.query(
        `WITH waiting AS (
           SELECT id, eml_path FROM mail_outbox
            WHERE invitation_id = $1 AND status IN ('queued', 'deferred', 'held') AND (lease_until IS NULL OR lease_until <= now())
            FOR UPDATE)
         UPDATE mail_outbox o SET status = 'cancelled', last_error = 'cancelled: opted out', eml_path = NULL, updated_at = now()
           FROM waiting WHERE o.id = waiting.id
         RETURNING o.id, waiting.eml_path`,
        [invitationId],
      );
      const wave = await this.waveOf(manager, invitationId);
      await this.audit.record(
        OPT_OUT_ACTOR,
        {
          action: 'mail.opted-out',
          waveCode: wave?.code,
          surveyId: wave?.surveyId,
          details: { invitationId, cancelled: cancelled.length },
        },
        manager,
      );
      return {
        result: { invitationId, optedOutAt: updated[0].opted_out_at, changed: true, cancelled: cancelled.length },
        waveCode: wave?.code ?? null,
        heldFiles: cancelled.map((row) => ({ id: row.id, path: row.eml_path })),
      };
    });
    for (const file of heldFiles) await deleteHeldFile(file.path, file.id);
    if (result.changed) this.logger.log(`Invitation ${result.invitationId} of wave ${waveCode} opted out of mails`);
    return result;
  }

  private async recipient(manager: EntityManager, token: string): Promise<OptOutRecipient> {
    const [row]: Array<{ invitation_id: string; opted_out_at: Date | null } | undefined> = TOKEN.test(token)
      ? await manager.query('SELECT invitation_id, opted_out_at FROM mail_recipients WHERE opt_out_token = $1', [token])
      : [];
    if (row === undefined) throw new MailException(ErrorCode.MAIL_OPT_OUT_UNKNOWN, 'No such opt-out link');
    return { invitationId: row.invitation_id, optedOutAt: row.opted_out_at };
  }

  /** The wave of an invitation that was mailed: through its mailings (the mail module's own tables). */
  private async waveOf(manager: EntityManager, invitationId: string): Promise<{ code: string; surveyId: string } | null> {
    const [row]: Array<{ wave_id: string } | undefined> = await manager.query(
      `SELECT m.wave_id FROM mail_outbox o JOIN mailings m ON m.id = o.mailing_id WHERE o.invitation_id = $1 LIMIT 1`,
      [invitationId],
    );
    return row === undefined ? null : this.waves.findById(row.wave_id, manager);
  }
}
