import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { Actor } from '../auth/actor';
import { EnvironmentVariables } from '../config/env.validation';
import { PrivacyNoticesService } from '../definitions/privacy-notices.service';
import { InvitationCounts, InvitationsService } from '../invitations/invitations.service';
import { ResponseActivityReader } from '../responses/response-activity.reader';
import { AuditEventDto, WaveCountsDto, WaveDto } from './dto/wave.dto';
import { CreateWaveDto } from './dto/create-wave.dto';
import { UpdateWaveDto } from './dto/update-wave.dto';
import { WaveAction } from './wave-transitions';
import { Wave } from './wave.entity';
import { WavesService } from './waves.service';

/**
 * The waves of the staff API: the wave from WavesService, its invitation
 * counts from InvitationsService (the owner of `invitations`), its last
 * activity from the responses module's ResponseActivityReader. Lives above
 * both modules, so neither depends on the other in both directions.
 */
@Injectable()
export class WavesApiService {
  constructor(
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly activity: ResponseActivityReader,
    private readonly privacyNotices: PrivacyNoticesService,
    config: ConfigService<EnvironmentVariables, true>,
  ) {
    this.retentionDays = config.get('CONTACT_RETENTION_DAYS', { infer: true });
  }

  private readonly retentionDays: number;

  async create(actor: Actor, dto: CreateWaveDto): Promise<WaveDto> {
    return this.dto(await this.waves.create(actor, dto));
  }

  async list(): Promise<WaveDto[]> {
    return this.dtos(await this.waves.inFieldingOrder());
  }

  async get(code: string): Promise<WaveDto> {
    return this.dto(await this.waves.findByCode(code));
  }

  async update(actor: Actor, code: string, dto: UpdateWaveDto): Promise<WaveDto> {
    return this.dto(await this.waves.update(actor, code, dto, (manager, wave) => this.activity.hasResponses(wave.id, manager)));
  }

  async transition(actor: Actor, code: string, action: WaveAction): Promise<WaveDto> {
    return this.dto(await this.waves.transition(actor, code, action));
  }

  remove(actor: Actor, code: string): Promise<void> {
    return this.waves.remove(actor, code);
  }

  events(code: string): Promise<AuditEventDto[]> {
    return this.waves.events(code);
  }

  private async dto(wave: Wave): Promise<WaveDto> {
    const [dto] = await this.dtos([wave]);
    return dto;
  }

  private async dtos(waves: Wave[]): Promise<WaveDto[]> {
    const ids = waves.map((wave) => wave.id);
    const [counts, lastActivity, imported, withNotice] = await Promise.all([
      this.invitations.countsByWave(ids),
      this.activity.lastActivityByWave(ids),
      this.activity.importedCompletedByWave(ids),
      this.privacyNotices.surveysWithNotice(waves.map((wave) => wave.surveyId)),
    ]);
    return waves.map((wave) =>
      WaveDto.from(wave, {
        counts: countsOf(wave, counts, imported),
        lastActivityAt: lastActivity.get(wave.id) ?? null,
        retentionDays: this.retentionDays,
        privacyNotice: withNotice.has(wave.surveyId),
      }),
    );
  }
}

function countsOf(wave: Wave, invitations: Map<string, InvitationCounts>, imported: Map<string, number>): WaveCountsDto {
  return { ...(invitations.get(wave.id) ?? { invitations: 0, started: 0, completed: 0 }), imported: imported.get(wave.id) ?? 0 };
}
