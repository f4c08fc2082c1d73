import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { generateToken, hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { publicUrlOf } from '../config/public-url';
import { IssuedPasswordLink, PasswordLinkInfo } from './staff-accounts.types';
import { PasswordLinkPurpose, StaffPasswordLink } from './staff-password-link.entity';

/** How long a set-password link is valid. */
export const PASSWORD_LINK_HOURS = 72;

/** The one-time set-password links: issue, look up, consume. Access checks are the caller's (StaffAccountsService). */
@Injectable()
export class StaffPasswordLinksService {
  private readonly publicUrl: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.publicUrl = publicUrlOf(config);
  }

  /** A new link for the member, in `manager`'s transaction; their older unused links stop working. */
  async issue(manager: EntityManager, memberId: string, purpose: PasswordLinkPurpose): Promise<IssuedPasswordLink> {
    const now = this.clock.now();
    await manager.query('UPDATE staff_password_links SET used_at = $2 WHERE member_id = $1 AND used_at IS NULL', [memberId, now]);
    const token = generateToken();
    const expiresAt = new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600 * 1000);
    await manager.insert(StaffPasswordLink, { tokenHash: hashToken(token), memberId, purpose, expiresAt });
    return { url: `${this.publicUrl}/admin/passwort/${token}`, token, purpose, expiresAt };
  }

  /** What a valid (unused, unexpired, of an unrevoked member with an e-mail) link is for, or undefined. */
  async find(token: string): Promise<PasswordLinkInfo | undefined> {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const rows: Array<{ name: string; email: string; purpose: PasswordLinkPurpose; expires_at: Date }> = await this.dataSource.query(
      `SELECT m.name, m.email, l.purpose, l.expires_at
         FROM staff_password_links l JOIN staff_members m ON m.id = l.member_id
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND m.revoked_at IS NULL AND m.email IS NOT NULL`,
      [hashToken(token), this.clock.now()],
    );
    const row = rows.at(0);
    return row === undefined ? undefined : { memberName: row.name, email: row.email, purpose: row.purpose, expiresAt: row.expires_at };
  }

  /**
   * Marks the link used, atomically (of two concurrent uses exactly one gets
   * the member id), in `manager`'s transaction; undefined when it is not valid.
   */
  async consume(manager: EntityManager, token: string): Promise<{ memberId: string; purpose: PasswordLinkPurpose } | undefined> {
    if (typeof token !== 'string' || token.length > 200) return undefined;
    const now = this.clock.now();
    const [rows]: [Array<{ member_id: string; purpose: PasswordLinkPurpose }>, number] = await manager.query(
      `UPDATE staff_password_links SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
        RETURNING member_id, purpose`,
      [hashToken(token), now],
    );
    const row = rows.at(0);
    return row === undefined ? undefined : { memberId: row.member_id, purpose: row.purpose };
  }

  /** The pending (unused, unexpired) link of each member, by member id. */
  async pending(): Promise<Map<string, { purpose: PasswordLinkPurpose; expiresAt: Date }>> {
    const rows: Array<{ member_id: string; purpose: PasswordLinkPurpose; expires_at: Date }> = await this.dataSource.query(
      `SELECT DISTINCT ON (member_id) member_id, purpose, expires_at
         FROM staff_password_links WHERE used_at IS NULL AND expires_at > $1
        ORDER BY member_id, created_at DESC`,
      [this.clock.now()],
    );
    return new Map(rows.map((row) => [row.member_id, { purpose: row.purpose, expiresAt: row.expires_at }]));
  }
}
