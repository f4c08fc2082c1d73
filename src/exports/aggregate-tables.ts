import type {
  ChangeStatistics,
  Figure,
  ItemResult,
  PercentInterval,
  QuestionResult,
  ResponseInclusion,
  SurveyTrends,
  TrendItem,
  TrendQuestion,
  WaveResults,
  Breakdown,
} from '../analysis/analysis.types';
import { Codebook, CodebookQuestion, NO_ANSWER } from '../definitions/codebook';
import { germanCount } from '../analysis/german-count';
import type { CellValue } from './cell-safety';
import { ExportColumn, ExportTable, NOT_ASKED } from './export-table';
import { INCLUSION_LABELS, significanceLabel, SMALL_BASE_LABEL, TEST_LABELS } from './statistics-format';

/*
 * The aggregated exports as tables, pure. A CSV gets one rectangular table
 * (one row per item, the question in a column) that R and Excel read as is;
 * an XLSX gets one sheet per question or figure with a title, the N and the
 * notes. Shares are percent values (88.7), written as numbers.
 */

const text = (header: string): ExportColumn => ({ header, kind: 'text' });
const count = (header: string): ExportColumn => ({ header, kind: 'count' });
const percent = (header: string): ExportColumn => ({ header, kind: 'percent' });
const probability = (header: string): ExportColumn => ({ header, kind: 'pValue' });

/** Headers of the statistics columns (issue 17), after the share or change they belong to. */
export const CI_LOW_HEADER = 'KI 95 % unten (%)';
export const CI_HIGH_HEADER = 'KI 95 % oben (%)';
export const SMALL_BASE_HEADER = 'Fallzahl';
export const DELTA_CI_LOW_HEADER = 'Veränderung KI 95 % unten (pp)';
export const DELTA_CI_HIGH_HEADER = 'Veränderung KI 95 % oben (pp)';
export const P_VALUE_HEADER = 'p-Wert';
export const TEST_HEADER = 'Test';
export const SIGNIFICANCE_HEADER = 'Signifikanz';

/** The interval and small-base columns of a share; `prefix` names the wave ("ki-2023 "). */
function intervalColumns(prefix = ''): ExportColumn[] {
  return [percent(`${prefix}${CI_LOW_HEADER}`), percent(`${prefix}${CI_HIGH_HEADER}`), text(`${prefix}${SMALL_BASE_HEADER}`)];
}

function intervalCells(ci: PercentInterval | null, smallBase: boolean): CellValue[] {
  return [ci?.low ?? null, ci?.high ?? null, smallBase ? SMALL_BASE_LABEL : null];
}

/** The columns of a change's statistics: its interval, p-value, test, and "signifikant" / "n.s.". */
function changeColumns(prefix = ''): ExportColumn[] {
  return [
    percent(`${prefix}${DELTA_CI_LOW_HEADER}`),
    percent(`${prefix}${DELTA_CI_HIGH_HEADER}`),
    probability(`${prefix}${P_VALUE_HEADER}`),
    text(`${prefix}${TEST_HEADER}`),
    text(`${prefix}${SIGNIFICANCE_HEADER}`),
  ];
}

function changeCells(change: ChangeStatistics | undefined): CellValue[] {
  if (!change) return [null, null, null, null, null];
  return [
    change.deltaCi?.low ?? null,
    change.deltaCi?.high ?? null,
    change.pValue ?? null,
    change.test ? TEST_LABELS[change.test] : null,
    significanceLabel(change.significant ?? null),
  ];
}

/** The line that names which responses were counted. */
export function inclusionLine(include: ResponseInclusion | undefined): string {
  return `Gezählt: ${INCLUSION_LABELS[include ?? 'completed']}`;
}

/**
 * The method notes (src/analysis/method-notes.ts, which responses were counted first) as a sheet of their own,
 * "Methoden", one sentence a row. CSV files carry no notes (R would read them as data); their file name says when
 * partial responses count.
 */
export function methodsTable(notes: string[]): ExportTable {
  return {
    sheetName: 'Methoden',
    title: 'Methoden',
    columns: [text('Hinweis')],
    rows: notes.map((note): CellValue[] => [note]),
    footer: [],
  };
}

export const SHARE_HEADER = 'Anteil (%)';

/** The status of an item in a wave, in a column of its own beside the (numeric) share. */
export const ASKED = 'abgefragt';
export const statusHeader = (wave: string): string => `${wave} Status`;

const NUMERIC = /^-?\d+$/;

/** The count keys of the questions without "na": scale levels in numeric order, then choice codes in order of first appearance. */
function countKeys(questions: QuestionResult[]): string[] {
  const keys = new Set<string>();
  for (const question of questions) {
    for (const item of question.items) {
      for (const key of Object.keys(item.counts)) if (key !== NO_ANSWER) keys.add(key);
    }
  }
  const levels = [...keys].filter((key) => NUMERIC.test(key)).sort((a, b) => Number(a) - Number(b));
  return [...levels, ...[...keys].filter((key) => !NUMERIC.test(key))];
}

/** Label of a count key from the codebook: "4 trifft zu", or the key alone when the codebook does not know it. */
function countHeader(key: string, question: CodebookQuestion | undefined): string {
  const level = question?.scale?.levels.find((candidate) => String(candidate.value) === key);
  const choice = question?.choices?.find((candidate) => candidate.value === key);
  const label = level?.label ?? choice?.label;
  return label ? `${key} ${label}` : `Anzahl ${key}`;
}

function noAnswerHeader(question: CodebookQuestion | undefined): string {
  return question?.scale?.noAnswerLabel ?? question?.noAnswerLabel ?? 'keine Angabe';
}

/** Results of a wave as one table: one row per item of every question. */
export function resultsTable(results: WaveResults): ExportTable {
  const keys = countKeys(results.questions);
  const columns = [
    text('Frage'),
    text('Item'),
    text('Itemtitel'),
    text('Art'),
    count('N Frage'),
    count('N beantwortet'),
    count('N keine Angabe'),
    count('N Basis'),
    ...keys.map((key) => count(`Anzahl ${key}`)),
    count('Anzahl keine Angabe'),
    count('Anzahl Top'),
    percent(SHARE_HEADER),
    ...intervalColumns(),
  ];
  const rows = results.questions.flatMap((question) =>
    question.items.map((item): CellValue[] => [
      question.code,
      item.code,
      item.title,
      question.kind,
      question.nReported,
      ...itemCounts(question, item, keys),
    ]),
  );
  return { sheetName: results.wave, title: resultsTitle(results), columns, rows, footer: resultsFooter(results) };
}

/**
 * Results of a wave as one sheet per question, the count columns labelled from the codebook.
 * A free-text question has no levels, no top box and no share: its sheet shows only how many answered.
 */
export function resultsSheets(results: WaveResults, codebook?: Codebook): ExportTable[] {
  return results.questions.map((question) => {
    const described = codebook?.questions.find((candidate) => candidate.code === question.code);
    const footer: CellValue[][] = [
      [`N = ${question.nReported} (Antworten auf die Frage, „keine Angabe“ eingeschlossen)`],
      ...resultsFooter(results),
    ];
    if (question.kind === 'text') {
      const rows = question.items.map((item): CellValue[] => [item.code, item.title, item.nAnswered]);
      return {
        sheetName: question.code,
        title: question.title,
        columns: [text('Item'), text('Itemtitel'), count('N beantwortet')],
        rows,
        footer,
      };
    }
    const keys = countKeys([question]);
    const columns = [
      text('Item'),
      text('Itemtitel'),
      count('N beantwortet'),
      count('N keine Angabe'),
      count('N Basis'),
      ...keys.map((key) => count(countHeader(key, described))),
      count(noAnswerHeader(described)),
      count('Anzahl Top'),
      percent(SHARE_HEADER),
      ...intervalColumns(),
    ];
    const rows = question.items.map((item): CellValue[] => [item.code, item.title, ...itemCounts(question, item, keys)]);
    return { sheetName: question.code, title: question.title, columns, rows, footer };
  });
}

function resultsTitle(results: WaveResults): string {
  return `Ergebnisse der Welle ${results.wave}`;
}

function resultsFooter(results: WaveResults): CellValue[][] {
  return [
    [
      `Welle ${results.wave} (${results.surveyId}, Fragebogen-Version ${results.version}), ${germanCount(results.completed, 'abgeschlossene Antwort', 'abgeschlossene Antworten')}`,
    ],
    [`${SHARE_HEADER}: Anteil an den Antworten ohne „keine Angabe“ (N Basis)`],
    [
      `${CI_LOW_HEADER.replace(' unten (%)', '')}: 95-%-Konfidenzintervall des Anteils (Wilson); ${SMALL_BASE_LABEL}: N Basis unter ${results.minBase}`,
    ],
    [inclusionLine(results.include)],
  ];
}

function trendColumns(waves: string[]): ExportColumn[] {
  return waves.flatMap((wave) => [
    percent(`${wave} ${SHARE_HEADER}`),
    count(`${wave} N Basis`),
    ...intervalColumns(`${wave} `),
    percent(`${wave} Veränderung (pp)`),
    ...changeColumns(`${wave} `),
  ]);
}

/** Cells per wave of trendColumns beside the share: base, interval, small base. */
const TREND_WAVE_WIDTH = 11;

function trendCells(item: TrendItem, waves: string[]): CellValue[] {
  return waves.flatMap((wave): CellValue[] => {
    const point = item.series.find((candidate) => candidate.wave === wave);
    if (!point || !point.asked) return [NOT_ASKED, ...Array<CellValue>(TREND_WAVE_WIDTH - 1).fill(null)];
    return [point.share, point.nBase, ...intervalCells(point.ci, point.smallBase), point.deltaPp, ...changeCells(point)];
  });
}

function trendNotes(item: TrendItem): string | null {
  const notes = [
    ...(item.newIn ? [`neu in ${item.newIn}`] : []),
    ...(item.rewordedIn.length > 0 ? [`umformuliert in ${item.rewordedIn.join(', ')}`] : []),
  ];
  return notes.length > 0 ? notes.join('; ') : null;
}

function scaleNotes(question: TrendQuestion): CellValue[][] {
  return question.scaleChanged.map((change) => [`Skala geändert von ${change.from} zu ${change.to}: ${change.detail}`]);
}

function questionN(question: TrendQuestion, wave: string): number | null {
  return question.n.find((candidate) => candidate.wave === wave)?.nReported ?? null;
}

/**
 * Trends of a survey as one table for CSV (R, pandas): one row per item; per wave the share, a status
 * ("abgefragt" / "nicht abgefragt"), the base and the change; then the question's N per wave. Every
 * numeric column holds numbers only (empty where a wave did not ask), so R's read.csv2 reads it as numeric.
 */
export function trendsTable(trends: SurveyTrends, include?: ResponseInclusion): ExportTable {
  const columns = [
    text('Frage'),
    text('Item'),
    text('Itemtitel'),
    ...trends.waves.flatMap((wave) => [
      percent(`${wave} ${SHARE_HEADER}`),
      text(statusHeader(wave)),
      count(`${wave} N Basis`),
      ...intervalColumns(`${wave} `),
      percent(`${wave} Veränderung (pp)`),
      ...changeColumns(`${wave} `),
    ]),
    ...trends.waves.map((wave) => count(`${wave} N Frage`)),
    text('Hinweise'),
  ];
  const rows = trends.questions.flatMap((question) =>
    question.items.map((item): CellValue[] => [
      question.code,
      item.code,
      item.title,
      ...trends.waves.flatMap((wave): CellValue[] => {
        const point = item.series.find((candidate) => candidate.wave === wave);
        if (!point || !point.asked) return [null, NOT_ASKED, ...Array<CellValue>(TREND_WAVE_WIDTH - 1).fill(null)];
        return [point.share, ASKED, point.nBase, ...intervalCells(point.ci, point.smallBase), point.deltaPp, ...changeCells(point)];
      }),
      ...trends.waves.map((wave) => questionN(question, wave)),
      trendNotes(item),
    ]),
  );
  return {
    sheetName: trends.surveyId,
    title: `Zeitreihen ${trends.surveyId}: ${trends.waves.join(', ')}`,
    columns,
    rows,
    footer: [
      ...trends.questions.flatMap(scaleNotes),
      [`Veränderung in Prozentpunkten gegenüber der vorherigen Welle, die das Item abgefragt hat`],
      ...statisticsNotes(include),
    ],
  };
}

/** The notes on intervals, significance and counted responses under a trends or figure table. */
function statisticsNotes(include: ResponseInclusion | undefined): CellValue[][] {
  return [
    [`KI 95 %: Konfidenzintervall (Wilson) des Anteils bzw. (Newcombe) der Veränderung; ${SMALL_BASE_LABEL}: kleine N Basis`],
    [`${SIGNIFICANCE_HEADER}: „signifikant“ bei p < 0,05, sonst „n.s.“ (nicht signifikant)`],
    [inclusionLine(include)],
  ];
}

/** Trends of a survey as one sheet per question. */
export function trendsSheets(trends: SurveyTrends, include?: ResponseInclusion): ExportTable[] {
  return trends.questions.map((question) => ({
    sheetName: question.code,
    title: question.title,
    columns: [text('Item'), text('Itemtitel'), ...trendColumns(trends.waves), text('Hinweise')],
    rows: question.items.map((item): CellValue[] => [item.code, item.title, ...trendCells(item, trends.waves), trendNotes(item)]),
    footer: [
      [
        'N',
        null,
        ...trends.waves.flatMap((wave) => [questionN(question, wave) ?? NOT_ASKED, ...Array<CellValue>(TREND_WAVE_WIDTH - 1).fill(null)]),
      ],
      ...scaleNotes(question),
      [`Veränderung in Prozentpunkten gegenüber der vorherigen Welle, die das Item abgefragt hat`],
      ...statisticsNotes(include),
    ],
  }));
}

/** Header of the change column of a figure with a delta: the last wave against the one before. */
export function figureDeltaHeader(figure: Figure): string {
  const last = figure.waves[figure.waves.length - 1];
  const previous = figure.waves[figure.waves.length - 2];
  return previous ? `Veränderung ${last} ggü. ${previous} (pp)` : `Veränderung ${last} (pp)`;
}

/**
 * A figure as one rectangular table for CSV (R, pandas): per wave the share, its status, the base and
 * the question's N, the change where the figure shows it. Numeric columns hold numbers only; the
 * figure's notes and source are in the XLSX, SVG and JSON (a footer would turn R's columns into text).
 */
export function figureCsvTable(figure: Figure): ExportTable {
  const columns = [
    text('Item'),
    text('Itemtitel'),
    ...figure.waves.flatMap((wave) => [
      percent(`${wave} ${SHARE_HEADER}`),
      text(statusHeader(wave)),
      count(`${wave} N Basis`),
      count(`${wave} N Frage`),
      ...intervalColumns(`${wave} `),
    ]),
    ...(figure.delta ? [percent(figureDeltaHeader(figure)), ...changeColumns()] : []),
  ];
  const rows = figure.rows.map((row): CellValue[] => {
    const cells = figure.waves.flatMap((wave): CellValue[] => {
      const value = row.values.find((candidate) => candidate.wave === wave);
      const n = figure.n.find((candidate) => candidate.wave === wave)?.nReported ?? null;
      return !value || !value.asked
        ? [null, NOT_ASKED, null, n, null, null, null]
        : [value.share, ASKED, value.nBase, n, ...intervalCells(value.ci, value.smallBase)];
    });
    return [row.code, row.title, ...cells, ...figureChangeCells(figure, row.values)];
  });
  return { sheetName: `Abb. ${figure.number}`, title: `Abbildung ${figure.number}: ${figure.title}`, columns, rows, footer: [] };
}

/** A figure as a table: items × waves (share and base), the change where the figure shows it, N and notes below. */
export function figureTable(figure: Figure, include?: ResponseInclusion): ExportTable {
  const columns = [
    text('Item'),
    text('Itemtitel'),
    ...figure.waves.flatMap((wave) => [percent(`${wave} ${SHARE_HEADER}`), count(`${wave} N Basis`), ...intervalColumns(`${wave} `)]),
    ...(figure.delta ? [percent(figureDeltaHeader(figure)), ...changeColumns()] : []),
  ];
  const rows = figure.rows.map((row): CellValue[] => {
    const cells = figure.waves.flatMap((wave): CellValue[] => {
      const value = row.values.find((candidate) => candidate.wave === wave);
      return !value || !value.asked
        ? [NOT_ASKED, null, null, null, null]
        : [value.share, value.nBase, ...intervalCells(value.ci, value.smallBase)];
    });
    return [row.code, row.title, ...cells, ...figureChangeCells(figure, row.values)];
  });
  const nRow: CellValue[] = [
    'N',
    null,
    ...figure.waves.flatMap((wave): CellValue[] => {
      const n = figure.n.find((candidate) => candidate.wave === wave)?.nReported;
      return [n ?? NOT_ASKED, null, null, null, null];
    }),
  ];
  return {
    sheetName: `Abb. ${figure.number}`,
    title: `Abbildung ${figure.number}: ${figure.title}`,
    columns,
    rows,
    footer: [nRow, ...figure.notes.map((note) => [note]), ...(figure.source ? [[figure.source]] : []), ...statisticsNotes(include)],
  };
}

/** The change of the figure's last wave and its statistics, where the figure shows a change. */
function figureChangeCells(figure: Figure, values: Figure['rows'][number]['values']): CellValue[] {
  if (!figure.delta) return [];
  const last = values.find((candidate) => candidate.wave === figure.waves[figure.waves.length - 1]);
  return last?.asked ? [last.deltaPp, ...changeCells(last)] : [null, ...changeCells(undefined)];
}

/**
 * The numbers of an item in the column order of both results layouts: N's, a count per key, "keine Angabe", top count, share.
 * A free-text item has only its number of answers; the other cells stay empty (no "Anzahl Top 0" for a text).
 */
function itemCounts(question: QuestionResult, item: ItemResult, keys: string[]): CellValue[] {
  if (question.kind === 'text') return [item.nAnswered, null, null, ...keys.map(() => null), null, null, null, null, null, null];
  return [
    item.nAnswered,
    item.nNoAnswer,
    item.nBase,
    ...keys.map((key) => item.counts[key] ?? null),
    item.counts[NO_ANSWER] ?? item.nNoAnswer,
    item.topCount,
    item.share,
    ...intervalCells(item.ci, item.smallBase),
  ];
}

/** What a suppressed breakdown group shows instead of its numbers. */
export function suppressedLabel(minGroup: number): string {
  return `unterdrückt (< ${minGroup})`;
}

const GROUP_HEADERS = ['Gruppe', 'Gruppe Code', 'Gruppe Status'];

/**
 * A breakdown (`?by=`) in long format for CSV (R: one data frame, `Gruppe` a factor): the results table of every
 * shown group, its rows prefixed with the group; a suppressed group gets one row "unterdrückt (< MIN_GROUP)"
 * and never a number.
 */
export function breakdownTable(results: WaveResults, breakdown: Breakdown): ExportTable {
  const groups = breakdown.groups.map((group) => ({
    group,
    table: group.questions === null ? null : resultsTable({ ...results, questions: group.questions }),
  }));
  const template = resultsTable({ ...results, questions: groups.find((entry) => entry.table)?.group.questions ?? results.questions });
  const columns = [text(GROUP_HEADERS[0]), text(GROUP_HEADERS[1]), count('N Gruppe'), text(GROUP_HEADERS[2]), ...template.columns];
  const rows = groups.flatMap(({ group, table }): CellValue[][] => {
    if (group.suppressed || table === null) {
      return [[group.title, group.code, null, suppressedLabel(breakdown.minGroup), ...template.columns.map(() => null)]];
    }
    const headers = table.columns.map((column) => column.header);
    return table.rows.map((row) => [
      group.title,
      group.code,
      group.n,
      'ausgewiesen',
      ...template.columns.map((column) => {
        const index = headers.indexOf(column.header);
        return index < 0 ? null : row[index];
      }),
    ]);
  });
  return {
    sheetName: `${results.wave} nach ${breakdown.by}`,
    title: `Ergebnisse der Welle ${results.wave} nach ${breakdown.title}`,
    columns,
    rows,
    footer: [],
  };
}

/**
 * A breakdown as XLSX sheets: an overview of the groups (N or "unterdrückt (< MIN_GROUP)"), then the results of
 * every shown group on a sheet of its own. A suppressed group has no sheet and no number anywhere.
 */
export function breakdownSheets(results: WaveResults, breakdown: Breakdown): ExportTable[] {
  const overview: ExportTable = {
    sheetName: 'Gruppen',
    title: `Aufschlüsselung nach ${breakdown.title} (${results.wave})`,
    columns: [text('Gruppe'), text('Gruppe Code'), count('N Gruppe'), text('Gruppe Status')],
    rows: breakdown.groups.map((group): CellValue[] => [
      group.title,
      group.code,
      group.suppressed ? null : group.n,
      group.suppressed ? suppressedLabel(breakdown.minGroup) : 'ausgewiesen',
    ]),
    footer: [
      [
        `Gruppen mit weniger als ${breakdown.minGroup} Antworten werden nicht ausgewiesen (und, wo nötig, eine weitere), damit keine Person erkennbar wird.`,
      ],
      [inclusionLine(results.include)],
    ],
  };
  const groups = breakdown.groups.flatMap((group) => {
    if (group.suppressed || group.questions === null) return [];
    const table = resultsTable({ ...results, questions: group.questions });
    return [{ ...table, sheetName: group.title, title: `${breakdown.title}: ${group.title} (N = ${group.n ?? ''})` }];
  });
  return [overview, ...groups];
}
