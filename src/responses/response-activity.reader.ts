import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** Responses started (first save) and completed on one calendar day in Europe/Berlin. */
export interface DailyActivity {
  /** The day in Europe/Berlin, `YYYY-MM-DD`. */
  day: string;
  started: number;
  completed: number;
}

/**
 * Starts and completions per Berlin day in one statement. Both scans read only
 * the index `responses_wave_activity_idx`; they group by UTC hour first (plain
 * arithmetic, independent of the session's time zone) and convert only the
 * hours to Berlin days: Berlin's offset is a whole number of hours, so an hour
 * never straddles two Berlin days.
 */
const DAILY_ACTIVITY_SQL = `
SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(started)::int AS started, sum(completed)::int AS completed FROM (
  SELECT (hour AT TIME ZONE 'Europe/Berlin')::date AS day, started, completed FROM (
    SELECT date_bin('1 hour', created_at, TIMESTAMPTZ '2000-01-01 00:00:00Z') AS hour, count(*) AS started, 0 AS completed
      FROM responses WHERE wave_id = $1 GROUP BY 1
    UNION ALL
    SELECT date_bin('1 hour', completed_at, TIMESTAMPTZ '2000-01-01 00:00:00Z'), 0, count(*)
      FROM responses WHERE wave_id = $1 AND completed_at IS NOT NULL GROUP BY 1
  ) hours
) days
GROUP BY day ORDER BY day`;

/**
 * The activity of respondents, for the staff console and the API: progress per
 * day, the last save of a wave and of each invitation. Owned by the responses
 * module (its table); waves, invitations and analysis ask here.
 */
@Injectable()
export class ResponseActivityReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Days with at least one start or completion, in date order. */
  dailyActivity(waveId: string): Promise<DailyActivity[]> {
    return this.dataSource.query<DailyActivity[]>(DAILY_ACTIVITY_SQL, [waveId]);
  }

  /** The latest save (first or later) per wave; waves without a response are absent. One index probe per wave. */
  async lastActivityByWave(waveIds: string[]): Promise<Map<string, Date>> {
    if (waveIds.length === 0) return new Map();
    const rows: Array<{ id: string; last: Date | null }> = await this.dataSource.query(
      `SELECT w.id, (SELECT max(r.updated_at) FROM responses r WHERE r.wave_id = w.id) AS last FROM unnest($1::uuid[]) AS w(id)`,
      [waveIds],
    );
    return new Map(rows.flatMap((row) => (row.last === null ? [] : [[row.id, row.last] as const])));
  }

  /** Whether the wave has any response (in `manager`'s transaction when given). */
  async hasResponses(waveId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [row] = await manager.query<Array<{ found: boolean }>>('SELECT EXISTS (SELECT 1 FROM responses WHERE wave_id = $1) AS found', [
      waveId,
    ]);
    return row.found;
  }

  /** Completed imported responses per wave (waves without any are absent). */
  async importedCompletedByWave(waveIds: string[]): Promise<Map<string, number>> {
    if (waveIds.length === 0) return new Map();
    const rows: Array<{ wave_id: string; count: number }> = await this.dataSource.query(
      `SELECT wave_id, count(*)::int AS count FROM responses
        WHERE wave_id = ANY($1::uuid[]) AND status = 'completed' AND import_id IS NOT NULL GROUP BY wave_id`,
      [waveIds],
    );
    return new Map(rows.map((row) => [row.wave_id, row.count]));
  }

  /** The latest save per invitation of a wave; invitations without a response are absent. */
  async lastActivityByInvitation(waveId: string): Promise<Map<string, Date>> {
    const rows: Array<{ invitation_id: string; updated_at: Date }> = await this.dataSource.query(
      'SELECT invitation_id, updated_at FROM responses WHERE wave_id = $1',
      [waveId],
    );
    return new Map(rows.map((row) => [row.invitation_id, row.updated_at]));
  }

  /** The latest save per invitation of the given ones (a page of a list); invitations without a response are absent. */
  async lastActivityOfInvitations(invitationIds: string[]): Promise<Map<string, Date>> {
    if (invitationIds.length === 0) return new Map();
    const rows: Array<{ invitation_id: string; updated_at: Date }> = await this.dataSource.query(
      'SELECT invitation_id, updated_at FROM responses WHERE invitation_id = ANY($1::uuid[])',
      [invitationIds],
    );
    return new Map(rows.map((row) => [row.invitation_id, row.updated_at]));
  }

  /** The latest save of one invitation's response, or null. */
  async lastActivityOfInvitation(invitationId: string): Promise<Date | null> {
    const [row]: Array<{ updated_at: Date } | undefined> = await this.dataSource.query(
      'SELECT updated_at FROM responses WHERE invitation_id = $1',
      [invitationId],
    );
    return row?.updated_at ?? null;
  }
}
