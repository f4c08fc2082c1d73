import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ErrorCode } from '../common/error-code';
import { EnvironmentVariables } from '../config/env.validation';
import type { Codebook } from '../definitions/codebook';
import { DefinitionsService } from '../definitions/definitions.service';
import { WavesService } from '../waves/waves.service';
import { AnalysisException } from './analysis.exception';
import type { Figure, FigureSpec } from './analysis.types';
import { buildFigure, itemTitlesOf } from './figure-builder';
import { FigureSpecFile } from './figure-spec';
import { loadFigureSpecs } from './figure-spec-files';
import type { ResponseInclusion } from './analysis.types';
import { AnalysedWave, AnalysisOptions, ResultsService } from './results.service';
import { buildTrendQuestion } from './trends';
import { toTrendWave, TrendsService } from './trends.service';

export interface SurveyFigures {
  surveyId: string;
  title: string | null;
  source: string | null;
  /** Which responses were counted. */
  include: ResponseInclusion;
  figures: Figure[];
}

/**
 * The figures of a report, specified in `<DEFINITIONS_DIR>/<surveyId>/figures.json`
 * and computed from the answers. Every specification is checked at start-up: a
 * malformed file stops the start with the path of each problem.
 */
@Injectable()
export class FiguresService implements OnModuleInit {
  private readonly logger = new Logger(FiguresService.name);
  private specs = new Map<string, FigureSpecFile>();

  constructor(
    private readonly config: ConfigService<EnvironmentVariables, true>,
    private readonly waves: WavesService,
    private readonly results: ResultsService,
    private readonly trends: TrendsService,
    private readonly definitions: DefinitionsService,
  ) {}

  onModuleInit(): void {
    this.specs = loadFigureSpecs(this.config.get('DEFINITIONS_DIR', { infer: true }));
    if (this.specs.size > 0) this.logger.log(`Figure specifications loaded for ${[...this.specs.keys()].join(', ')}`);
  }

  /**
   * Every figure of the survey in the order of its specification; none when it has no figures.json.
   * `waveCodes` (the `?waves=` of the routes) replaces the waves of every figure; each must exist and belong to the survey.
   */
  async list(surveyId: string, waveCodes?: string[], options: AnalysisOptions = {}): Promise<SurveyFigures> {
    await this.trends.assertSurvey(surveyId);
    const file = this.specs.get(surveyId);
    return {
      surveyId,
      title: file?.title ?? null,
      source: file?.source ?? null,
      include: options.include ?? 'completed',
      figures: file ? await this.build(surveyId, file.source, file.figures, waveCodes, options) : [],
    };
  }

  /** One figure over the waves of its specification, or over `waveCodes` (validated as in `list`). */
  async figure(surveyId: string, figureId: string, waveCodes?: string[], options: AnalysisOptions = {}): Promise<Figure> {
    await this.trends.assertSurvey(surveyId);
    const file = this.specs.get(surveyId);
    const spec = file?.figures.find((candidate) => candidate.id === figureId);
    if (!file || !spec) throw new AnalysisException(ErrorCode.FIGURE_NOT_FOUND, `Survey ${surveyId} has no figure ${figureId}`);
    const [figure] = await this.build(surveyId, file.source, [spec], waveCodes, options);
    return figure;
  }

  /**
   * Builds figures, analysing each wave they show once. Without `waveCodes` a spec wave that does not exist
   * (in this survey) is left out and named in a note; item titles always come from the definitions, so a
   * figure without data still reads as in the report.
   */
  private async build(
    surveyId: string,
    source: string | null,
    specs: FigureSpec[],
    waveCodes: string[] | undefined,
    options: AnalysisOptions,
  ): Promise<Figure[]> {
    const requested = waveCodes && waveCodes.length > 0 ? await this.trends.wavesOf(surveyId, waveCodes) : undefined;
    const codes = requested ? requested.map((wave) => wave.code) : [...new Set(specs.flatMap((spec) => spec.waves))];
    const waves = requested ?? (await this.waves.existing(codes)).filter((wave) => wave.surveyId === surveyId);
    const analysed = new Map<string, AnalysedWave>();
    for (const result of await Promise.all(waves.map((wave) => this.results.analyse(wave, options))))
      analysed.set(result.wave.code, result);
    const codebooks = await this.codebooksLatestFirst(surveyId);
    const include = options.include ?? 'completed';
    const { minBase } = this.results.limits;
    return specs.map((spec) => {
      const specWaves = requested ? codes : spec.waves;
      const shown = specWaves.flatMap((code) => analysed.get(code) ?? []).map(toTrendWave);
      return buildFigure({
        surveyId,
        source,
        spec,
        waves: shown.map(({ code, title }) => ({ code, title })),
        missingWaves: specWaves.filter((code) => !analysed.has(code)),
        question: buildTrendQuestion(shown, spec.question),
        itemTitles: itemTitlesOf(codebooks, spec.question),
        include,
        minBase,
      });
    });
  }

  private async codebooksLatestFirst(surveyId: string): Promise<Codebook[]> {
    const versions = (await this.definitions.versions(surveyId)).reverse();
    return Promise.all(versions.map((version) => this.definitions.codebook(surveyId, version)));
  }
}
