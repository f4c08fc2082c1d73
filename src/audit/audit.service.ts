import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Actor, describeActor } from '../auth/actor';
import { AuditEvent } from './audit-event.entity';

export interface AuditEntry {
  action: string;
  waveCode?: string;
  surveyId?: string;
  details?: Record<string, unknown>;
}

/** Which events: all filters optional; `actor` is a staff member's id (uuid) or, for events without one, the actor text (e.g. `system`). */
export interface AuditQuery {
  waveCode?: string;
  action?: string;
  actor?: string;
  /** 1-based. */
  page: number;
  pageSize: number;
}

export interface AuditEventView {
  id: string;
  occurredAt: Date;
  actor: string;
  actorId: string | null;
  action: string;
  waveCode: string | null;
  surveyId: string | null;
  details: Record<string, unknown>;
}

export interface AuditPage {
  events: AuditEventView[];
  total: number;
  page: number;
  pageSize: number;
}

/** One person in the filter: `value` is what `AuditQuery.actor` takes (the id, or the text for events without id). */
export interface AuditActorOption {
  value: string;
  label: string;
}

export interface AuditFilters {
  waveCodes: string[];
  actions: string[];
  actors: AuditActorOption[];
}

/** Which events an export holds: the filters of `AuditQuery` without the page. */
export type AuditExportQuery = Omit<AuditQuery, 'page' | 'pageSize'>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Events fetched per round trip of an export. */
export const AUDIT_EXPORT_BATCH = 1000;

@Injectable()
export class AuditService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /** Records an event; pass the transaction's manager so the event commits (or not) with the change. */
  async record(actor: Actor, entry: AuditEntry, manager?: EntityManager): Promise<void> {
    const repository = manager ? manager.getRepository(AuditEvent) : this.events;
    const event = repository.create({
      actor: describeActor(actor),
      actorId: actor.id,
      action: entry.action,
      waveCode: entry.waveCode ?? null,
      surveyId: entry.surveyId ?? null,
      details: entry.details ?? {},
    });
    await repository.save(event);
  }

  forWave(waveCode: string): Promise<AuditEvent[]> {
    return this.events.find({ where: { waveCode }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }

  /** The events about one invitation (their details name it, alone or in a list), oldest first: for a person's access request. */
  async aboutInvitation(invitationId: string, manager?: EntityManager): Promise<AuditEventView[]> {
    const rows: Array<{
      id: string;
      occurred_at: Date;
      actor: string;
      actor_id: string | null;
      action: string;
      wave_code: string | null;
      survey_id: string | null;
      details: Record<string, unknown>;
    }> = await (manager ?? this.events.manager).query(
      `SELECT id, occurred_at, actor, actor_id, action, wave_code, survey_id, details FROM audit_events
          WHERE details->>'invitationId' = $1 OR details->'invitationIds' @> jsonb_build_array($1::text)
          ORDER BY occurred_at, id`,
      [invitationId],
    );
    return rows.map((row) => ({
      id: String(row.id),
      occurredAt: row.occurred_at,
      actor: row.actor,
      actorId: row.actor_id,
      action: row.action,
      waveCode: row.wave_code,
      surveyId: row.survey_id,
      details: row.details,
    }));
  }

  /**
   * Removes an imported response's external id (and the file row it was on) from the details of the wave's events that
   * name it, in the caller's transaction: after an erasure nothing in the trail leads back to the person's row.
   */
  async forgetExternalId(manager: EntityManager, waveCode: string, externalId: string): Promise<void> {
    await manager.query(
      `UPDATE audit_events SET details = details - 'externalId' - 'row' WHERE wave_code = $1 AND details->>'externalId' = $2`,
      [waveCode, externalId],
    );
  }

  /** When `action` last happened to the wave, or null. */
  async lastOccurrence(waveCode: string, action: string): Promise<Date | null> {
    const event = await this.events.findOne({
      select: { occurredAt: true },
      where: { waveCode, action },
      order: { occurredAt: 'DESC', id: 'DESC' },
    });
    return event?.occurredAt ?? null;
  }

  /**
   * One page of the trail, newest first, with the number of matching events.
   * A person is filtered by `actor_id` when `actor` is an id, else by the actor
   * text among events without id (the system, events before issue 13).
   */
  async search(query: AuditQuery): Promise<AuditPage> {
    const [events, total] = await this.filtered(query)
      .orderBy('event.occurredAt', 'DESC')
      .addOrderBy('event.id', 'DESC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    return { events, total, page: query.page, pageSize: query.pageSize };
  }

  /**
   * Every event matching the filters, newest first, for the CSV export (`GET /api/audit.csv`): recorded as
   * `audit.exported` (with its filters) first, so the export itself is in the trail it exports. The events are
   * read in batches of AUDIT_EXPORT_BATCH by keyset (after the last event's exact `(occurred_at, id)`), so
   * memory stays flat however long the trail is, and a page boundary never skips or repeats an event.
   */
  async exportEvents(actor: Actor, query: AuditExportQuery): Promise<AsyncGenerator<AuditEventView>> {
    const filters = Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined));
    await this.record(actor, { action: 'audit.exported', details: { filters } });
    return this.exportBatches(query);
  }

  private async *exportBatches(query: AuditExportQuery): AsyncGenerator<AuditEventView> {
    let last: string | undefined;
    for (;;) {
      const builder = this.filtered(query);
      if (last !== undefined) {
        builder.andWhere('(event.occurredAt, event.id) < (SELECT last.occurred_at, last.id FROM audit_events last WHERE last.id = :last)', {
          last,
        });
      }
      const batch = await builder.orderBy('event.occurredAt', 'DESC').addOrderBy('event.id', 'DESC').take(AUDIT_EXPORT_BATCH).getMany();
      yield* batch;
      if (batch.length < AUDIT_EXPORT_BATCH) return;
      last = batch[batch.length - 1].id;
    }
  }

  /**
   * The events of the filters. A person is filtered by `actor_id` when `actor` is an id, else by the actor
   * text among events without id (the system, events before issue 13).
   */
  private filtered(query: AuditExportQuery): SelectQueryBuilder<AuditEvent> {
    const builder = this.events.createQueryBuilder('event');
    if (query.waveCode !== undefined) builder.andWhere('event.waveCode = :waveCode', { waveCode: query.waveCode });
    if (query.action !== undefined) builder.andWhere('event.action = :action', { action: query.action });
    if (query.actor !== undefined) {
      if (UUID.test(query.actor)) builder.andWhere('event.actorId = :actorId', { actorId: query.actor });
      else builder.andWhere('event.actorId IS NULL AND event.actor = :actor', { actor: query.actor });
    }
    return builder;
  }

  /** The values the filters offer: wave codes, actions and people that occur in the trail, sorted. */
  async filters(): Promise<AuditFilters> {
    const [waves, actions, actors]: [Array<{ value: string }>, Array<{ value: string }>, AuditActorOption[]] = await Promise.all([
      this.events.query<Array<{ value: string }>>(
        `SELECT DISTINCT wave_code AS value FROM audit_events WHERE wave_code IS NOT NULL ORDER BY 1`,
      ),
      this.events.query<Array<{ value: string }>>(`SELECT DISTINCT action AS value FROM audit_events ORDER BY 1`),
      // Per staff member its latest name; events without id by their text.
      this.events.query<AuditActorOption[]>(
        `SELECT value, label FROM (
           SELECT DISTINCT ON (actor_id) actor_id::text AS value, actor AS label FROM audit_events
            WHERE actor_id IS NOT NULL ORDER BY actor_id, occurred_at DESC, id DESC
         ) staff
         UNION
         SELECT DISTINCT actor, actor FROM audit_events WHERE actor_id IS NULL
         ORDER BY label, value`,
      ),
    ]);
    return { waveCodes: waves.map((row) => row.value), actions: actions.map((row) => row.value), actors };
  }
}
