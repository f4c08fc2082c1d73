import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { generateToken, hashToken } from '../common/tokens';
import { Actor } from './actor';
import { StaffRole } from './staff-member.entity';

/** A console session ends after this long without a request. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** `last_seen_at` is written at most this often, not on every request. */
const TOUCH_AFTER_MS = 60 * 1000;

export interface ConsoleSession {
  /** SHA-256 of the cookie value: the row's id. */
  id: string;
  csrfToken: string;
  /** The signed-in staff member; undefined for a sign-in form's session. */
  actor?: Actor;
  flash: string | null;
}

export interface OpenedSession {
  /** The cookie's value: given to the browser once, stored only as its hash. */
  cookieValue: string;
  session: ConsoleSession;
}

interface SessionRow {
  id: string;
  csrf_token: string;
  flash: string | null;
  last_seen_at: Date;
  member_id: string | null;
  name: string | null;
  role: StaffRole | null;
}

/**
 * Console sessions, stored in PostgreSQL: they survive a restart, every instance on the database
 * sees them, and they end after 8 hours without a request, on sign-out, and when the account is revoked.
 */
@Injectable()
export class StaffSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  /** A new session (for a member, or for a sign-in form when `memberId` is null) with its own CSRF token. */
  async open(memberId: string | null): Promise<OpenedSession> {
    const now = this.clock.now();
    const cookieValue = generateToken();
    const id = hashToken(cookieValue);
    const csrfToken = generateToken();
    await this.dataSource.query('DELETE FROM staff_sessions WHERE last_seen_at <= $1', [this.idleCutoff(now)]);
    await this.dataSource.query(
      'INSERT INTO staff_sessions (id, member_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)',
      [id, memberId, csrfToken, now],
    );
    const session = await this.find(cookieValue);
    if (!session) throw new Error('A session just opened could not be read back');
    return { cookieValue, session };
  }

  /** The live session of a cookie value, or undefined (unknown, idle for 8 hours, or its account revoked). */
  async find(cookieValue: string): Promise<ConsoleSession | undefined> {
    if (cookieValue.length === 0 || cookieValue.length > 100) return undefined;
    const now = this.clock.now();
    const [row]: SessionRow[] = await this.dataSource.query(
      `SELECT s.id, s.csrf_token, s.flash, s.last_seen_at, m.id AS member_id, m.name, m.role
         FROM staff_sessions s
         LEFT JOIN staff_members m ON m.id = s.member_id
        WHERE s.id = $1 AND s.last_seen_at > $2 AND m.revoked_at IS NULL`,
      [hashToken(cookieValue), this.idleCutoff(now)],
    );
    if (row === undefined) return undefined;
    if (now.getTime() - row.last_seen_at.getTime() > TOUCH_AFTER_MS) {
      await this.dataSource.query('UPDATE staff_sessions SET last_seen_at = $2 WHERE id = $1', [row.id, now]);
    }
    return {
      id: row.id,
      csrfToken: row.csrf_token,
      flash: row.flash,
      actor:
        row.member_id !== null && row.name !== null && row.role !== null
          ? { id: row.member_id, name: row.name, role: row.role }
          : undefined,
    };
  }

  /** Ends one session (sign-out). */
  async close(sessionId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM staff_sessions WHERE id = $1', [sessionId]);
  }

  /** Ends every session of a staff member (their account was revoked). */
  async closeAllOf(memberId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM staff_sessions WHERE member_id = $1', [memberId]);
  }

  /** A message for the next page the session sees. */
  async setFlash(sessionId: string, message: string): Promise<void> {
    await this.dataSource.query('UPDATE staff_sessions SET flash = $2 WHERE id = $1', [sessionId, message.slice(0, 500)]);
  }

  /** Clears the message once a page has shown it. */
  async clearFlash(sessionId: string): Promise<void> {
    await this.dataSource.query('UPDATE staff_sessions SET flash = NULL WHERE id = $1 AND flash IS NOT NULL', [sessionId]);
  }

  private idleCutoff(now: Date): Date {
    return new Date(now.getTime() - SESSION_IDLE_MS);
  }
}
