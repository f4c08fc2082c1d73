import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../auth/actor';
import { isCode } from '../common/codes';
import { ErrorCode } from '../common/error-code';
import { isForeignKeyViolation, isUniqueViolation } from '../common/postgres-errors';
import { FrozenCounts } from '../responses/frozen-counts';
import { AuditEventDto } from './dto/wave.dto';
import { CreateWaveDto } from './dto/create-wave.dto';
import { UpdateWaveDto } from './dto/update-wave.dto';
import { nextStatus, WaveAction } from './wave-transitions';
import { WaveException } from './wave.exception';
import { Wave, WaveStatus } from './wave.entity';

const ACTION_EVENTS: Record<WaveAction, string> = { open: 'wave.opened', close: 'wave.closed', reopen: 'wave.reopened' };

/** The wave's pinned version; `definitions` asks which waves pin a version. */
export interface WavePin {
  code: string;
  surveyId: string;
  version: string;
}

/**
 * The one owner of the `waves` table: every other module finds, lists and
 * locks waves through this service. It reads no other module's table: that a
 * pinned definition version exists is answered by the foreign key
 * `waves_definition_fkey` (definitions ask `pinsOf()` which waves use a
 * version, so the dependency runs definitions → waves only).
 */
@Injectable()
export class WavesService {
  private readonly logger = new Logger(WavesService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly frozenCounts: FrozenCounts,
  ) {}

  /** The wave of the code; WAVE_NOT_FOUND (the one place it is thrown) when there is none or the code is malformed. */
  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Wave> {
    const wave = isCode(code) ? await manager.findOneBy(Wave, { code }) : null;
    if (!wave) throw waveNotFound(code);
    return wave;
  }

  /**
   * The wave of the code, FOR SHARE in the caller's transaction: no status change and no forgetting of its contacts
   * meanwhile (they lock it FOR NO KEY UPDATE), while saves and other erasures go on. 404 for an unknown code.
   */
  async shareByCode(manager: EntityManager, code: string): Promise<Wave> {
    const wave = isCode(code) ? await manager.findOne(Wave, { where: { code }, lock: { mode: 'pessimistic_read' } }) : null;
    if (!wave) throw waveNotFound(code);
    return wave;
  }

  /** The wave of the id, without a lock. */
  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Wave | null> {
    return manager.findOne(Wave, { where: { id } });
  }

  /** The waves of those codes that have one, in no particular order. */
  async existing(codes: string[]): Promise<Wave[]> {
    const valid = codes.filter(isCode);
    return valid.length > 0 ? this.dataSource.manager.findBy(Wave, { code: In(valid) }) : [];
  }

  /** The waves of the codes, in the given order; WAVE_NOT_FOUND naming the first code without a wave. */
  async findByCodes(codes: string[]): Promise<Wave[]> {
    const found = await this.existing(codes);
    return codes.map((code) => {
      const wave = found.find((candidate) => candidate.code === code);
      if (!wave) throw waveNotFound(code);
      return wave;
    });
  }

  /**
   * The waves (of one survey, or all) in fielding order: by fielding start,
   * unknown last, then creation, then code. The one definition of this order.
   */
  inFieldingOrder(surveyId?: string): Promise<Wave[]> {
    const query = this.dataSource.manager.createQueryBuilder(Wave, 'wave');
    if (surveyId !== undefined) query.where('wave.surveyId = :surveyId', { surveyId });
    return query.orderBy('wave.opensAt', 'ASC', 'NULLS LAST').addOrderBy('wave.createdAt', 'ASC').addOrderBy('wave.code', 'ASC').getMany();
  }

  /** The pins of every wave (or of one version), by wave code; in `manager`'s transaction when given. */
  pinsOf(version?: { surveyId: string; version: string }, manager: EntityManager = this.dataSource.manager): Promise<WavePin[]> {
    return manager.find(Wave, {
      select: { code: true, surveyId: true, version: true },
      where: version ? { ...version } : {},
      order: { code: 'ASC' },
    });
  }

  async create(actor: Actor, dto: CreateWaveDto): Promise<Wave> {
    assertWindow(dto.opensAt ?? null, dto.closesAt ?? null);
    const wave = await this.dataSource.transaction(async (manager) => {
      try {
        await manager.insert(Wave, {
          code: dto.code,
          title: dto.title,
          surveyId: dto.surveyId,
          version: dto.version,
          status: WaveStatus.Draft,
          opensAt: dto.opensAt ?? null,
          closesAt: dto.closesAt ?? null,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'waves_code_key')) {
          throw new WaveException(ErrorCode.WAVE_CODE_TAKEN, `A wave with the code "${dto.code}" exists already`);
        }
        throw pinError(error, dto.surveyId, dto.version);
      }
      await this.audit.record(
        actor,
        { action: 'wave.created', waveCode: dto.code, surveyId: dto.surveyId, details: { title: dto.title } },
        manager,
      );
      await this.audit.record(
        actor,
        { action: 'definition.pinned', waveCode: dto.code, surveyId: dto.surveyId, details: { version: dto.version } },
        manager,
      );
      return manager.findOneByOrFail(Wave, { code: dto.code });
    });
    this.logger.log(`Wave ${wave.code} created on ${wave.surveyId}/${wave.version}`);
    return wave;
  }

  /**
   * Title, window and, while a draft, the pinned version. `holdsAnswers` (asked with the wave locked, in the same
   * transaction) tells whether a draft already holds responses (imported ones: a past wave is filled as a draft);
   * such a draft keeps its version, since its answers were checked against it.
   */
  async update(
    actor: Actor,
    code: string,
    dto: UpdateWaveDto,
    holdsAnswers: (manager: EntityManager, wave: Wave) => Promise<boolean> = async () => false,
  ): Promise<Wave> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.lockByCode(manager, code);
      const repins =
        (dto.surveyId !== undefined && dto.surveyId !== wave.surveyId) || (dto.version !== undefined && dto.version !== wave.version);
      if (repins && wave.status !== WaveStatus.Draft) {
        throw new WaveException(
          ErrorCode.WAVE_PIN_IMMUTABLE,
          `Wave ${code} is ${wave.status}: its definition version can no longer change`,
        );
      }
      if (repins && (await holdsAnswers(manager, wave))) {
        throw new WaveException(
          ErrorCode.WAVE_PIN_IMMUTABLE,
          `Wave ${code} holds imported responses, checked against version ${wave.version}: its definition version can no longer change (undo the imports first)`,
        );
      }
      const changes: Partial<Pick<Wave, 'title' | 'surveyId' | 'version' | 'opensAt' | 'closesAt'>> = {};
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.opensAt !== undefined) changes.opensAt = dto.opensAt;
      if (dto.closesAt !== undefined) changes.closesAt = dto.closesAt;
      if (repins) {
        changes.surveyId = dto.surveyId ?? wave.surveyId;
        changes.version = dto.version ?? wave.version;
      }
      assertWindow(
        changes.opensAt !== undefined ? changes.opensAt : wave.opensAt,
        changes.closesAt !== undefined ? changes.closesAt : wave.closesAt,
      );
      if (wave.status === WaveStatus.Open && (changes.opensAt !== undefined || changes.closesAt !== undefined)) {
        await awaitSaves(manager, wave);
      }
      try {
        await manager.update(Wave, { id: wave.id }, changes);
      } catch (error) {
        throw repins ? pinError(error, changes.surveyId ?? wave.surveyId, changes.version ?? wave.version) : error;
      }
      const details = Object.fromEntries(
        Object.entries(changes).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
      );
      await this.audit.record(actor, { action: 'wave.updated', waveCode: code, surveyId: wave.surveyId, details }, manager);
      if (repins) {
        await this.audit.record(
          actor,
          { action: 'definition.pinned', waveCode: code, surveyId: changes.surveyId, details: { version: changes.version } },
          manager,
        );
      }
    });
    return this.findByCode(code);
  }

  async transition(actor: Actor, code: string, action: WaveAction): Promise<Wave> {
    await this.dataSource.transaction(async (manager) => {
      await this.applyTransition(manager, actor, await this.lockByCode(manager, code), action);
    });
    this.logger.log(`Wave ${code} ${pastTense(action)}`);
    return this.findByCode(code);
  }

  /**
   * Closes every open wave whose window has ended (closesAt <= now), as the
   * system, through the same transition as a manual close (audited
   * `wave.closed` with `automatic: true`). One transaction; the rows are
   * locked FOR NO KEY UPDATE SKIP LOCKED, so concurrent sweeps (several instances)
   * never close a wave twice and never wait for each other. Returns the codes.
   */
  async closeExpired(now: Date): Promise<string[]> {
    const closed = await this.dataSource.transaction(async (manager) => {
      const due = await manager
        .createQueryBuilder(Wave, 'wave')
        .where('wave.status = :status AND wave.closesAt <= :now', { status: WaveStatus.Open, now })
        .orderBy('wave.closesAt', 'ASC')
        .addOrderBy('wave.code', 'ASC')
        .setLock('for_no_key_update')
        .setOnLocked('skip_locked')
        .getMany();
      for (const wave of due) {
        await this.applyTransition(manager, SYSTEM_ACTOR, wave, 'close', { automatic: true, closesAt: wave.closesAt?.toISOString() });
      }
      return due;
    });
    for (const wave of closed)
      this.logger.log(`Wave ${wave.code} closed automatically: its window ended at ${wave.closesAt?.toISOString()}`);
    return closed.map((wave) => wave.code);
  }

  /**
   * Closed waves whose contact data is due to be forgotten: closed at or before `closedBefore` and not forgotten since
   * that close (a wave reopened and closed again is due again). Locked FOR NO KEY UPDATE SKIP LOCKED in the caller's
   * transaction, so concurrent sweeps never take one wave twice.
   */
  dueForContactErasure(manager: EntityManager, closedBefore: Date): Promise<Wave[]> {
    return manager
      .createQueryBuilder(Wave, 'wave')
      .where('wave.status = :status AND wave.closedAt <= :closedBefore', { status: WaveStatus.Closed, closedBefore })
      .andWhere('(wave.contactsErasedAt IS NULL OR wave.contactsErasedAt < wave.closedAt)')
      .orderBy('wave.closedAt', 'ASC')
      .setLock('for_no_key_update')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Locks a wave by code (FOR NO KEY UPDATE) in the caller's transaction; 404 for an unknown code. */
  lockForChange(manager: EntityManager, code: string): Promise<Wave> {
    return this.lockByCode(manager, code);
  }

  /** Records that a wave's contact data was forgotten now, in the caller's transaction. */
  async markContactsErased(manager: EntityManager, waveId: string): Promise<void> {
    await manager.query('UPDATE waves SET contacts_erased_at = now(), updated_at = now() WHERE id = $1', [waveId]);
  }

  /** The one code path of a status change: the state machine, the update and its audit event, in `manager`'s transaction on a locked wave. */
  private async applyTransition(
    manager: EntityManager,
    actor: Actor,
    wave: Wave,
    action: WaveAction,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    const status = nextStatus(wave.status, action);
    if (status === undefined) {
      throw new WaveException(
        ErrorCode.WAVE_TRANSITION_NOT_ALLOWED,
        `Wave ${wave.code} is ${wave.status}; it cannot be ${pastTense(action)}`,
      );
    }
    if (status === WaveStatus.Closed) await awaitSaves(manager, wave);
    await manager.update(Wave, { id: wave.id }, { status, closedAt: status === WaveStatus.Closed ? () => 'now()' : null });
    // A closed wave's counts are frozen in the same transaction (served to results, trends, figures); live again when reopened.
    await (status === WaveStatus.Closed ? this.frozenCounts.freeze(manager, wave.id) : this.frozenCounts.drop(manager, wave.id));
    await this.audit.record(
      actor,
      {
        action: ACTION_EVENTS[action],
        waveCode: wave.code,
        surveyId: wave.surveyId,
        details: { from: wave.status, to: status, ...details },
      },
      manager,
    );
  }

  async remove(actor: Actor, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.lockByCode(manager, code);
      if (wave.status !== WaveStatus.Draft) {
        throw new WaveException(ErrorCode.WAVE_NOT_DELETABLE, `Wave ${code} is ${wave.status}; only a draft wave can be deleted`);
      }
      await manager.delete(Wave, { id: wave.id });
      await this.audit.record(
        actor,
        { action: 'wave.deleted', waveCode: code, surveyId: wave.surveyId, details: { title: wave.title, version: wave.version } },
        manager,
      );
    });
    this.logger.log(`Wave ${code} deleted`);
  }

  async events(code: string): Promise<AuditEventDto[]> {
    await this.findByCode(code);
    const events = await this.audit.forWave(code);
    return events.map((event) => ({
      occurredAt: event.occurredAt.toISOString(),
      actor: event.actor,
      action: event.action,
      details: event.details,
    }));
  }

  /**
   * The wave row, locked FOR NO KEY UPDATE until `manager`'s transaction ends: serialises state changes, imports and
   * erasures (FOR SHARE), but not the saves, which key-share it through their foreign keys (see awaitSaves).
   */
  async lockByCode(manager: EntityManager, code: string): Promise<Wave> {
    const wave = isCode(code) ? await manager.findOne(Wave, { where: { code }, lock: { mode: 'for_no_key_update' } }) : null;
    if (!wave) throw waveNotFound(code);
    return wave;
  }
}

/** WAVE_NOT_FOUND: the one message, from the one place. */
function waveNotFound(code: string): WaveException {
  return new WaveException(ErrorCode.WAVE_NOT_FOUND, `There is no wave with the code "${code}"`);
}

/** The foreign key waves_definition_fkey answers whether the pinned version exists. */
function pinError(error: unknown, surveyId: string, version: string): unknown {
  if (!isForeignKeyViolation(error, 'waves_definition_fkey')) return error;
  return new WaveException(ErrorCode.WAVE_DEFINITION_UNKNOWN, `There is no definition ${surveyId} version ${version}`, [
    { path: 'version', message: `unknown definition ${surveyId}/${version}` },
  ]);
}

function pastTense(action: WaveAction): string {
  return { open: 'opened', close: 'closed', reopen: 'reopened' }[action];
}

/**
 * Waits, in `manager`'s transaction, for the saves into the wave that are in flight (they commit before the change
 * and are counted) and makes every later save wait until the transaction ends (it then reads the change and is refused).
 * The other side of `wave_accepts_answers` (migration SaveGate). The wave's row is locked FOR NO KEY UPDATE, never FOR
 * UPDATE: a save in flight key-shares it through its foreign keys and must not wait for the change that waits for it.
 */
async function awaitSaves(manager: EntityManager, wave: Wave): Promise<void> {
  await manager.query('SELECT wave_await_saves($1)', [wave.id]);
}

function assertWindow(opensAt: Date | null, closesAt: Date | null): void {
  if (opensAt && closesAt && closesAt <= opensAt) {
    throw new WaveException(ErrorCode.VALIDATION_FAILED, 'The fielding window is empty', [
      { path: 'closesAt', message: 'closesAt must be later than opensAt' },
    ]);
  }
}
