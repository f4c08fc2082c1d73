import { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { InitialSchema1795536812921 } from '../../migrations/1795536812921-InitialSchema';
import { InvitationBlockedAt1796101080945 } from '../../migrations/1796101080945-InvitationBlockedAt';
import { Actor, SYSTEM_ACTOR } from '../../src/auth/actor';
import { StaffAccountsService } from '../../src/auth/staff-accounts.service';
import { StaffAuthService } from '../../src/auth/staff-auth.service';
import { StaffRole } from '../../src/auth/staff-member.entity';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { quoteIdentifier } from '../../src/database/embedded-postgres';
import { configureApp } from '../../src/configure-app';
import { DatabaseServer } from '../../src/database/database-server';
import { typeOrmOptions } from '../../src/database/typeorm-options';
import { createTestDatabase, databaseUrl, TEST_ADMIN_URL_ENV, TestDatabase } from '../support/test-database';
import { Client } from 'pg';

/** The time the services see; the tests move it instead of waiting. */
class TestClock extends Clock {
  current = new Date();
  override now(): Date {
    return new Date(this.current);
  }
  advance(seconds: number): void {
    this.current = new Date(this.current.getTime() + seconds * 1000);
  }
}

/** The real application on `url`, as test/support/test-app.ts builds it, with the clock replaced. */
async function createApp(url: string, clock: Clock): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .overrideProvider(DatabaseServer)
    .useValue(DatabaseServer.forUrl(url))
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, logger: false });
  configureApp(app);
  await app.init();
  return app;
}

const ADMIN_EMAIL = 'Leitung@Example.org';
const ADMIN_PASSWORD = 'erstes Admin-Passwort';

describe('staff accounts', () => {
  let database: TestDatabase;
  let app: NestExpressApplication;
  let dataSource: DataSource;
  let accounts: StaffAccountsService;
  const clock = new TestClock();
  let address = 0;
  /** A client address of its own for each test that must not be slowed by another's failures. */
  const freshAddress = () => `192.0.2.${++address}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const saved = { email: process.env.SURVEY_ADMIN_EMAIL, password: process.env.SURVEY_ADMIN_PASSWORD };
    process.env.SURVEY_ADMIN_EMAIL = ADMIN_EMAIL;
    process.env.SURVEY_ADMIN_PASSWORD = ADMIN_PASSWORD;
    try {
      app = await createApp(database.url, clock);
    } finally {
      restoreEnv('SURVEY_ADMIN_EMAIL', saved.email);
      restoreEnv('SURVEY_ADMIN_PASSWORD', saved.password);
    }
    dataSource = app.get(DataSource);
    accounts = app.get(StaffAccountsService);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  function restoreEnv(name: string, value: string | undefined): void {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }

  async function signIn(email: string, password: string, from = freshAddress()) {
    return accounts.verifySignIn(email, password, from);
  }

  async function admin(): Promise<Actor> {
    const result = await signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
    if (result.outcome !== 'ok') throw new Error(`the bootstrap admin cannot sign in: ${result.outcome}`);
    return result.actor;
  }

  /** An account with a password, through the invitation link as a person would set it. */
  async function member(name: string, email: string, role: StaffRole, password: string): Promise<Actor> {
    const { link } = await accounts.invite(await admin(), { name, email, role });
    return accounts.setPasswordWithLink(link.token, password);
  }

  const audit = (action: string) =>
    dataSource.query<Array<{ actor: string; details: Record<string, unknown> }>>(
      'SELECT actor, details FROM audit_events WHERE action = $1 ORDER BY id',
      [action],
    );

  const api = (token: string) => request(app.getHttpServer()).get('/api/waves').auth(token, { type: 'bearer' });

  describe('the first admin from SURVEY_ADMIN_EMAIL and SURVEY_ADMIN_PASSWORD', () => {
    it('exists after the start and signs in with the e-mail in any case, trimmed', async () => {
      const result = await signIn('  leitung@EXAMPLE.org ', ADMIN_PASSWORD);
      expect(result).toMatchObject({ outcome: 'ok', actor: { name: 'Leitung', role: 'admin' } });
      const [row] = await dataSource.query('SELECT email, password_hash FROM staff_members WHERE lower(email) = $1', [
        'leitung@example.org',
      ]);
      expect(row.email).toBe(ADMIN_EMAIL);
      expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
      expect(row.password_hash).not.toContain(ADMIN_PASSWORD);
    });

    it('is not overwritten by a restart with another password', async () => {
      const saved = { email: process.env.SURVEY_ADMIN_EMAIL, password: process.env.SURVEY_ADMIN_PASSWORD };
      process.env.SURVEY_ADMIN_EMAIL = 'leitung@example.org';
      process.env.SURVEY_ADMIN_PASSWORD = 'ein anderes Passwort';
      try {
        const second = await createApp(database.url, clock);
        await second.close();
      } finally {
        restoreEnv('SURVEY_ADMIN_EMAIL', saved.email);
        restoreEnv('SURVEY_ADMIN_PASSWORD', saved.password);
      }
      expect(await signIn(ADMIN_EMAIL, 'ein anderes Passwort')).toEqual({ outcome: 'refused' });
      expect((await signIn(ADMIN_EMAIL, ADMIN_PASSWORD)).outcome).toBe('ok');
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM staff_members WHERE lower(email) = 'leitung@example.org'`);
      expect(n).toBe(1);
    });
  });

  describe('sign-in', () => {
    let analyst: Actor;
    beforeAll(async () => {
      analyst = await member('Berta Analyse', 'berta@example.org', StaffRole.Analyst, 'Bertas langes Passwort');
    });

    it('accepts the right password and audits it without the password', async () => {
      const from = freshAddress();
      expect(await signIn('Berta@Example.org', 'Bertas langes Passwort', from)).toEqual({
        outcome: 'ok',
        actor: { id: analyst.id, name: 'Berta Analyse', role: 'analyst' },
      });
      const events = await audit('staff.signed-in');
      expect(events.at(-1)).toEqual({ actor: 'Berta Analyse (analyst)', details: { email: 'berta@example.org', address: from } });
    });

    it.each([
      ['a wrong password', 'berta@example.org', 'bertas langes Passwort'],
      ['an unknown e-mail', 'niemand@example.org', 'Bertas langes Passwort'],
      ['an empty password', 'berta@example.org', ''],
      ['an empty e-mail', '', 'Bertas langes Passwort'],
    ])('refuses %s the same way, audited with the lower-cased e-mail and never the password', async (_, email, password) => {
      const from = freshAddress();
      expect(await signIn(email, password, from)).toEqual({ outcome: 'refused' });
      const events = await audit('staff.sign-in-failed');
      expect(events.at(-1)).toEqual({ actor: 'anonymous', details: { email: email.toLowerCase(), address: from } });
      expect(JSON.stringify(events)).not.toContain('Passwort');
    });

    it('refuses an invited account that has no password yet', async () => {
      await accounts.invite(await admin(), { name: 'Carl Neu', email: 'carl@example.org', role: StaffRole.Analyst });
      expect(await signIn('carl@example.org', '')).toEqual({ outcome: 'refused' });
      expect(await signIn('carl@example.org', 'irgendein Passwort')).toEqual({ outcome: 'refused' });
    });

    it('spends the same scrypt time on an unknown e-mail as on a known one', async () => {
      const time = async (email: string) => {
        const started = process.hrtime.bigint();
        await signIn(email, 'falsches Passwort!');
        return Number(process.hrtime.bigint() - started) / 1e6;
      };
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        known.push(await time('berta@example.org'));
        unknown.push(await time(`unbekannt-${i}@example.org`));
      }
      await clearAccount('berta@example.org');
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[1];
      // scrypt with N=2^15 takes tens of milliseconds; a lookup alone takes one or two.
      expect(median(unknown)).toBeGreaterThan(median(known) * 0.4);
      expect(median(unknown)).toBeGreaterThan(15);
    });

    function clearAccount(email: string): Promise<unknown> {
      return dataSource.query('DELETE FROM staff_sign_in_failures WHERE email = $1', [email]);
    }

    it('slows an account down after 3 failures (from any address), even for the right password, until the wait is over', async () => {
      await member('Dora Daten', 'dora@example.org', StaffRole.Analyst, 'Doras langes Passwort');
      for (let i = 0; i < 3; i += 1) expect(await signIn('dora@example.org', 'falsch falsch falsch')).toEqual({ outcome: 'refused' });
      // The 4th failure is still checked; after it the next attempt waits 1 s.
      expect(await signIn('dora@example.org', 'falsch falsch falsch')).toEqual({ outcome: 'refused' });
      expect(await signIn('dora@example.org', 'Doras langes Passwort')).toEqual({ outcome: 'slowed', retryAfterSeconds: 1 });
      // An unknown e-mail is slowed just the same (nothing tells which e-mails have accounts).
      for (let i = 0; i < 4; i += 1) await signIn('gibt-es-nicht@example.org', 'falsch falsch falsch');
      expect(await signIn('gibt-es-nicht@example.org', 'falsch falsch falsch')).toEqual({ outcome: 'slowed', retryAfterSeconds: 1 });

      clock.advance(1);
      expect(await signIn('dora@example.org', 'falsch falsch falsch')).toEqual({ outcome: 'refused' });
      // 5 failures: 2 s.
      expect(await signIn('dora@example.org', 'Doras langes Passwort')).toEqual({ outcome: 'slowed', retryAfterSeconds: 2 });
      clock.advance(1);
      expect(await signIn('dora@example.org', 'Doras langes Passwort')).toEqual({ outcome: 'slowed', retryAfterSeconds: 1 });
      clock.advance(1);
      expect((await signIn('dora@example.org', 'Doras langes Passwort')).outcome).toBe('ok');
      // The success cleared the account's failures: the next mistakes are free again.
      for (let i = 0; i < 3; i += 1) expect(await signIn('dora@example.org', 'falsch falsch falsch')).toEqual({ outcome: 'refused' });
      await clearAccount('dora@example.org');
    });

    it('slows an address down after 3 failures, for any e-mail, but not the other addresses', async () => {
      await member('Emil Eins', 'emil@example.org', StaffRole.Analyst, 'Emils langes Passwort');
      const from = freshAddress();
      for (let i = 0; i < 4; i += 1)
        expect(await signIn(`rate-${i}@example.org`, 'falsch falsch falsch', from)).toEqual({ outcome: 'refused' });
      expect(await signIn('emil@example.org', 'Emils langes Passwort', from)).toEqual({ outcome: 'slowed', retryAfterSeconds: 1 });
      expect((await signIn('emil@example.org', 'Emils langes Passwort', freshAddress())).outcome).toBe('ok');
      clock.advance(1);
      expect((await signIn('emil@example.org', 'Emils langes Passwort', from)).outcome).toBe('ok');
    });

    it('waits at most 60 s, forgets failures after 15 minutes and deletes them', async () => {
      const from = freshAddress();
      for (let i = 0; i < 12; i += 1) {
        await signIn('fritz@example.org', 'falsch falsch falsch', from);
        clock.advance(60);
      }
      clock.advance(-60);
      expect(await signIn('fritz@example.org', 'x', from)).toEqual({ outcome: 'slowed', retryAfterSeconds: 60 });
      clock.advance(15 * 60 + 1);
      expect(await signIn('fritz@example.org', 'falsch falsch falsch', from)).toEqual({ outcome: 'refused' });
      const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM staff_sign_in_failures WHERE email = 'fritz@example.org'`);
      expect(n).toBe(1);
      const [{ old }] = await dataSource.query('SELECT count(*)::int AS old FROM staff_sign_in_failures WHERE failed_at < $1', [
        new Date(clock.now().getTime() - 15 * 60 * 1000),
      ]);
      expect(old).toBe(0);
    });

    it('lets exactly as many parallel guesses through as are free (failures are charged before the check)', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, () => signIn('gustav@example.org', 'falsch falsch falsch')));
      expect(results.filter((result) => result.outcome === 'refused')).toHaveLength(4);
      expect(results.filter((result) => result.outcome === 'slowed')).toHaveLength(4);
    });
  });

  describe('invitation and set-password links', () => {
    it('invites with a 72 h single-use link under /admin/passwort/ and refuses a taken e-mail in any case', async () => {
      const actor = await admin();
      const { member: invited, link } = await accounts.invite(actor, {
        name: ' Hanna Hilfe ',
        email: ' Hanna@Example.org ',
        role: StaffRole.Admin,
      });
      expect(invited).toMatchObject({
        name: 'Hanna Hilfe',
        email: 'Hanna@Example.org',
        role: 'admin',
        hasPassword: false,
        revokedAt: null,
        tokens: [],
      });
      expect(invited.pendingLink).toEqual({ purpose: 'invite', expiresAt: link.expiresAt });
      expect(link.url).toMatch(/^http:\/\/[^/]+\/admin\/passwort\/[A-Za-z0-9_-]{43}$/);
      expect(link.url.endsWith(`/${link.token}`)).toBe(true);
      expect(link.expiresAt.getTime() - clock.now().getTime()).toBe(72 * 3600 * 1000);
      expect(await accounts.passwordLink(link.token)).toEqual({
        memberName: 'Hanna Hilfe',
        email: 'Hanna@Example.org',
        purpose: 'invite',
        expiresAt: link.expiresAt,
      });
      await expect(accounts.invite(actor, { name: 'Doppelt', email: 'HANNA@example.org', role: StaffRole.Analyst })).rejects.toMatchObject({
        code: 'STAFF_EMAIL_TAKEN',
      });
      expect((await audit('staff.invited')).at(-1)?.details).toEqual({
        memberId: invited.id,
        name: 'Hanna Hilfe',
        email: 'hanna@example.org',
        role: 'admin',
      });

      // A too short password is refused and does not use the link up.
      await expect(accounts.setPasswordWithLink(link.token, 'kurz')).rejects.toMatchObject({ code: 'STAFF_PASSWORD_INVALID' });
      expect(await accounts.passwordLink(link.token)).toBeDefined();
      const hanna = await accounts.setPasswordWithLink(link.token, 'Hannas langes Passwort');
      expect(hanna).toEqual({ id: invited.id, name: 'Hanna Hilfe', role: 'admin' });
      await expect(accounts.setPasswordWithLink(link.token, 'noch ein Passwort!')).rejects.toMatchObject({ code: 'STAFF_LINK_INVALID' });
      expect(await accounts.passwordLink(link.token)).toBeUndefined();
      expect((await signIn('hanna@example.org', 'Hannas langes Passwort')).outcome).toBe('ok');
      expect(await signIn('hanna@example.org', 'noch ein Passwort!')).toEqual({ outcome: 'refused' });
    });

    it('lets exactly one of two simultaneous uses of a link through', async () => {
      const { link } = await accounts.invite(await admin(), { name: 'Ida Zwei', email: 'ida@example.org', role: StaffRole.Analyst });
      const results = await Promise.allSettled([
        accounts.setPasswordWithLink(link.token, 'erstes langes Passwort'),
        accounts.setPasswordWithLink(link.token, 'zweites langes Passwort'),
      ]);
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      const signedIn = await Promise.all([
        signIn('ida@example.org', 'erstes langes Passwort'),
        signIn('ida@example.org', 'zweites langes Passwort'),
      ]);
      expect(signedIn.filter((result) => result.outcome === 'ok')).toHaveLength(1);
    });

    it('expires after 72 hours', async () => {
      const { link } = await accounts.invite(await admin(), { name: 'Jan Spät', email: 'jan@example.org', role: StaffRole.Analyst });
      clock.advance(72 * 3600 - 1);
      expect(await accounts.passwordLink(link.token)).toBeDefined();
      clock.advance(1);
      expect(await accounts.passwordLink(link.token)).toBeUndefined();
      await expect(accounts.setPasswordWithLink(link.token, 'zu spät, aber lang')).rejects.toMatchObject({ code: 'STAFF_LINK_INVALID' });
    });

    it('a reset link replaces the older unused one and sets a new password', async () => {
      const actor = await admin();
      const kim = await member('Kim Vergesslich', 'kim@example.org', StaffRole.Analyst, 'Kims altes Passwort');
      const first = await accounts.newPasswordLink(actor, kim.id as string);
      const second = await accounts.newPasswordLinkForEmail(SYSTEM_ACTOR, 'KIM@example.org');
      expect(second.purpose).toBe('reset');
      expect(await accounts.passwordLink(first.token)).toBeUndefined();
      await accounts.setPasswordWithLink(second.token, 'Kims neues Passwort');
      expect(await signIn('kim@example.org', 'Kims altes Passwort')).toEqual({ outcome: 'refused' });
      expect((await signIn('kim@example.org', 'Kims neues Passwort')).outcome).toBe('ok');
      expect((await audit('staff.password-link-issued')).map((event) => event.details.memberId)).toContain(kim.id);
    });

    it('an analyst can neither invite nor issue links', async () => {
      const analyst = await member('Lena Lesen', 'lena@example.org', StaffRole.Analyst, 'Lenas langes Passwort');
      await expect(accounts.invite(analyst, { name: 'X', email: 'x@example.org', role: StaffRole.Admin })).rejects.toMatchObject({
        code: 'AUTH_FORBIDDEN',
      });
      await expect(accounts.newPasswordLink(analyst, analyst.id as string)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
      await expect(accounts.list(analyst)).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
      expect(await dataSource.query(`SELECT 1 FROM staff_members WHERE email = 'x@example.org'`)).toEqual([]);
    });

    it('refuses invalid input by field and stores nothing', async () => {
      await expect(accounts.invite(await admin(), { name: '  ', email: 'kein-mail', role: 'chef' as StaffRole })).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [
          { path: 'name', message: expect.any(String) },
          { path: 'email', message: expect.any(String) },
          { path: 'role', message: expect.any(String) },
        ],
      });
      expect(await dataSource.query(`SELECT 1 FROM staff_members WHERE email = 'kein-mail'`)).toEqual([]);
    });

    it('changes one’s own password only with the current one', async () => {
      const max = await member('Max Muster', 'max@example.org', StaffRole.Analyst, 'Max altes Passwort');
      await expect(accounts.changePassword(max, 'falsches Passwort', 'Max neues Passwort')).rejects.toMatchObject({
        code: 'STAFF_PASSWORD_WRONG',
      });
      await expect(accounts.changePassword(max, 'Max altes Passwort', 'kurz')).rejects.toMatchObject({ code: 'STAFF_PASSWORD_INVALID' });
      await accounts.changePassword(max, 'Max altes Passwort', 'Max neues Passwort');
      expect((await signIn('max@example.org', 'Max neues Passwort')).outcome).toBe('ok');
      expect(await signIn('max@example.org', 'Max altes Passwort')).toEqual({ outcome: 'refused' });
    });
  });

  describe('API tokens and revocation', () => {
    it('an analyst creates and revokes their own tokens, not another’s; an admin any', async () => {
      const actor = await admin();
      const nina = await member('Nina Netz', 'nina@example.org', StaffRole.Analyst, 'Ninas langes Passwort');
      const own = await accounts.createApiToken(nina, nina.id as string, 'Skript Auswertung');
      await api(own.token).expect(200);
      await expect(accounts.createApiToken(nina, actor.id as string, 'fremd')).rejects.toMatchObject({ code: 'AUTH_FORBIDDEN' });
      await expect(accounts.createApiToken(nina, nina.id as string, ' ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const adminToken = await accounts.createApiToken(actor, actor.id as string, 'Admin-Skript');
      await expect(accounts.revokeApiToken(nina, adminToken.id)).rejects.toMatchObject({ code: 'STAFF_API_TOKEN_NOT_FOUND' });
      await expect(accounts.revokeApiToken(nina, 'keine-uuid')).rejects.toMatchObject({ code: 'STAFF_API_TOKEN_NOT_FOUND' });
      await api(adminToken.token).expect(200);

      const view = await accounts.ownAccount(nina);
      expect(view.tokens).toEqual([
        { id: own.id, label: 'Skript Auswertung', createdAt: expect.any(Date), lastUsedAt: expect.any(Date), revokedAt: null },
      ]);
      await accounts.revokeApiToken(nina, own.id);
      await api(own.token).expect(401);
      expect((await accounts.ownAccount(nina)).tokens[0].revokedAt).toEqual(expect.any(Date));
      await accounts.revokeApiToken(actor, adminToken.id);
      await api(adminToken.token).expect(401);
      expect((await audit('staff.api-token-revoked')).map((event) => event.details.tokenId)).toEqual(
        expect.arrayContaining([own.id, adminToken.id]),
      );
    });

    it('records the last use at most once a minute', async () => {
      const actor = await admin();
      const { id, token } = await accounts.createApiToken(actor, actor.id as string, 'Zähler');
      const lastUsed = async () =>
        (await dataSource.query('SELECT last_used_at FROM staff_api_tokens WHERE id = $1', [id]))[0].last_used_at;
      expect(await lastUsed()).toBeNull();
      await api(token).expect(200);
      const first = await lastUsed();
      expect(first).toEqual(expect.any(Date));
      await api(token).expect(200);
      expect(await lastUsed()).toEqual(first);
      await dataSource.query(`UPDATE staff_api_tokens SET last_used_at = last_used_at - interval '61 seconds' WHERE id = $1`, [id]);
      await api(token).expect(200);
      expect((await lastUsed()).getTime()).toBeGreaterThan(first.getTime() - 1000);
    });

    it('revoking a member ends sign-in, every API token and the pending link; not one’s own account', async () => {
      const actor = await admin();
      const otto = await member('Otto Weg', 'otto@example.org', StaffRole.Admin, 'Ottos langes Passwort');
      const first = await accounts.createApiToken(actor, otto.id as string, 'eins');
      const second = await accounts.createApiToken(otto, otto.id as string, 'zwei');
      const link = await accounts.newPasswordLink(actor, otto.id as string);
      await api(first.token).expect(200);
      await expect(accounts.revoke(actor, actor.id as string)).rejects.toMatchObject({ code: 'STAFF_CANNOT_REVOKE_SELF' });
      await expect(accounts.revoke(actor, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
        code: 'STAFF_MEMBER_NOT_FOUND',
      });

      await accounts.revoke(actor, otto.id as string);
      await api(first.token).expect(401);
      await api(second.token).expect(401);
      expect(await signIn('otto@example.org', 'Ottos langes Passwort')).toEqual({ outcome: 'refused' });
      expect(await accounts.passwordLink(link.token)).toBeUndefined();
      await expect(accounts.setPasswordWithLink(link.token, 'wieder herein, bitte')).rejects.toMatchObject({ code: 'STAFF_LINK_INVALID' });
      await expect(accounts.createApiToken(actor, otto.id as string, 'drei')).rejects.toMatchObject({ code: 'STAFF_MEMBER_REVOKED' });
      const view = (await accounts.list(actor)).find((account) => account.id === otto.id);
      expect(view).toMatchObject({ revokedAt: expect.any(Date), pendingLink: null, hasPassword: true });
      expect(view?.tokens.every((token) => token.revokedAt !== null)).toBe(true);
      expect((await audit('staff.revoked')).at(-1)?.details).toEqual({ memberId: otto.id, name: 'Otto Weg' });
      // An actor still held by a console session of the revoked member can no longer create tokens.
      await expect(accounts.createApiToken(otto, otto.id as string, 'vier')).rejects.toMatchObject({ code: 'STAFF_MEMBER_REVOKED' });
    });

    it('revokes the bearer tokens of a member created by staff:create (no e-mail) too', async () => {
      const { member: created, token } = await app.get(StaffAuthService).create('Skript-Nutzer', StaffRole.Analyst);
      await api(token).expect(200);
      await accounts.revoke(await admin(), created.id);
      await api(token).expect(401);
    });

    it('lists every account without any password hash or token', async () => {
      const list = await accounts.list(await admin());
      expect(list.length).toBeGreaterThan(5);
      expect(list[0]).toEqual({
        id: expect.any(String),
        name: 'Leitung',
        email: ADMIN_EMAIL,
        role: 'admin',
        hasPassword: true,
        createdAt: expect.any(Date),
        revokedAt: null,
        tokens: expect.any(Array),
        pendingLink: null,
      });
      const text = JSON.stringify(list);
      expect(text).not.toContain('scrypt$');
      expect(text).not.toMatch(/[0-9a-f]{64}/);
    });
  });
});

describe('migration StaffAccounts on a database with staff tokens', () => {
  const name = `staff_migration_${process.pid}_${Math.floor(Math.random() * 1e9)}`;
  const adminUrl = () => process.env[TEST_ADMIN_URL_ENV] as string;
  const withAdmin = async (sql: string) => {
    const client = new Client({ connectionString: adminUrl() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };

  afterAll(() => withAdmin(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)} WITH (FORCE)`));

  it('moves every existing token to staff_api_tokens, where it keeps working, and down() moves it back', async () => {
    await withAdmin(`CREATE DATABASE ${quoteIdentifier(name)}`);
    const url = databaseUrl(adminUrl(), name);
    const before = new DataSource({ ...typeOrmOptions(url), migrations: [InitialSchema1795536812921, InvitationBlockedAt1796101080945] });
    await before.initialize();
    const tokens = ['alter-admin-token-1234567890', 'alter-analyst-token-123456789'];
    await before.runMigrations({ transaction: 'each' });
    await before.query(
      `INSERT INTO staff_members (name, role, token_hash, created_at) VALUES
         ('Alt Admin', 'admin', encode(sha256($1::bytea), 'hex'), '2025-01-02T03:04:05Z'),
         ('Alt Analyst', 'analyst', encode(sha256($2::bytea), 'hex'), '2025-02-03T04:05:06Z')`,
      tokens,
    );
    await before.destroy();

    const after = new DataSource(typeOrmOptions(url));
    await after.initialize();
    try {
      expect((await after.runMigrations({ transaction: 'each' })).map((migration) => migration.name)).toEqual([
        expect.stringMatching(/^StaffAccounts/),
      ]);
      const moved = await after.query(
        `SELECT m.name, t.label, t.created_at, t.revoked_at, t.token_hash = encode(sha256(convert_to(x.token, 'UTF8')), 'hex') AS same
           FROM staff_api_tokens t JOIN staff_members m ON m.id = t.member_id
           JOIN unnest($1::text[]) AS x(token) ON t.token_hash = encode(sha256(convert_to(x.token, 'UTF8')), 'hex')
          ORDER BY m.name`,
        [tokens],
      );
      expect(moved).toEqual([
        { name: 'Alt Admin', label: 'Token', created_at: new Date('2025-01-02T03:04:05Z'), revoked_at: null, same: true },
        { name: 'Alt Analyst', label: 'Token', created_at: new Date('2025-02-03T04:05:06Z'), revoked_at: null, same: true },
      ]);
      const columns = await after.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'staff_members' ORDER BY ordinal_position`,
      );
      expect(columns.map((column: { column_name: string }) => column.column_name)).toEqual([
        'id',
        'name',
        'role',
        'created_at',
        'email',
        'password_hash',
        'revoked_at',
      ]);

      await after.undoLastMigration({ transaction: 'each' });
      const back = await after.query(
        `SELECT name FROM staff_members WHERE token_hash = ANY(SELECT encode(sha256(convert_to(t, 'UTF8')), 'hex') FROM unnest($1::text[]) AS t) ORDER BY name`,
        [tokens],
      );
      expect(back).toEqual([{ name: 'Alt Admin' }, { name: 'Alt Analyst' }]);
    } finally {
      await after.destroy();
    }
  });

  it('keeps the tokens working through the application', async () => {
    const url = databaseUrl(adminUrl(), name);
    const migrated = new DataSource(typeOrmOptions(url));
    await migrated.initialize();
    await migrated.runMigrations({ transaction: 'each' });
    await migrated.destroy();
    const app = await createApp(url, new Clock());
    try {
      await request(app.getHttpServer()).get('/api/waves').auth('alter-admin-token-1234567890', { type: 'bearer' }).expect(200);
      expect(await app.get(StaffAuthService).authenticate('alter-analyst-token-123456789')).toMatchObject({
        name: 'Alt Analyst',
        role: 'analyst',
      });
    } finally {
      await app.close();
    }
  });
});
