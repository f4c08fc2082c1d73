import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { generateToken } from '../common/tokens';
import { InvitationsService } from '../invitations/invitations.service';
import { WavesService } from '../waves/waves.service';
import { afterAttempt, smtpErrorText } from './delivery-policy';
import { MailComposer } from './mail-composer';
import { RateLimiter } from './mail-rate';
import { MailSettings } from './mail-settings';
import type { MailKind } from './mail-templates';
import { MailTemplatesService } from './mail-templates.service';
import { MailTransport } from './mail-transport';
import {
  cancelReason,
  claimBatchSize,
  deadLocalHolders,
  instanceIdFor,
  isRelayProblem,
  relayPauseMs,
  type RelayError,
} from './outbox-worker-rules';
import { deleteHeldFile } from './held-files';
import { RelayStatus } from './relay-status';

/** How long a claim holds a row; renewed just before each send and every LEASE_MS/3 while the relay has the mail. */
export const LEASE_MS = 2 * 60_000;
/** How often an idle worker looks for due mails (a new mailing starts going out within this time). */
export const POLL_MS = 2_000;

/** What one round or one drain did, by outcome. */
export interface WorkerCounts {
  claimed: number;
  sent: number;
  held: number;
  deferred: number;
  failed: number;
  cancelled: number;
  /** Claimed but put back unsent: shutdown, a relay problem, or the lease went to another instance. */
  released: number;
}

type Outcome = Exclude<keyof WorkerCounts, 'claimed'>;

interface ClaimedRow {
  id: string;
  invitation_id: string;
  kind: MailKind;
  attempts: number;
  first_due_at: Date;
  wave_id: string;
  /** The .eml file of a mail that was held and then released: deleted once the row is sent or cancelled. */
  eml_path: string | null;
}

const noCounts = (): WorkerCounts => ({ claimed: 0, sent: 0, held: 0, deferred: 0, failed: 0, cancelled: 0, released: 0 });

/** Thrown inside a round when the relay itself failed (credentials, unreachable): the rest of the batch is put back. */
class RelayPause extends Error {}

/**
 * The outbox worker of this process: claims due mails (FOR UPDATE SKIP LOCKED and a lease, so instances on one
 * database never take the same row), checks each one again, waits for MAIL_RATE_PER_MINUTE, sends it and records
 * the outcome. One mail at a time: at most one mail is ever in flight per process.
 *
 * Delivery guarantee: `sent` is written by ONE statement right after the relay's 250; a crash between the two
 * resends that one mail (with the same Message-ID) once its lease ran out. Nothing else sits in that window.
 *
 * Runs in the HTTP service only (MailWorkerModule is imported by AppModule, not by the CLI): it polls every
 * POLL_MS and sends until nothing is due. Tests call `drain()` / `runOnce()` instead of waiting for the timer.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  /** `leased_by` of the rows this process claims. */
  readonly instanceId: string;
  /** How long a claim holds a row (LEASE_MS; tests shorten it with `useLease`). */
  private leaseMs = LEASE_MS;
  batchSize: number;
  private readonly limiter: RateLimiter;
  private timer: NodeJS.Timeout | undefined;
  /** The background loop is not running (tests call `drain()` themselves). */
  private stopping = true;
  /** The application is shutting down: no new round, the round in progress stops after its mail in flight. */
  private closing = false;
  /** Rounds run one after another (timer and explicit calls alike). */
  private chain: Promise<unknown> = Promise.resolve();
  private interrupt: (() => void) | undefined;
  private relayProblems = 0;
  private pausedUntil = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly templates: MailTemplatesService,
    private readonly composer: MailComposer,
    private readonly transport: MailTransport,
    private readonly settings: MailSettings,
    private readonly relayStatus: RelayStatus,
    private readonly clock: Clock,
  ) {
    this.instanceId = instanceIdFor(hostname(), machineKey(), process.pid, randomBytes(6).toString('hex'));
    this.batchSize = claimBatchSize(settings.ratePerMinute, LEASE_MS);
    // Real time, not the injectable clock: the limiter spaces real sends.
    this.limiter = new RateLimiter(settings.ratePerMinute, { now: () => new Date() });
  }

  /** Tests only: a shorter lease (and the batch size that fits it), to show what happens when a send outlasts it. */
  useLease(leaseMs: number): void {
    this.leaseMs = leaseMs;
    this.batchSize = claimBatchSize(this.settings.ratePerMinute, leaseMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.releaseDeadLocalLeases().catch((error: Error) =>
      this.logger.warn(`Releasing leases of stopped processes failed: ${error.message}`),
    );
    this.start();
  }

  /** Stops claiming, lets the mail in flight finish and puts the other claimed mails back (before the database closes). */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.stop();
  }

  /** Starts the background loop (first look after POLL_MS). */
  start(): void {
    if (!this.stopping) return;
    this.stopping = false;
    this.schedule(POLL_MS);
  }

  /** Stops the background loop; resolves once the round in progress ended (its unsent mails released). */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.interrupt?.();
    await this.chain;
  }

  /** Sends until nothing is due (or the worker stops, or the relay fails); the counts of all rounds. */
  async drain(): Promise<WorkerCounts> {
    const total = noCounts();
    for (;;) {
      const round = await this.runOnce();
      for (const key of Object.keys(total) as Array<keyof WorkerCounts>) total[key] += round[key];
      if (round.claimed === 0 || round.released > 0) return total;
    }
  }

  /** One round: claim up to `batchSize` due mails and deal with each. Runs after any round in progress. */
  runOnce(): Promise<WorkerCounts> {
    const run = this.chain.then(() => this.round());
    this.chain = run.catch(() => undefined);
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopping) return;
    this.timer = setTimeout(() => void this.tick(), delayMs);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.drain();
    } catch (error) {
      this.logger.error(`Outbox round failed: ${(error as Error).message}`);
    }
    this.schedule(Math.max(POLL_MS, this.pausedUntil - Date.now()));
  }

  private async round(): Promise<WorkerCounts> {
    const counts = noCounts();
    if (this.closing || Date.now() < this.pausedUntil) return counts;
    const rows = await this.claim();
    counts.claimed = rows.length;
    const left = [...rows];
    try {
      while (left.length > 0) {
        if (this.closing) break;
        const row = left[0];
        const outcome = await this.deliver(row).catch((error: Error) => {
          if (error instanceof RelayPause) throw error;
          // Unexpected (database, a template that cannot render): the row keeps its lease and is tried again when it ran out.
          this.logger.error(`Outbox mail ${row.id}: ${error.message}`);
          return 'released' as const;
        });
        left.shift();
        counts[outcome] += 1;
      }
    } catch (error) {
      if (!(error instanceof RelayPause)) throw error;
      left.shift();
      counts.released += 1;
    } finally {
      if (left.length > 0) {
        await this.release(left.map((row) => row.id));
        counts.released += left.length;
      }
    }
    return counts;
  }

  /** Claims due mails for this process: FOR UPDATE SKIP LOCKED, so two instances never claim the same row. */
  private async claim(): Promise<ClaimedRow[]> {
    return this.updated<ClaimedRow>(
      `UPDATE mail_outbox o SET lease_until = now() + $3 * interval '1 millisecond', leased_by = $2, updated_at = now()
         FROM mailings m
        WHERE m.id = o.mailing_id
          AND o.id IN (SELECT id FROM mail_outbox
                        WHERE status IN ('queued', 'deferred') AND due_at <= $4
                          AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY due_at, id
                        LIMIT $1
                        FOR UPDATE SKIP LOCKED)
        RETURNING o.id, o.invitation_id, o.kind, o.attempts, o.first_due_at, m.wave_id, o.eml_path`,
      [this.batchSize, this.instanceId, this.leaseMs, this.clock.now()],
    );
  }

  /**
   * Waits for MAIL_RATE_PER_MINUTE, THEN checks the claimed mail again (an opt-out, completion or block during the
   * wait cancels it), then sends (or holds) it and records what became of it.
   */
  private async deliver(row: ClaimedRow): Promise<Outcome> {
    if (this.settings.configured && !(await this.waitForRate())) return this.putBack(row);
    const wave = await this.waves.findById(row.wave_id);
    const [recipient] = wave === null ? [] : await this.invitations.mailRecipients(wave.id, [row.invitation_id]);
    const optOut = await this.optOutOf(row);
    // The mail was erased with its person meanwhile (issue 16): nothing of it is left to finish.
    if (optOut === null) return 'released';
    const reason = cancelReason({
      wave: wave ?? { status: 'deleted', closesAt: null },
      now: this.clock.now(),
      invitation:
        recipient === undefined
          ? null
          : {
              progress: recipient.progress,
              blocked: recipient.blocked,
              email: recipient.contact?.email ?? null,
              link: recipient.contact?.link ?? null,
            },
      optedOut: optOut.optedOut,
    });
    const contact = recipient?.contact;
    if (reason !== null || wave === null || !contact?.link) {
      await this.finish(row, `status = 'cancelled', last_error = $3`, [`cancelled: ${reason ?? 'no contact'}`]);
      await this.forgetHeldFile(row);
      return 'cancelled';
    }
    const template = await this.templates.templateFor(wave.id, row.kind);
    const mail = this.composer.compose({
      template,
      closesAt: wave.closesAt,
      to: contact.email,
      name: contact.name,
      salutation: contact.salutation,
      link: contact.link,
      optOutToken: optOut.token,
      outboxId: row.id,
    });
    // Still ours? (Its lease may have run out and another instance taken it.) Renew the lease for the send and store the
    // Message-ID, in one statement with the opt-out check: an opt-out that committed after the check above cancels it
    // here. (Completion and blocks are the invitations module's tables: checked above, milliseconds before.)
    const owned = await this.updated<{ id: string }>(
      `UPDATE mail_outbox o SET lease_until = now() + $3 * interval '1 millisecond', message_id = $4, updated_at = now()
        WHERE o.id = $1 AND o.leased_by = $2 AND o.status IN ('queued', 'deferred')
          AND NOT EXISTS (SELECT 1 FROM mail_recipients r WHERE r.invitation_id = o.invitation_id AND r.opted_out_at IS NOT NULL)
        RETURNING o.id`,
      [row.id, this.instanceId, this.leaseMs, mail.messageId],
    );
    if (owned.length === 0) {
      // Either no longer ours (nothing to do) or opted out just now: only then does this UPDATE find the row.
      const cancelled = await this.updated<{ id: string }>(
        `UPDATE mail_outbox SET status = 'cancelled', last_error = 'cancelled: opted out', lease_until = NULL, updated_at = now()
          WHERE id = $1 AND leased_by = $2 AND status IN ('queued', 'deferred') RETURNING id`,
        [row.id, this.instanceId],
      );
      if (cancelled.length === 0) return 'released';
      await this.forgetHeldFile(row);
      return 'cancelled';
    }
    let result;
    const renewal = this.renewWhileSending(row);
    try {
      result = await this.transport.send(mail, row.id);
    } catch (error) {
      await renewal.stop();
      return this.failedAttempt(row, error as RelayError);
    }
    await renewal.stop();
    if (result.held) {
      const [, kept] = await this.dataSource.query<[unknown[], number]>(
        `UPDATE mail_outbox SET status = 'held', eml_path = $3, lease_until = NULL, updated_at = now() WHERE id = $1 AND leased_by = $2`,
        [row.id, this.instanceId, result.path],
      );
      // No row any more (its person was erased while the file was written): the file, with address and link, goes too.
      if (kept === 0) await deleteHeldFile(result.path, row.id);
      return kept === 0 ? 'released' : 'held';
    }
    // THE duplicate window: the relay accepted the mail; until this one statement commits, a crash sends it again.
    // sent_at comes from the service's clock, like due times and the reminder rules that compare with it.
    const [, recorded] = await this.dataSource.query<[unknown[], number]>(
      `UPDATE mail_outbox SET status = 'sent', sent_at = $3, eml_path = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND leased_by = $2`,
      [row.id, this.instanceId, this.clock.now()],
    );
    if (recorded === 0) {
      // The row was no longer ours when the relay accepted (the lease ran out in spite of the renewals, e.g. the database
      // was unreachable meanwhile): another instance may send it again. Not counted as sent by this worker.
      this.logger.error(`Outbox mail ${row.id}: the relay accepted it, but the row was no longer leased by this worker`);
      return 'released';
    }
    await this.forgetHeldFile(row);
    this.relayProblems = 0;
    this.relayStatus.problem = null;
    return 'sent';
  }

  /** A refused or failed attempt: deferred with back-off, failed (bounce), or, for a relay problem, put back and the worker paused. */
  private async failedAttempt(row: ClaimedRow, error: RelayError): Promise<Outcome> {
    if (isRelayProblem(error)) {
      const text = smtpErrorText(error);
      this.relayProblems += 1;
      const pause = relayPauseMs(this.relayProblems);
      this.pausedUntil = Date.now() + pause;
      this.relayStatus.problem = { error: text, at: new Date(), retryAt: new Date(this.pausedUntil) };
      this.logger.error(`Mail relay ${this.settings.relayHost}: ${text}; sending paused for ${Math.round(pause / 1000)} s`);
      // The mail stays queued (not an attempt: nothing is known about the address); staff see why in lastError.
      await this.finish(row, `last_error = $3, leased_by = NULL`, [`relay: ${text}`]);
      throw new RelayPause(text);
    }
    this.relayProblems = 0;
    this.relayStatus.problem = null;
    const attempts = row.attempts + 1;
    const next = afterAttempt(error, attempts, row.first_due_at, this.clock.now());
    if (next.status === 'deferred') {
      await this.finish(row, `status = 'deferred', attempts = $3, due_at = $4, last_error = $5`, [
        attempts,
        next.nextAttemptAt,
        next.lastError,
      ]);
      return 'deferred';
    }
    await this.finish(row, `status = 'failed', attempts = $3, last_error = $4`, [attempts, next.status === 'failed' ? next.lastError : '']);
    await this.forgetHeldFile(row);
    return 'failed';
  }

  /**
   * Renews the lease every leaseMs/3 while the relay has the mail (a slow relay may take minutes to answer DATA), so
   * no other instance claims the row meanwhile. `stop()` ends the renewals and waits for one in progress.
   */
  private renewWhileSending(row: ClaimedRow): { stop(): Promise<void> } {
    let pending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      pending = this.dataSource
        .query(
          `UPDATE mail_outbox SET lease_until = now() + $3 * interval '1 millisecond'
            WHERE id = $1 AND leased_by = $2 AND status IN ('queued', 'deferred')`,
          [row.id, this.instanceId, this.leaseMs],
        )
        .catch((error: Error) => this.logger.warn(`Renewing the lease of outbox mail ${row.id}: ${error.message}`));
    }, this.leaseMs / 3);
    timer.unref();
    return {
      stop: async () => {
        clearInterval(timer);
        await pending;
      },
    };
  }

  /** A released held mail was sent, cancelled or failed: its .eml file (address, name, link) goes, and the row forgets it. */
  private async forgetHeldFile(row: ClaimedRow): Promise<void> {
    if (row.eml_path === null) return;
    await this.dataSource.query(`UPDATE mail_outbox SET eml_path = NULL WHERE id = $1 AND status IN ('sent', 'cancelled', 'failed')`, [
      row.id,
    ]);
    await deleteHeldFile(row.eml_path, row.id);
  }

  /** The rows an UPDATE … RETURNING changed (TypeORM answers an UPDATE with [rows, count]). */
  private async updated<T>(sql: string, parameters: unknown[]): Promise<T[]> {
    const [rows] = await this.dataSource.query<[T[], number]>(sql, parameters);
    return rows;
  }

  /** Sets the row's outcome and ends the lease, if the row is still this worker's. */
  private async finish(row: ClaimedRow, assignments: string, values: unknown[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET ${assignments}, lease_until = NULL, updated_at = now() WHERE id = $1 AND leased_by = $2`,
      [row.id, this.instanceId, ...values],
    );
  }

  private async putBack(row: ClaimedRow): Promise<Outcome> {
    await this.release([row.id]);
    return 'released';
  }

  /** Ends this worker's leases of unsent mails: another round (or instance) takes them at once. */
  private async release(ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE mail_outbox SET lease_until = NULL, leased_by = NULL, updated_at = now()
        WHERE id = ANY($1::uuid[]) AND leased_by = $2 AND status IN ('queued', 'deferred')`,
      [ids, this.instanceId],
    );
  }

  /**
   * The invitation's opt-out token (made now if the mailing did not make one) and whether it opted out; null when the
   * mail's row is gone (its person was erased). Made only while the row exists, locked FOR SHARE: an erasure deleting it
   * meanwhile makes this wait and then find nothing, so no token is made for an erased person.
   */
  private async optOutOf(row: ClaimedRow): Promise<{ token: string; optedOut: boolean } | null> {
    const [recipient] = await this.dataSource.query<Array<{ opt_out_token: string; opted_out: boolean }>>(
      `INSERT INTO mail_recipients (invitation_id, opt_out_token)
       SELECT o.invitation_id, $2 FROM mail_outbox o WHERE o.id = $1 FOR SHARE OF o
       ON CONFLICT (invitation_id) DO UPDATE SET opt_out_token = mail_recipients.opt_out_token
       RETURNING opt_out_token, opted_out_at IS NOT NULL AS opted_out`,
      [row.id, generateToken()],
    );
    return recipient === undefined ? null : { token: recipient.opt_out_token, optedOut: recipient.opted_out };
  }

  /** Waits until MAIL_RATE_PER_MINUTE allows the next send and takes it; false when the worker stopped meanwhile. */
  private async waitForRate(): Promise<boolean> {
    for (;;) {
      if (this.limiter.take()) return true;
      await this.sleep(this.limiter.waitMs());
      if (this.closing) return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.interrupt = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.interrupt = done;
    });
  }

  /** At start-up: leases held by processes of this machine that are gone (kill -9, crash) end now instead of after LEASE_MS. */
  private async releaseDeadLocalLeases(): Promise<void> {
    const holders = await this.dataSource.query<Array<{ leased_by: string }>>(
      `SELECT DISTINCT leased_by FROM mail_outbox WHERE status IN ('queued', 'deferred') AND lease_until > now() AND leased_by IS NOT NULL`,
    );
    const dead = deadLocalHolders(
      holders.map((holder) => holder.leased_by),
      this.instanceId,
      isRunning,
    );
    if (dead.length === 0) return;
    const released = await this.updated<{ id: string }>(
      `UPDATE mail_outbox SET lease_until = NULL, leased_by = NULL, updated_at = now()
        WHERE leased_by = ANY($1::text[]) AND status IN ('queued', 'deferred') RETURNING id`,
      [dead],
    );
    this.logger.log(`${released.length} mails claimed by a stopped process of this machine are free again`);
  }
}

/** This machine (and container): a short hash of the process namespace, so hosts of one name are told apart. */
function machineKey(): string {
  let namespace = '';
  try {
    namespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux: the host name alone.
  }
  return createHash('sha256').update(`${hostname()}|${namespace}`).digest('hex').slice(0, 8);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
