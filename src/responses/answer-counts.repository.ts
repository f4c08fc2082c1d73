import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CELL_SQL } from './answer-cells';
import { ResponseStatus } from './response.entity';

/** Which responses' answers are counted: completed ones, or also the answered questions of partial ones. */
export type CountedResponses = 'completed' | 'partial';

/** One group of the aggregation over the answers of completed responses (or, with 'partial', of all responses). */
export interface AnswerCount {
  questionCode: string;
  itemCode: string;
  /** Level, choice code or `na`; null for free text. */
  value: string | null;
  /** Answers in the group. */
  n: number;
  /** Answers in the group that are their response's first row of the question. */
  nFirst: number;
}

/**
 * The aggregation queries of the analysis. Counting happens in PostgreSQL, one
 * GROUP BY per wave over the cells of its completed responses (`unnest(cells)`,
 * the responses found by `responses_wave_id_status_idx`); Node never loops over
 * responses.
 * Owned by the responses module (its tables); the analysis asks through it.
 *
 * A closed wave's counts come from its frozen set (frozen-counts.ts), kept in
 * the transactions that change them; a wave without a set (open, or a closed
 * one whose set is missing) is counted live: the same numbers, never wrong ones.
 * Breakdowns (answerCountsBy, groupSizes) are always live.
 */
@Injectable()
export class AnswerCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Answers per (question, item, value) of the completed responses of a wave, with each group's count of question-first
   * rows; with 'partial' the answers of partial responses as well (each answered question counts as in a completed one).
   */
  async answerCounts(waveId: string, counted: CountedResponses = 'completed'): Promise<AnswerCount[]> {
    const frozen = await this.frozenAnswerCounts(waveId, counted);
    if (frozen !== undefined) return frozen;
    const rows: Array<AnswerCountRow> = await this.dataSource.query(
      counted === 'partial' ? ANSWER_COUNTS_ALL_SQL : ANSWER_COUNTS_COMPLETED_SQL,
      [waveId],
    );
    return rows.map(toAnswerCount);
  }

  /**
   * The frozen answer counts of a closed wave, or undefined when it has no frozen set (then the caller counts live;
   * a set that appears or goes in between changes nothing: frozen and live counts of a closed wave are the same).
   * A statement of its own, not a branch of the live one: a live branch gated by the set's existence still made
   * PostgreSQL start parallel workers for a large wave (about 60 ms) before finding it had nothing to do.
   */
  private async frozenAnswerCounts(waveId: string, counted: CountedResponses): Promise<AnswerCount[] | undefined> {
    const rows: Array<{ [K in keyof AnswerCountRow]: AnswerCountRow[K] | null }> = await this.dataSource.query(
      counted === 'partial' ? FROZEN_ALL_SQL : FROZEN_COMPLETED_SQL,
      [waveId],
    );
    if (rows.length === 0) return undefined;
    return rows.flatMap((row) => (row.question_code === null ? [] : [toAnswerCount(row as AnswerCountRow)]));
  }

  /**
   * The answer counts per group of a breakdown: the group of a response is its value of the single-choice question
   * `byCode` (`na` for "keine Angabe", and for a completed response that did not answer it). With 'partial', partial
   * responses count in the group they chose; those that did not answer `byCode` belong to no group.
   */
  async answerCountsBy(waveId: string, byCode: string, counted: CountedResponses = 'completed'): Promise<Map<string, AnswerCount[]>> {
    const rows: Array<AnswerCountRow & { grp: string }> = await this.dataSource.query(
      `SELECT COALESCE(g.value, 'na') AS grp, ${DECODED_GROUP}, count(*)::int AS n, (count(*) FILTER (WHERE ${CELL_SQL.first}))::int AS n_first
         FROM responses r
         LEFT JOIN LATERAL (${GROUP_VALUE_SQL}) g ON true
         CROSS JOIN LATERAL unnest(r.cells) AS c
        WHERE r.wave_id = $1 AND ${counted === 'partial' ? '(r.status = $3 OR g.value IS NOT NULL)' : 'r.status = $3'}
        GROUP BY 1, ${CELL_SQL.group}`,
      [waveId, byCode, ResponseStatus.Completed],
    );
    const groups = new Map<string, AnswerCount[]>();
    for (const row of rows) {
      const list = groups.get(row.grp) ?? [];
      list.push(toAnswerCount(row));
      groups.set(row.grp, list);
    }
    return groups;
  }

  /** Responses per group of a breakdown by `byCode`, counted as in answerCountsBy. */
  async groupSizes(waveId: string, byCode: string, counted: CountedResponses = 'completed'): Promise<Map<string, number>> {
    const rows: Array<{ grp: string; n: number }> = await this.dataSource.query(
      `SELECT COALESCE(g.value, 'na') AS grp, count(*)::int AS n
         FROM responses r
         LEFT JOIN LATERAL (${GROUP_VALUE_SQL}) g ON true
        WHERE r.wave_id = $1 AND ${counted === 'partial' ? `(r.status = $3 OR g.value IS NOT NULL)` : `r.status = $3`}
        GROUP BY 1`,
      [waveId, byCode, ResponseStatus.Completed],
    );
    return new Map(rows.map((row) => [row.grp, row.n]));
  }

  /** Partial responses of a wave with at least one stored answer: what 'partial' adds to the completed ones. */
  async partialWithAnswersCount(waveId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT COALESCE(
                (SELECT partial_with_answers FROM frozen_wave_counts WHERE wave_id = $1),
                (SELECT count(*)::int FROM responses r
                  WHERE r.wave_id = $1 AND r.status = $2 AND cardinality(r.cells) > 0)
              ) AS n`,
      [waveId, ResponseStatus.Partial],
    );
    return row.n;
  }

  /** Completed responses of a wave. */
  async completedCount(waveId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT COALESCE(
                (SELECT completed FROM frozen_wave_counts WHERE wave_id = $1),
                (SELECT count(*)::int FROM responses WHERE wave_id = $1 AND status = $2)
              ) AS n`,
      [waveId, ResponseStatus.Completed],
    );
    return row.n;
  }

  /** Which of the waves have at least one completed response (their order is WavesService's). */
  async wavesWithCompletedResponses(waveIds: string[]): Promise<Set<string>> {
    if (waveIds.length === 0) return new Set();
    const rows: Array<{ wave_id: string }> = await this.dataSource.query(
      `SELECT w.wave_id FROM unnest($1::uuid[]) AS w(wave_id)
         LEFT JOIN frozen_wave_counts f ON f.wave_id = w.wave_id
        WHERE CASE WHEN f.wave_id IS NOT NULL THEN f.completed > 0
                   ELSE EXISTS (SELECT 1 FROM responses r WHERE r.wave_id = w.wave_id AND r.status = $2) END`,
      [waveIds, ResponseStatus.Completed],
    );
    return new Set(rows.map((row) => row.wave_id));
  }

  /** Which of the waves have at least one stored answer of any response (the waves 'partial' trends show). */
  async wavesWithAnswers(waveIds: string[]): Promise<Set<string>> {
    if (waveIds.length === 0) return new Set();
    const rows: Array<{ wave_id: string }> = await this.dataSource.query(
      `SELECT w.wave_id FROM unnest($1::uuid[]) AS w(wave_id)
         LEFT JOIN frozen_wave_counts f ON f.wave_id = w.wave_id
        WHERE CASE WHEN f.wave_id IS NOT NULL THEN f.has_answers
                   ELSE EXISTS (SELECT 1 FROM responses r WHERE r.wave_id = w.wave_id AND cardinality(r.cells) > 0) END`,
      [waveIds],
    );
    return new Set(rows.map((row) => row.wave_id));
  }
}

interface AnswerCountRow {
  question_code: string;
  item_code: string;
  value: string | null;
  n: number;
  n_first: number;
}

function toAnswerCount(row: AnswerCountRow): AnswerCount {
  return { questionCode: row.question_code, itemCode: row.item_code, value: row.value, n: row.n, nFirst: row.n_first };
}

/** A frozen wave's 'completed' counts: no row when it has no frozen set, one row of nulls when the set is empty. */
const FROZEN_COMPLETED_SQL = `SELECT c.question_code, c.item_code, c.value, c.completed_n AS n, c.completed_first AS n_first
   FROM frozen_wave_counts f
   LEFT JOIN frozen_answer_counts c ON c.wave_id = f.wave_id AND c.completed_n > 0
  WHERE f.wave_id = $1`;

/** A frozen wave's 'partial' counts (partial responses' answers too), as FROZEN_COMPLETED_SQL. */
const FROZEN_ALL_SQL = `SELECT c.question_code, c.item_code, c.value, c.all_n AS n, c.all_first AS n_first
   FROM frozen_wave_counts f
   LEFT JOIN frozen_answer_counts c ON c.wave_id = f.wave_id
  WHERE f.wave_id = $1`;

/** The decoded (question, item, value) of the group `CELL_SQL.group` of the cell `c`. */
const DECODED_GROUP = `${CELL_SQL.question(CELL_SQL.group)} AS question_code, ${CELL_SQL.item(CELL_SQL.group)} AS item_code,
        ${CELL_SQL.value(CELL_SQL.group)} AS value`;

/** The breakdown group of the response `r`: its value of the single-choice question $2 (no row when unanswered). */
const GROUP_VALUE_SQL = `SELECT ${CELL_SQL.value('substr(x, 2)')} AS value FROM unnest(r.cells) AS x
           WHERE starts_with(substr(x, 2), $2 || ':' || $2 || ':')`;

/** The completed responses' cells (the responses found by `responses_wave_id_status_idx`). */
const ANSWER_COUNTS_COMPLETED_SQL = `SELECT ${DECODED_GROUP}, count(*)::int AS n, (count(*) FILTER (WHERE ${CELL_SQL.first}))::int AS n_first
   FROM responses r CROSS JOIN LATERAL unnest(r.cells) AS c
  WHERE r.wave_id = $1 AND r.status = 'completed'
  GROUP BY ${CELL_SQL.group}`;

/** Every stored answer of the wave, partial responses included. */
const ANSWER_COUNTS_ALL_SQL = `SELECT ${DECODED_GROUP}, count(*)::int AS n, (count(*) FILTER (WHERE ${CELL_SQL.first}))::int AS n_first
   FROM responses r CROSS JOIN LATERAL unnest(r.cells) AS c
  WHERE r.wave_id = $1
  GROUP BY ${CELL_SQL.group}`;
