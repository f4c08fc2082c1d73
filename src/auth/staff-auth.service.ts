import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { generateToken, hashesEqual, hashToken } from '../common/tokens';
import { EnvironmentVariables } from '../config/env.validation';
import { Actor } from './actor';
import { StaffApiToken } from './staff-api-token.entity';
import { StaffMember, StaffRole } from './staff-member.entity';

/** Serialises the start-up seeding of several instances on one database (pg_advisory_xact_lock key). */
export const STAFF_BOOTSTRAP_LOCK = 0x5354_4146; // 'STAF'

/**
 * A bearer token's member, refusing revoked tokens and revoked members, and
 * touching last_used_at at most once a minute (one statement, one round trip).
 */
const AUTHENTICATE_SQL = `
  WITH found AS (
    SELECT t.id AS token_id, t.token_hash, m.id, m.name, m.role
      FROM staff_api_tokens t
      JOIN staff_members m ON m.id = t.member_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND m.revoked_at IS NULL
  ), touched AS (
    UPDATE staff_api_tokens t SET last_used_at = now()
      FROM found
     WHERE t.id = found.token_id AND (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute')
  )
  SELECT id, name, role, token_hash FROM found`;

@Injectable()
export class StaffAuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaffAuthService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const token = this.config.get('SURVEY_ADMIN_TOKEN', { infer: true });
    if (token) await this.ensureAdminToken(token);
  }

  /** The staff member holding `token` (unrevoked, of an unrevoked member), or undefined. */
  async authenticate(token: string): Promise<Actor | undefined> {
    if (token.length > 200) return undefined;
    const hash = hashToken(token);
    const rows: Array<{ id: string; name: string; role: StaffRole; token_hash: string }> = await this.dataSource.query(AUTHENTICATE_SQL, [
      hash,
    ]);
    const member = rows.at(0);
    if (member === undefined || !hashesEqual(member.token_hash, hash)) return undefined;
    return { id: member.id, name: member.name, role: member.role };
  }

  /** Creates a staff member with one API token and returns the token, which is shown this once and never stored. */
  async create(name: string, role: StaffRole): Promise<{ member: StaffMember; token: string }> {
    const created = await this.dataSource.transaction(async (manager) => {
      const member = await manager.save(manager.create(StaffMember, { name, role }));
      const { token } = await this.issueToken(manager, member.id, 'Token');
      return { member, token };
    });
    this.logger.log(`Staff member created: ${name} (${role})`);
    return created;
  }

  /** A new API token of a member, in `manager`'s transaction; the token is returned this once. */
  async issueToken(manager: EntityManager, memberId: string, label: string): Promise<{ id: string; token: string }> {
    const token = generateToken();
    const saved = await manager.save(manager.create(StaffApiToken, { memberId, label, tokenHash: hashToken(token) }));
    return { id: saved.id, token };
  }

  /** An admin holding SURVEY_ADMIN_TOKEN, unless a token with that hash exists (a revoked one stays revoked). */
  private async ensureAdminToken(token: string): Promise<void> {
    const tokenHash = hashToken(token);
    const registered = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [STAFF_BOOTSTRAP_LOCK]);
      if (await manager.existsBy(StaffApiToken, { tokenHash })) return false;
      const member = await manager.save(manager.create(StaffMember, { name: 'admin (SURVEY_ADMIN_TOKEN)', role: StaffRole.Admin }));
      await manager.insert(StaffApiToken, { memberId: member.id, label: 'SURVEY_ADMIN_TOKEN', tokenHash });
      return true;
    });
    if (registered) this.logger.log('Admin token from SURVEY_ADMIN_TOKEN registered');
  }
}
