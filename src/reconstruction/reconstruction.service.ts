import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SYSTEM_ACTOR } from '../auth/actor';
import { EnvironmentVariables } from '../config/env.validation';
import { DefinitionsService } from '../definitions/definitions.service';
import { InvitationsService } from '../invitations/invitations.service';
import { ResponsesService } from '../responses/responses.service';
import { WavesService } from '../waves/waves.service';
import { generateAnswers, generatePartialAnswers, NO_ANSWER_KEY, ReconstructedWave, ReconstructionSpec } from './reconstruction-spec';

export interface LoadedWave {
  code: string;
  completed: number;
  partial: number;
}

/**
 * Loads a survey's reconstructed waves through the same services the API uses:
 * every response is created by an invitation and validated by the respondent
 * API's rules, then the wave is closed and given its historical fielding window.
 */
@Injectable()
export class ReconstructionService {
  private readonly logger = new Logger(ReconstructionService.name);

  constructor(
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly definitions: DefinitionsService,
    private readonly waves: WavesService,
    private readonly invitations: InvitationsService,
    private readonly responses: ResponsesService,
  ) {}

  async spec(surveyId: string): Promise<ReconstructionSpec> {
    const file = join(this.config.get('DEFINITIONS_DIR', { infer: true }), surveyId, 'reconstruction.json');
    const spec = JSON.parse(await readFile(file, 'utf8')) as ReconstructionSpec;
    if (spec.surveyId !== surveyId || !Array.isArray(spec.waves)) throw new Error(`${file} is not a reconstruction of ${surveyId}`);
    return spec;
  }

  async load(surveyId: string): Promise<LoadedWave[]> {
    const spec = await this.spec(surveyId);
    const loaded: LoadedWave[] = [];
    for (const wave of spec.waves) loaded.push(await this.loadWave(surveyId, wave));
    return loaded;
  }

  private async loadWave(surveyId: string, wave: ReconstructedWave): Promise<LoadedWave> {
    const codebook = await this.definitions.codebook(surveyId, wave.version);
    const scaled = new Set(codebook.questions.filter((question) => question.scale).map((question) => question.code));
    const completed = generateAnswers(wave, (question, key) => (scaled.has(question) && key !== NO_ANSWER_KEY ? Number(key) : key));
    const partial = generatePartialAnswers(completed, wave.partial ?? 0);

    await this.waves.create(SYSTEM_ACTOR, { code: wave.code, title: wave.title, surveyId, version: wave.version });
    await this.waves.transition(SYSTEM_ACTOR, wave.code, 'open');
    const { invitations } = await this.invitations.create(SYSTEM_ACTOR, wave.code, { count: completed.length + partial.length });
    for (const [index, answers] of [...completed, ...partial].entries()) {
      await this.responses.save(invitations[index].token, { answers, complete: index < completed.length });
    }
    await this.waves.transition(SYSTEM_ACTOR, wave.code, 'close');
    await this.waves.update(SYSTEM_ACTOR, wave.code, {
      opensAt: wave.opensAt ? new Date(wave.opensAt) : undefined,
      closesAt: wave.closesAt ? new Date(wave.closesAt) : undefined,
    });
    this.logger.log(`Reconstructed wave ${wave.code}: ${completed.length} completed, ${partial.length} partial responses`);
    return { code: wave.code, completed: completed.length, partial: partial.length };
  }
}
