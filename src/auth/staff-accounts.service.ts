import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { isUniqueViolation } from '../common/postgres-errors';
import { EnvironmentVariables } from '../config/env.validation';
import { Actor, SYSTEM_ACTOR } from './actor';
import { AuthException } from './auth.exception';
import { hashPassword, passwordProblem, verifyPassword } from './password-hash';
import { STAFF_BOOTSTRAP_LOCK, StaffAuthService } from './staff-auth.service';
import { InviteStaffInput, IssuedPasswordLink, PasswordLinkInfo, SignInResult, StaffAccountView } from './staff-accounts.types';
import { StaffApiToken } from './staff-api-token.entity';
import { emailKey, emailProblem, trimEmail } from './staff-email';
import { StaffMember, StaffRole } from './staff-member.entity';
import { StaffPasswordLinksService } from './staff-password-links.service';
import { StaffSignInService } from './staff-sign-in.service';

/**
 * Staff accounts for the console: sign-in, the first admin from the
 * environment, invitations and set-password links, revocation, personal API
 * tokens. Every method that changes something takes the actor and checks
 * access first; every change is audited.
 */
@Injectable()
export class StaffAccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(StaffAccountsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tokens: StaffAuthService,
    private readonly signIn: StaffSignInService,
    private readonly links: StaffPasswordLinksService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly config: ConfigService<EnvironmentVariables, true>,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('SURVEY_ADMIN_EMAIL', { infer: true });
    const password = this.config.get('SURVEY_ADMIN_PASSWORD', { infer: true });
    if (email && password) await this.ensureAdminAccount(email, password);
  }

  /** Checks e-mail and password (see StaffSignInService: slowdown, same time for unknown e-mails, audited). */
  verifySignIn(email: string, password: string, address: string): Promise<SignInResult> {
    return this.signIn.verifySignIn(email, password, address);
  }

  /**
   * An admin account with this e-mail and password, unless an account with the
   * e-mail exists (its password is left as it is). True when it was created now.
   */
  async ensureAdminAccount(email: string, password: string): Promise<boolean> {
    const problem = emailProblem(email) ?? passwordProblem(password);
    if (problem) throw new AuthException(ErrorCode.VALIDATION_FAILED, `SURVEY_ADMIN_EMAIL/SURVEY_ADMIN_PASSWORD: ${problem}`);
    const trimmed = trimEmail(email);
    if (await this.findByEmail(this.dataSource.manager, trimmed)) return false;
    const passwordHash = await hashPassword(password);
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [STAFF_BOOTSTRAP_LOCK]);
      if (await this.findByEmail(manager, trimmed)) return false;
      const name = trimmed.split('@')[0] || 'Administrator';
      const member = await manager.save(manager.create(StaffMember, { name, email: trimmed, role: StaffRole.Admin, passwordHash }));
      await this.audit.record(
        SYSTEM_ACTOR,
        { action: 'staff.admin-ensured', details: { memberId: member.id, email: emailKey(trimmed) } },
        manager,
      );
      return true;
    });
    if (created) this.logger.log('Admin account created for the console');
    return created;
  }

  /** Every staff member with their tokens and pending link (admins only). */
  async list(actor: Actor): Promise<StaffAccountView[]> {
    this.assertAdmin(actor);
    const members = await this.dataSource.getRepository(StaffMember).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return this.views(members);
  }

  /** The actor's own account (any role), e.g. for their API tokens. */
  async ownAccount(actor: Actor): Promise<StaffAccountView> {
    const member = actor.id ? await this.dataSource.getRepository(StaffMember).findOneBy({ id: actor.id }) : null;
    if (!member) throw new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, 'The acting staff member has no account');
    return (await this.views([member]))[0];
  }

  /** A new account without password and its one-time set-password link (valid 72 h). */
  async invite(actor: Actor, input: InviteStaffInput): Promise<{ member: StaffAccountView; link: IssuedPasswordLink }> {
    this.assertAdmin(actor);
    const { name, email, role } = validInvite(input);
    const { member, link } = await this.dataSource
      .transaction(async (manager) => {
        if (await this.findByEmail(manager, email)) throw emailTaken(email);
        const member = await manager.save(manager.create(StaffMember, { name, email, role }));
        const link = await this.links.issue(manager, member.id, 'invite');
        await this.audit.record(
          actor,
          { action: 'staff.invited', details: { memberId: member.id, name, email: emailKey(email), role } },
          manager,
        );
        return { member, link };
      })
      .catch((error: unknown) => {
        throw isUniqueViolation(error, 'staff_members_email_key') ? emailTaken(email) : error;
      });
    this.logger.log(`Staff member invited: ${name} (${role})`);
    return { member: (await this.views([member]))[0], link };
  }

  /** A new one-time link for a member to set a (new) password; older unused links stop working. */
  async newPasswordLink(actor: Actor, memberId: string): Promise<IssuedPasswordLink> {
    this.assertAdmin(actor);
    return this.dataSource.transaction(async (manager) => {
      const member = await this.activeMember(manager, memberId);
      if (!member.email) {
        throw new AuthException(ErrorCode.VALIDATION_FAILED, 'This staff member has no e-mail address and cannot sign in to the console', [
          { path: 'email', message: 'missing' },
        ]);
      }
      const link = await this.links.issue(manager, member.id, member.passwordHash ? 'reset' : 'invite');
      await this.audit.record(actor, { action: 'staff.password-link-issued', details: { memberId, purpose: link.purpose } }, manager);
      return link;
    });
  }

  /** newPasswordLink for the member with this e-mail (the CLI's `staff:password-link --email`). */
  async newPasswordLinkForEmail(actor: Actor, email: string): Promise<IssuedPasswordLink> {
    this.assertAdmin(actor);
    const member = await this.findByEmail(this.dataSource.manager, String(email));
    if (!member) throw new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, `No staff account has the e-mail ${String(email).trim()}`);
    return this.newPasswordLink(actor, member.id);
  }

  /** What a valid set-password link is for, or undefined (unknown, used, expired, revoked member). */
  passwordLink(token: string): Promise<PasswordLinkInfo | undefined> {
    return this.links.find(token);
  }

  /** Sets the password through a one-time link (used up atomically) and returns the member, e.g. to sign them in. */
  async setPasswordWithLink(token: string, password: string): Promise<Actor> {
    if (!(await this.links.find(token))) throw linkInvalid();
    assertNewPassword(password);
    const passwordHash = await hashPassword(password);
    return this.dataSource.transaction(async (manager) => {
      const link = await this.links.consume(manager, token);
      if (!link) throw linkInvalid();
      const [rows]: [Array<{ id: string; name: string; role: StaffRole }>, number] = await manager.query(
        'UPDATE staff_members SET password_hash = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id, name, role',
        [link.memberId, passwordHash],
      );
      const updated = rows.at(0);
      if (updated === undefined) throw linkInvalid();
      const actor: Actor = { id: updated.id, name: updated.name, role: updated.role };
      await this.audit.record(actor, { action: 'staff.password-set', details: { memberId: actor.id, purpose: link.purpose } }, manager);
      return actor;
    });
  }

  /** The signed-in member changes their own password, confirming the current one. */
  async changePassword(actor: Actor, current: string, next: string): Promise<void> {
    const member = actor.id ? await this.dataSource.getRepository(StaffMember).findOneBy({ id: actor.id, revokedAt: IsNull() }) : null;
    if (!member) throw new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, 'The acting staff member has no account');
    if (!member.passwordHash || !(await verifyPassword(String(current), member.passwordHash))) {
      throw new AuthException(ErrorCode.STAFF_PASSWORD_WRONG, 'The current password is not correct', [
        { path: 'current', message: 'wrong' },
      ]);
    }
    assertNewPassword(next);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(StaffMember, member.id, { passwordHash: await hashPassword(next) });
      await this.audit.record(actor, { action: 'staff.password-changed', details: { memberId: member.id } }, manager);
    });
  }

  /** Revokes an account: no sign-in, its API tokens and links stop working, its console sessions end. Not one's own. */
  async revoke(actor: Actor, memberId: string): Promise<void> {
    this.assertAdmin(actor);
    if (actor.id !== null && actor.id === memberId) {
      throw new AuthException(ErrorCode.STAFF_CANNOT_REVOKE_SELF, 'You cannot revoke your own account; ask another admin');
    }
    await this.dataSource.transaction(async (manager) => {
      const member = await this.member(manager, memberId);
      if (member.revokedAt) return;
      const now = this.clock.now();
      await manager.update(StaffMember, member.id, { revokedAt: now });
      await manager.update(StaffApiToken, { memberId: member.id, revokedAt: IsNull() }, { revokedAt: now });
      await manager.query('UPDATE staff_password_links SET used_at = $2 WHERE member_id = $1 AND used_at IS NULL', [member.id, now]);
      // Their console sessions end now (the session lookup also refuses a revoked member's session).
      await manager.query('DELETE FROM staff_sessions WHERE member_id = $1', [member.id]);
      await this.audit.record(actor, { action: 'staff.revoked', details: { memberId: member.id, name: member.name } }, manager);
    });
  }

  /** A new personal API token (shown once): an admin for anyone, anyone for themselves. */
  async createApiToken(actor: Actor, memberId: string, label: string): Promise<{ id: string; token: string }> {
    this.assertSelfOrAdmin(actor, memberId);
    const trimmed = typeof label === 'string' ? label.trim() : '';
    if (trimmed.length < 1 || trimmed.length > 100) {
      throw new AuthException(ErrorCode.VALIDATION_FAILED, 'The label must be 1 to 100 characters', [
        { path: 'label', message: '1 to 100 characters' },
      ]);
    }
    return this.dataSource.transaction(async (manager) => {
      const member = await this.activeMember(manager, memberId);
      const issued = await this.tokens.issueToken(manager, member.id, trimmed);
      await this.audit.record(
        actor,
        { action: 'staff.api-token-created', details: { memberId, tokenId: issued.id, label: trimmed } },
        manager,
      );
      return issued;
    });
  }

  /** Revokes an API token: an admin any, anyone their own. */
  async revokeApiToken(actor: Actor, tokenId: string): Promise<void> {
    const notFound = new AuthException(ErrorCode.STAFF_API_TOKEN_NOT_FOUND, 'No such API token');
    if (!isUUID(tokenId)) throw notFound;
    await this.dataSource.transaction(async (manager) => {
      const token = await manager.findOne(StaffApiToken, { where: { id: tokenId }, lock: { mode: 'pessimistic_write' } });
      if (!token || (actor.role !== StaffRole.Admin && token.memberId !== actor.id)) throw notFound;
      if (token.revokedAt) return;
      await manager.update(StaffApiToken, token.id, { revokedAt: this.clock.now() });
      await this.audit.record(
        actor,
        { action: 'staff.api-token-revoked', details: { memberId: token.memberId, tokenId, label: token.label } },
        manager,
      );
    });
  }

  private async views(members: StaffMember[]): Promise<StaffAccountView[]> {
    const ids = members.map((member) => member.id);
    const tokens =
      ids.length > 0
        ? await this.dataSource.getRepository(StaffApiToken).find({ where: { memberId: In(ids) }, order: { createdAt: 'DESC', id: 'ASC' } })
        : [];
    const pending = await this.links.pending();
    return members.map((member) => ({
      id: member.id,
      name: member.name,
      email: member.email,
      role: member.role,
      hasPassword: member.passwordHash !== null,
      createdAt: member.createdAt,
      revokedAt: member.revokedAt,
      tokens: tokens
        .filter((token) => token.memberId === member.id)
        .map(({ id, label, createdAt, lastUsedAt, revokedAt }) => ({ id, label, createdAt, lastUsedAt, revokedAt })),
      pendingLink: member.revokedAt ? null : (pending.get(member.id) ?? null),
    }));
  }

  private findByEmail(manager: EntityManager, email: string): Promise<StaffMember | null> {
    return manager
      .getRepository(StaffMember)
      .createQueryBuilder('m')
      .where('lower(m.email) = :key', { key: emailKey(email) })
      .getOne();
  }

  private async member(manager: EntityManager, memberId: string): Promise<StaffMember> {
    const member = isUUID(memberId)
      ? await manager.findOne(StaffMember, { where: { id: memberId }, lock: { mode: 'pessimistic_write' } })
      : null;
    if (!member) throw new AuthException(ErrorCode.STAFF_MEMBER_NOT_FOUND, 'No such staff member');
    return member;
  }

  private async activeMember(manager: EntityManager, memberId: string): Promise<StaffMember> {
    const member = await this.member(manager, memberId);
    if (member.revokedAt) throw new AuthException(ErrorCode.STAFF_MEMBER_REVOKED, 'This staff member has been revoked');
    return member;
  }

  private assertAdmin(actor: Actor): void {
    if (actor.role !== StaffRole.Admin) throw new AuthException(ErrorCode.AUTH_FORBIDDEN, 'This action needs the role admin');
  }

  private assertSelfOrAdmin(actor: Actor, memberId: string): void {
    if (actor.role !== StaffRole.Admin && actor.id !== memberId) {
      throw new AuthException(ErrorCode.AUTH_FORBIDDEN, 'Only an admin may do this for another staff member');
    }
  }
}

function validInvite(input: InviteStaffInput): InviteStaffInput {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const errors = [
    ...(name.length < 1 || name.length > 200 ? [{ path: 'name', message: 'The name must be 1 to 200 characters' }] : []),
    ...[emailProblem(input.email)].filter((message) => message !== undefined).map((message) => ({ path: 'email', message })),
    ...(Object.values(StaffRole).includes(input.role) ? [] : [{ path: 'role', message: 'The role must be admin or analyst' }]),
  ];
  if (errors.length > 0) throw new AuthException(ErrorCode.VALIDATION_FAILED, errors.map((error) => error.message).join('; '), errors);
  return { name, email: trimEmail(input.email), role: input.role };
}

function assertNewPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AuthException(ErrorCode.STAFF_PASSWORD_INVALID, problem, [{ path: 'password', message: problem }]);
}

function emailTaken(email: string): AuthException {
  return new AuthException(ErrorCode.STAFF_EMAIL_TAKEN, `A staff account with the e-mail ${email} exists already`);
}

function linkInvalid(): AuthException {
  return new AuthException(ErrorCode.STAFF_LINK_INVALID, 'This link is not valid (unknown, used, or expired)');
}
