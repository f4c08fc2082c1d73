import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import type { Codebook } from '../definitions/codebook';
import { DefinitionsService } from '../definitions/definitions.service';
import { Wave } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { AnalysisException } from './analysis.exception';
import type { ResponseInclusion, WaveResults } from './analysis.types';
import { AnswerCountsRepository } from '../responses/answer-counts.repository';
import { breakdownCodes, breakdownQuestion, buildBreakdown } from './breakdown';
import { methodNotes } from './method-notes';
import { buildQuestionResults } from './wave-results';

/** A wave with the codebook of its version and its results. */
export interface AnalysedWave {
  wave: Wave;
  codebook: Codebook;
  results: WaveResults;
}

/** How to count: which responses (default: completed ones only). */
export interface AnalysisOptions {
  include?: ResponseInclusion;
}

/** The limits of the statistics, from the environment (MIN_BASE, MIN_GROUP). */
export interface AnalysisLimits {
  minBase: number;
  minGroup: number;
}

/** The results of one wave: every question of its codebook, counted from the answers of completed (or also partial) responses. */
@Injectable()
export class ResultsService {
  readonly limits: AnalysisLimits;

  constructor(
    config: ConfigService<EnvironmentVariables, true>,
    private readonly waves: WavesService,
    private readonly counts: AnswerCountsRepository,
    private readonly definitions: DefinitionsService,
  ) {
    this.limits = { minBase: config.get('MIN_BASE', { infer: true }), minGroup: config.get('MIN_GROUP', { infer: true }) };
  }

  async waveResults(waveCode: string, options: AnalysisOptions = {}): Promise<WaveResults> {
    return (await this.analyse(await this.waves.findByCode(waveCode), options)).results;
  }

  /**
   * The results of a wave with, for `by`, the breakdown by that single-choice question of the wave's definition
   * (else VALIDATION_FAILED naming the codes allowed).
   */
  async waveResultsBy(waveCode: string, by: string | undefined, options: AnalysisOptions = {}): Promise<WaveResults> {
    const wave = await this.waves.findByCode(waveCode);
    if (by === undefined) return { ...(await this.analyse(wave, options)).results, breakdown: null };
    return (await this.analyseBy(wave, by, options)).results;
  }

  /**
   * Codebook and results of a wave that exists with the breakdown by `by` (see waveResultsBy), the wave's answers
   * counted once: the results beside the breakdown's group counts, in parallel.
   */
  async analyseBy(wave: Wave, by: string, options: AnalysisOptions = {}): Promise<AnalysedWave> {
    const include = options.include ?? 'completed';
    const codebook = await this.definitions.codebook(wave.surveyId, wave.version);
    const question = breakdownQuestion(codebook, by);
    if (!question) {
      const allowed = breakdownCodes(codebook);
      const message = `by must be a single-choice question of wave ${wave.code}: ${allowed.length > 0 ? allowed.join(', ') : '(it has none)'}`;
      throw new AnalysisException(ErrorCode.VALIDATION_FAILED, message, [{ path: 'by', message }]);
    }
    const [analysed, sizes, completedSizes, counts] = await Promise.all([
      this.analyse(wave, options),
      this.counts.groupSizes(wave.id, by, include),
      include === 'partial' ? this.counts.groupSizes(wave.id, by, 'completed') : undefined,
      this.counts.answerCountsBy(wave.id, by, include),
    ]);
    const { minBase, minGroup } = this.limits;
    return {
      ...analysed,
      results: {
        ...analysed.results,
        methods: methodNotes({ include, minBase, changes: false, minGroup }),
        breakdown: buildBreakdown({ codebook, question, sizes, completedSizes, counts, minBase, minGroup }),
      },
    };
  }

  /** Codebook and results of a wave that exists. */
  async analyse(wave: Wave, options: AnalysisOptions = {}): Promise<AnalysedWave> {
    const include = options.include ?? 'completed';
    const { minBase } = this.limits;
    const [codebook, rows, completed, partial] = await Promise.all([
      this.definitions.codebook(wave.surveyId, wave.version),
      this.counts.answerCounts(wave.id, include),
      this.counts.completedCount(wave.id),
      include === 'partial' ? this.counts.partialWithAnswersCount(wave.id) : Promise.resolve(0),
    ]);
    return {
      wave,
      codebook,
      results: {
        wave: wave.code,
        surveyId: wave.surveyId,
        version: wave.version,
        completed,
        include,
        minBase,
        counted: completed + partial,
        questions: buildQuestionResults(codebook, rows, minBase),
        methods: methodNotes({ include, minBase, changes: false }),
      },
    };
  }
}
