import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor } from '../auth/actor';
import { ErrorCode } from '../common/error-code';
import { isUniqueViolation } from '../common/postgres-errors';
import { DefinitionVersion } from '../definitions/definition-version.entity';
import { AuditEventDto, WaveCountsDto, WaveDto } from './dto/wave.dto';
import { CreateWaveDto } from './dto/create-wave.dto';
import { UpdateWaveDto } from './dto/update-wave.dto';
import { nextStatus, WaveAction } from './wave-transitions';
import { WaveException } from './wave.exception';
import { Wave, WaveStatus } from './wave.entity';

const ACTION_EVENTS: Record<WaveAction, string> = { open: 'wave.opened', close: 'wave.closed', reopen: 'wave.reopened' };

@Injectable()
export class WavesService {
  private readonly logger = new Logger(WavesService.name);

  constructor(
    @InjectRepository(Wave) private readonly waves: Repository<Wave>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateWaveDto): Promise<WaveDto> {
    assertWindow(dto.opensAt ?? null, dto.closesAt ?? null);
    const wave = await this.dataSource.transaction(async (manager) => {
      await this.assertDefinitionExists(manager, dto.surveyId, dto.version);
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
        throw error;
      }
      await this.audit.record(actor, { action: 'wave.created', waveCode: dto.code, surveyId: dto.surveyId, details: { title: dto.title } }, manager);
      await this.audit.record(actor, { action: 'definition.pinned', waveCode: dto.code, surveyId: dto.surveyId, details: { version: dto.version } }, manager);
      return manager.findOneByOrFail(Wave, { code: dto.code });
    });
    this.logger.log(`Wave ${wave.code} created on ${wave.surveyId}/${wave.version}`);
    return WaveDto.from(wave, { invitations: 0, started: 0, completed: 0 });
  }

  async list(): Promise<WaveDto[]> {
    const waves = await this.waves.find({ order: { opensAt: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'ASC' } });
    const counts = await this.counts(waves.map((wave) => wave.id));
    return waves.map((wave) => WaveDto.from(wave, counts.get(wave.id) ?? emptyCounts()));
  }

  async get(code: string): Promise<WaveDto> {
    const wave = await this.findByCode(code);
    const counts = await this.counts([wave.id]);
    return WaveDto.from(wave, counts.get(wave.id) ?? emptyCounts());
  }

  async findByCode(code: string, manager: EntityManager = this.dataSource.manager): Promise<Wave> {
    const wave = await manager.findOneBy(Wave, { code });
    if (!wave) throw new WaveException(ErrorCode.WAVE_NOT_FOUND, `There is no wave with the code "${code}"`);
    return wave;
  }

  async update(actor: Actor, code: string, dto: UpdateWaveDto): Promise<WaveDto> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.lockByCode(manager, code);
      const repins = (dto.surveyId !== undefined && dto.surveyId !== wave.surveyId) || (dto.version !== undefined && dto.version !== wave.version);
      if (repins && wave.status !== WaveStatus.Draft) {
        throw new WaveException(ErrorCode.WAVE_PIN_IMMUTABLE, `Wave ${code} is ${wave.status}: its definition version can no longer change`);
      }
      const changes: Partial<Pick<Wave, 'title' | 'surveyId' | 'version' | 'opensAt' | 'closesAt'>> = {};
      if (dto.title !== undefined) changes.title = dto.title;
      if (dto.opensAt !== undefined) changes.opensAt = dto.opensAt;
      if (dto.closesAt !== undefined) changes.closesAt = dto.closesAt;
      if (repins) {
        changes.surveyId = dto.surveyId ?? wave.surveyId;
        changes.version = dto.version ?? wave.version;
        await this.assertDefinitionExists(manager, changes.surveyId, changes.version);
      }
      assertWindow(changes.opensAt !== undefined ? changes.opensAt : wave.opensAt, changes.closesAt !== undefined ? changes.closesAt : wave.closesAt);
      await manager.update(Wave, { id: wave.id }, changes);
      const details = Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
      await this.audit.record(actor, { action: 'wave.updated', waveCode: code, surveyId: wave.surveyId, details }, manager);
      if (repins) {
        await this.audit.record(actor, { action: 'definition.pinned', waveCode: code, surveyId: changes.surveyId, details: { version: changes.version } }, manager);
      }
    });
    return this.get(code);
  }

  async transition(actor: Actor, code: string, action: WaveAction): Promise<WaveDto> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.lockByCode(manager, code);
      const status = nextStatus(wave.status, action);
      if (!status) {
        throw new WaveException(ErrorCode.WAVE_TRANSITION_NOT_ALLOWED, `Wave ${code} is ${wave.status}; it cannot be ${pastTense(action)}`);
      }
      await manager.update(Wave, { id: wave.id }, { status });
      await this.audit.record(actor, { action: ACTION_EVENTS[action], waveCode: code, surveyId: wave.surveyId, details: { from: wave.status, to: status } }, manager);
    });
    this.logger.log(`Wave ${code} ${pastTense(action)}`);
    return this.get(code);
  }

  async remove(actor: Actor, code: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const wave = await this.lockByCode(manager, code);
      if (wave.status !== WaveStatus.Draft) {
        throw new WaveException(ErrorCode.WAVE_NOT_DELETABLE, `Wave ${code} is ${wave.status}; only a draft wave can be deleted`);
      }
      await manager.delete(Wave, { id: wave.id });
      await this.audit.record(actor, { action: 'wave.deleted', waveCode: code, surveyId: wave.surveyId, details: { title: wave.title, version: wave.version } }, manager);
    });
    this.logger.log(`Wave ${code} deleted`);
  }

  async events(code: string): Promise<AuditEventDto[]> {
    await this.findByCode(code);
    const events = await this.audit.forWave(code);
    return events.map((event) => ({ occurredAt: event.occurredAt.toISOString(), actor: event.actor, action: event.action, details: event.details }));
  }

  /** The wave row, locked until the transaction ends (serialises state changes and saves). */
  private async lockByCode(manager: EntityManager, code: string): Promise<Wave> {
    const wave = await manager.findOne(Wave, { where: { code }, lock: { mode: 'pessimistic_write' } });
    if (!wave) throw new WaveException(ErrorCode.WAVE_NOT_FOUND, `There is no wave with the code "${code}"`);
    return wave;
  }

  private async assertDefinitionExists(manager: EntityManager, surveyId: string, version: string): Promise<void> {
    const exists = await manager.existsBy(DefinitionVersion, { surveyId, version });
    if (!exists) {
      throw new WaveException(ErrorCode.WAVE_DEFINITION_UNKNOWN, `There is no definition ${surveyId} version ${version}`, [
        { path: 'version', message: `unknown definition ${surveyId}/${version}` },
      ]);
    }
  }

  private async counts(waveIds: string[]): Promise<Map<string, WaveCountsDto>> {
    if (waveIds.length === 0) return new Map();
    const rows: Array<{ wave_id: string; invitations: number; started: number; completed: number }> = await this.dataSource.query(
      `SELECT wave_id,
              count(*)::int AS invitations,
              count(*) FILTER (WHERE status = 'started')::int AS started,
              count(*) FILTER (WHERE status = 'completed')::int AS completed
         FROM invitations
        WHERE wave_id = ANY($1::uuid[])
        GROUP BY wave_id`,
      [waveIds],
    );
    return new Map(rows.map((row) => [row.wave_id, { invitations: row.invitations, started: row.started, completed: row.completed }]));
  }
}

function emptyCounts(): WaveCountsDto {
  return { invitations: 0, started: 0, completed: 0 };
}

function pastTense(action: WaveAction): string {
  return { open: 'opened', close: 'closed', reopen: 'reopened' }[action];
}

function assertWindow(opensAt: Date | null, closesAt: Date | null): void {
  if (opensAt && closesAt && closesAt <= opensAt) {
    throw new WaveException(ErrorCode.VALIDATION_FAILED, 'The fielding window is empty', [
      { path: 'closesAt', message: 'closesAt must be later than opensAt' },
    ]);
  }
}
