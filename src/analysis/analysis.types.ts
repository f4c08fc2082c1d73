/**
 * The shapes of the analysis API (issue #5). Exports, charts and the CLI build
 * on these; the controllers document them in OpenAPI through DTO classes that
 * implement these interfaces.
 */
import type { QuestionKind } from '../definitions/codebook';

export interface ItemResult {
  code: string;
  title: string;
  /** Completed responses with an answer to the item, "keine Angabe" included. */
  nAnswered: number;
  /** Of those, "keine Angabe". */
  nNoAnswer: number;
  /** nAnswered - nNoAnswer: the base of the share. */
  nBase: number;
  /** Count per level or choice value, and "na". Every level/choice appears, 0 when nobody chose it. */
  counts: Record<string, number>;
  /** Count of the top box (or "ja", or the choice). */
  topCount: number;
  /** topCount / nBase in percent, rounded half-up to one decimal; null when nBase is 0. */
  share: number | null;
  /** The 95 % Wilson interval of the share in percent (each limit rounded half-up to one decimal); null when nBase is 0. */
  ci: PercentInterval | null;
  /** nBase is below MIN_BASE (default 10): shown as "geringe Fallzahl", never hidden for it. */
  smallBase: boolean;
}

/** An interval in percent or percentage points, each limit rounded half-up to one decimal. */
export interface PercentInterval {
  low: number;
  high: number;
}

/** Which responses a result counts: completed ones (the default), or also the answered questions of partial ones. */
export type ResponseInclusion = 'completed' | 'partial';

/** Whether a change between two waves is distinguishable from noise (issue 17); all null where there is no change to test. */
export interface ChangeStatistics {
  /** Newcombe's hybrid score interval (method 10) of the difference of the unrounded shares, in pp. */
  deltaCi: PercentInterval | null;
  /** Two-sided p-value of `test`. */
  pValue: number | null;
  /** Campbell's rule: the "N−1" chi-squared test when every expected count is ≥ 1, otherwise Fisher's exact test. */
  test: 'n-1-chi2' | 'fisher' | null;
  /** pValue < 0.05. */
  significant: boolean | null;
}

export interface QuestionResult {
  code: string;
  title: string;
  kind: QuestionKind;
  /** Completed responses with any answer to the question, "keine Angabe" included. */
  nReported: number;
  items: ItemResult[];
}

export interface WaveResults {
  wave: string;
  surveyId: string;
  version: string;
  /** Completed responses of the wave. */
  completed: number;
  /** Which responses were counted. */
  include: ResponseInclusion;
  /** The base below which a share is marked `smallBase`. */
  minBase: number;
  /** Responses whose answers were counted: `completed`, plus with include 'partial' the partial responses with at least one answer. */
  counted: number;
  questions: QuestionResult[];
  /** The methods behind the numbers, one German sentence each (method-notes.ts). */
  methods: string[];
  /** With `?by=`: the results per answer option of that single-choice question; null otherwise. */
  breakdown?: Breakdown | null;
}

/** One group of a breakdown: the responses that chose one option (or "keine Angabe") of the breakdown question. */
export interface BreakdownGroup {
  /** The option's value; `na` for "keine Angabe" (and completed responses that did not answer the question). */
  code: string;
  title: string;
  /** Responses in the group; null when suppressed. */
  n: number | null;
  /** Fewer than MIN_GROUP responses, or the second-smallest group hidden so that no group can be computed from the total. */
  suppressed: boolean;
  /** The group's results, as in WaveResults.questions; null when suppressed. */
  questions: QuestionResult[] | null;
}

export interface Breakdown {
  /** Code of the single-choice question the results are broken down by. */
  by: string;
  title: string;
  /** The group size below which a group is suppressed. */
  minGroup: number;
  /** Responses in all groups together (the sum of the groups' sizes, suppressed ones included). */
  total: number;
  /** The options in the question's order, then "keine Angabe". */
  groups: BreakdownGroup[];
}

export interface ScaleChange {
  from: string;
  to: string;
  detail: string;
  /** Level labels low to high in `from` and in `to`. */
  fromLevels: string[];
  toLevels: string[];
  /** How many upper levels form the top box in `from` and in `to`. */
  fromTopBox: number;
  toTopBox: number;
}

/** The N of a question in one wave: completed responses with any answer to it; null where the wave did not ask it. */
export interface WaveN {
  wave: string;
  nReported: number | null;
}

export interface SeriesPoint extends ChangeStatistics {
  wave: string;
  asked: boolean;
  share: number | null;
  nBase: number | null;
  /** Count of the top box (or "ja", or the choice); null where not asked. */
  topCount: number | null;
  ci: PercentInterval | null;
  smallBase: boolean;
  /** Change in percentage points against the previous wave that asked the item; null for the first. */
  deltaPp: number | null;
}

export interface TrendItem {
  code: string;
  title: string;
  /** The wave the item was first asked in, when that is not the first wave shown. */
  newIn: string | null;
  notAskedIn: string[];
  rewordedIn: string[];
  series: SeriesPoint[];
}

export interface TrendQuestion {
  code: string;
  title: string;
  /** Kind in the latest wave that asked the question. */
  kind: QuestionKind;
  /** Per wave shown. */
  n: WaveN[];
  scaleChanged: ScaleChange[];
  items: TrendItem[];
}

export interface SurveyTrends {
  surveyId: string;
  waves: string[];
  /** Which responses were counted. */
  include: ResponseInclusion;
  /** The base below which a share is marked `smallBase`. */
  minBase: number;
  questions: TrendQuestion[];
  /** The methods behind the numbers, one German sentence each. */
  methods: string[];
}

/** A figure of the report as specified in survey-definitions/<surveyId>/figures.json. */
export interface FigureSpec {
  id: string;
  number: number;
  title: string;
  question: string;
  statistic: 'topBox' | 'yes' | 'choice';
  /** Item codes (for a choice question: option codes) in the order the figure shows them. */
  items: string[];
  /** Wave codes in the report's order. */
  waves: string[];
  /** Show the change against the previous wave (percentage points). */
  delta: boolean;
  /** Notes that cannot be derived from the data; generated notes are added by the service. */
  notes: string[];
}

export interface FigureValue extends ChangeStatistics {
  wave: string;
  asked: boolean;
  share: number | null;
  nBase: number | null;
  ci: PercentInterval | null;
  smallBase: boolean;
  deltaPp: number | null;
}

export interface FigureRow {
  code: string;
  title: string;
  values: FigureValue[];
}

/** A figure's numbers, built from the trends of the survey. */
export interface Figure {
  surveyId: string;
  /** Source line printed under every figure of the survey (figures.json `source`); null when not given. */
  source: string | null;
  id: string;
  number: number;
  title: string;
  question: string;
  statistic: FigureSpec['statistic'];
  waves: string[];
  delta: boolean;
  /** The N printed under the figure, per wave ("keine Angabe" included); null where the wave did not ask the question. */
  n: WaveN[];
  rows: FigureRow[];
  /** Notes from the spec plus generated ones ("nicht abgefragt", scale changes). */
  notes: string[];
  scaleChanged: ScaleChange[];
  /** Which responses were counted. */
  include: ResponseInclusion;
  /** The base below which a share is marked `smallBase`. */
  minBase: number;
  /** The methods behind the numbers, one German sentence each. */
  methods: string[];
}
