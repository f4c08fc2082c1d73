import { Injectable } from '@nestjs/common';
import type { Codebook } from '../definitions/codebook';
import { DefinitionsService } from '../definitions/definitions.service';
import { Wave } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import type { WaveResults } from './analysis.types';
import { AnswerCountsRepository } from '../responses/answer-counts.repository';
import { DEFAULT_MIN_BASE } from './intervals';
import { buildQuestionResults } from './wave-results';

/** A wave with the codebook of its version and its results. */
export interface AnalysedWave {
  wave: Wave;
  codebook: Codebook;
  results: WaveResults;
}

/** The results of one wave: every question of its codebook, counted from the answers of completed responses. */
@Injectable()
export class ResultsService {
  constructor(
    private readonly waves: WavesService,
    private readonly counts: AnswerCountsRepository,
    private readonly definitions: DefinitionsService,
  ) {}

  async waveResults(waveCode: string): Promise<WaveResults> {
    return (await this.analyse(await this.waves.findByCode(waveCode))).results;
  }

  /** Codebook and results of a wave that exists. */
  async analyse(wave: Wave): Promise<AnalysedWave> {
    const [codebook, rows, completed] = await Promise.all([
      this.definitions.codebook(wave.surveyId, wave.version),
      this.counts.answerCounts(wave.id),
      this.counts.completedCount(wave.id),
    ]);
    return {
      wave,
      codebook,
      results: {
        wave: wave.code,
        surveyId: wave.surveyId,
        version: wave.version,
        completed,
        include: 'completed',
        minBase: DEFAULT_MIN_BASE,
        questions: buildQuestionResults(codebook, rows, DEFAULT_MIN_BASE),
      },
    };
  }
}
