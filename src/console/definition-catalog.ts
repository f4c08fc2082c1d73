/**
 * What the console's questionnaire pages show of the stored versions: grouped by survey, with the waves
 * that use each version and its number of questions. Pure: no Nest, no database.
 */
import type { DefinitionSummary } from '../definitions/definitions.service';
import type { WaveStatus } from '../waves/wave.entity';
import { shortHash } from './definition-upload';

export interface CatalogWave {
  code: string;
  title: string;
  status: WaveStatus;
}

export interface CatalogVersion {
  surveyId: string;
  version: string;
  hash: string;
  shortHash: string;
  source: DefinitionSummary['source'];
  createdAt: string;
  updatedAt: string;
  questions: number;
  waves: CatalogWave[];
}

export interface CatalogSurvey {
  surveyId: string;
  /** The questionnaire title of the newest version. */
  title: string;
  /** Oldest first, as the service lists them. */
  versions: CatalogVersion[];
}

/** Title and number of questions of a version, by `surveyId version`. */
export type VersionFacts = ReadonlyMap<string, { title: string; questions: number }>;

export const versionKey = (surveyId: string, version: string): string => `${surveyId} ${version}`;

export function catalogOf(summaries: DefinitionSummary[], waves: CatalogWave[], facts: VersionFacts): CatalogSurvey[] {
  const byCode = new Map(waves.map((wave) => [wave.code, wave]));
  const surveys = new Map<string, CatalogSurvey>();
  for (const summary of summaries) {
    const known = facts.get(versionKey(summary.surveyId, summary.version));
    const survey = surveys.get(summary.surveyId) ?? { surveyId: summary.surveyId, title: '', versions: [] };
    survey.title = known?.title || survey.title;
    survey.versions.push({
      surveyId: summary.surveyId,
      version: summary.version,
      hash: summary.hash,
      shortHash: shortHash(summary.hash),
      source: summary.source,
      createdAt: summary.createdAt,
      updatedAt: summary.updatedAt,
      questions: known?.questions ?? 0,
      waves: summary.usedByWaves.map((code) => byCode.get(code)).filter((wave): wave is CatalogWave => wave !== undefined),
    });
    surveys.set(summary.surveyId, survey);
  }
  return [...surveys.values()];
}

/** The versions to compare when the page is opened without a choice: the last two (or the only one twice). */
export function defaultComparison(versions: string[]): { from: string; to: string } | undefined {
  if (versions.length === 0) return undefined;
  return { from: versions[Math.max(0, versions.length - 2)], to: versions[versions.length - 1] };
}
