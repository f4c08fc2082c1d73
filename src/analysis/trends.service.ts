import { Injectable } from '@nestjs/common';
import { ErrorCode } from '../common/error-code';
import { DefinitionsService } from '../definitions/definitions.service';
import { Wave } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { AnalysisException } from './analysis.exception';
import type { SurveyTrends } from './analysis.types';
import { AnswerCountsRepository } from '../responses/answer-counts.repository';
import { methodNotes } from './method-notes';
import { AnalysedWave, AnalysisOptions, ResultsService } from './results.service';
import { buildTrendQuestions, TrendWave } from './trends';

export function toTrendWave({ wave, codebook, results }: AnalysedWave): TrendWave {
  return { code: wave.code, title: wave.title, codebook, results: results.questions };
}

/** Time series of a survey's questions over its waves, with the flags of items not asked, reworded and scale changes. */
@Injectable()
export class TrendsService {
  constructor(
    private readonly waves: WavesService,
    private readonly counts: AnswerCountsRepository,
    private readonly results: ResultsService,
    private readonly definitions: DefinitionsService,
  ) {}

  /**
   * Trends over the given waves in the given order, or by default over every
   * wave of the survey with completed responses (with include 'partial': with any answer), by fielding start.
   */
  async trends(surveyId: string, waveCodes?: string[], options: AnalysisOptions = {}): Promise<SurveyTrends> {
    await this.assertSurvey(surveyId);
    const include = options.include ?? 'completed';
    const waves =
      waveCodes && waveCodes.length > 0 ? await this.wavesOf(surveyId, waveCodes) : await this.wavesWithResponses(surveyId, options);
    const analysed = await Promise.all(waves.map((wave) => this.results.analyse(wave, options)));
    const { minBase } = this.results.limits;
    return {
      surveyId,
      waves: waves.map((wave) => wave.code),
      include,
      minBase,
      questions: buildTrendQuestions(analysed.map(toTrendWave)),
      methods: methodNotes({ include, minBase, changes: true }),
    };
  }

  /** Throws SURVEY_NOT_FOUND unless the survey has a definition. */
  async assertSurvey(surveyId: string): Promise<void> {
    if ((await this.definitions.versions(surveyId)).length === 0) {
      throw new AnalysisException(ErrorCode.SURVEY_NOT_FOUND, `There is no survey ${surveyId}`);
    }
  }

  /** The waves of a survey with at least one completed response (with 'partial': with any answer), in fielding order. */
  private async wavesWithResponses(surveyId: string, options: AnalysisOptions): Promise<Wave[]> {
    const waves = await this.waves.inFieldingOrder(surveyId);
    const ids = waves.map((wave) => wave.id);
    const answered =
      options.include === 'partial' ? await this.counts.wavesWithAnswers(ids) : await this.counts.wavesWithCompletedResponses(ids);
    return waves.filter((wave) => answered.has(wave.id));
  }

  /** The waves of the codes, in their order; each must exist (else WAVE_NOT_FOUND naming it) and belong to the survey (else ANALYSIS_WAVE_NOT_IN_SURVEY). */
  async wavesOf(surveyId: string, codes: string[]): Promise<Wave[]> {
    const waves = await this.waves.findByCodes(codes);
    return waves.map((wave) => {
      const { code } = wave;
      if (wave.surveyId !== surveyId) {
        throw new AnalysisException(
          ErrorCode.ANALYSIS_WAVE_NOT_IN_SURVEY,
          `Wave ${code} belongs to survey ${wave.surveyId}, not to ${surveyId}`,
          [{ path: 'waves', message: `${code} is a wave of ${wave.surveyId}` }],
        );
      }
      return wave;
    });
  }
}
