import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { Actor } from './actor';
import { dummyHash, hashPassword, needsRehash, PASSWORD_MAX_LENGTH, verifyPassword } from './password-hash';
import { combinedRetryAfter, FailureCount, windowStart } from './sign-in-slowdown';
import { SignInResult } from './staff-accounts.types';
import { emailKey, EMAIL_MAX_LENGTH } from './staff-email';
import { StaffMember, StaffRole } from './staff-member.entity';

/** Who a failed sign-in is audited as: nobody is signed in. */
const ANONYMOUS: Actor = { id: null, name: 'anonymous', role: StaffRole.Analyst };

/** Classes of the two-key advisory locks (pg_advisory_xact_lock(class, key)) that serialise counting and charging. */
const ACCOUNT_LOCKS = 0x5349_4741; // 'SIGA'
const ADDRESS_LOCKS = 0x5349_4742; // 'SIGB'

/** Failures of the account and of the address within the window, in one round trip. */
const FAILURES_SQL = `
  SELECT count(*) FILTER (WHERE email = $1)::int AS account_failures,
         max(failed_at) FILTER (WHERE email = $1) AS account_last,
         count(*) FILTER (WHERE address = $2)::int AS address_failures,
         max(failed_at) FILTER (WHERE address = $2) AS address_last
    FROM staff_sign_in_failures
   WHERE (email = $1 OR address = $2) AND failed_at > $3`;

/**
 * Console sign-in with e-mail and password, and its slowdown
 * (sign-in-slowdown.ts). The state lives in PostgreSQL, so several instances
 * share it. An attempt is charged as a failure before its password is
 * checked (counted and charged under advisory locks of the account and the
 * address) and refunded when it succeeds, so parallel guesses cannot all
 * slip through before the first failure is recorded.
 */
@Injectable()
export class StaffSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async verifySignIn(email: string, password: string, address: string): Promise<SignInResult> {
    const key = emailKey(String(email)).slice(0, EMAIL_MAX_LENGTH);
    const client = (String(address) || 'unknown').slice(0, 100);
    const now = this.clock.now();

    // Counting and charging under a lock per account and per address (held for these few statements, not
    // during scrypt): of many simultaneous guesses exactly the free ones are checked.
    const admitted = await this.dataSource.transaction(async (manager): Promise<{ retryAfterSeconds: number } | { charged: string }> => {
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ACCOUNT_LOCKS, key]);
      await manager.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [ADDRESS_LOCKS, client]);
      const retryAfterSeconds = await this.retryAfter(manager, key, client, now);
      if (retryAfterSeconds > 0) return { retryAfterSeconds };
      const [charged]: Array<{ id: string }> = await manager.query(
        'INSERT INTO staff_sign_in_failures (email, address, failed_at) VALUES ($1, $2, $3) RETURNING id',
        [key, client, now],
      );
      return { charged: charged.id };
    });
    if ('retryAfterSeconds' in admitted) return { outcome: 'slowed', retryAfterSeconds: admitted.retryAfterSeconds };

    const member = key
      ? await this.dataSource.getRepository(StaffMember).createQueryBuilder('m').where('lower(m.email) = :key', { key }).getOne()
      : null;
    // Unknown e-mail, no password yet, an over-long password: the same scrypt time against the dummy hash.
    const usable = typeof password === 'string' && [...password].length <= PASSWORD_MAX_LENGTH * 4;
    const stored = member?.passwordHash ?? (await dummyHash());
    const matches = await verifyPassword(usable ? password : '', stored);
    const ok = matches && usable && member !== null && member.passwordHash !== null && member.revokedAt === null;

    if (!ok) {
      await this.dataSource.query('DELETE FROM staff_sign_in_failures WHERE failed_at < $1', [windowStart(now)]);
      await this.audit.record(ANONYMOUS, { action: 'staff.sign-in-failed', details: { email: key, address: client } });
      return { outcome: 'refused' };
    }
    await this.dataSource.query('DELETE FROM staff_sign_in_failures WHERE email = $1 OR id = $2', [key, admitted.charged]);
    if (needsRehash(stored)) {
      await this.dataSource.getRepository(StaffMember).update(member.id, { passwordHash: await hashPassword(password) });
    }
    const actor: Actor = { id: member.id, name: member.name, role: member.role };
    await this.audit.record(actor, { action: 'staff.signed-in', details: { email: key, address: client } });
    return { outcome: 'ok', actor };
  }

  /** Seconds until the account's and the address's next attempt may be checked (0: now). */
  private async retryAfter(manager: EntityManager, key: string, address: string, now: Date): Promise<number> {
    const rows: Array<{ account_failures: number; account_last: Date | null; address_failures: number; address_last: Date | null }> =
      await manager.query(FAILURES_SQL, [key, address, windowStart(now)]);
    const row = rows[0];
    const account: FailureCount = { failures: row.account_failures, lastFailureAt: row.account_last };
    const fromAddress: FailureCount = { failures: row.address_failures, lastFailureAt: row.address_last };
    return combinedRetryAfter(account, fromAddress, now);
  }
}
