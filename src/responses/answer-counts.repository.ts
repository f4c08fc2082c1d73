import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ResponseStatus } from './response.entity';

/** One group of the aggregation over the answers of completed responses. */
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
 * GROUP BY per wave over the `answers` rows of completed responses (served by
 * the partial index `answers_analysis_idx`); Node never loops over responses.
 * Owned by the responses module (its tables); the analysis asks through it.
 */
@Injectable()
export class AnswerCountsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Answers per (question, item, value) of the completed responses of a wave, with each group's count of question-first rows. */
  async answerCounts(waveId: string): Promise<AnswerCount[]> {
    const rows: Array<{ question_code: string; item_code: string; value: string | null; n: number; n_first: number }> =
      await this.dataSource.query(
        `SELECT question_code, item_code, value,
              count(*)::int AS n,
              (count(*) FILTER (WHERE question_first))::int AS n_first
         FROM answers
        WHERE wave_id = $1 AND completed
        GROUP BY question_code, item_code, value`,
        [waveId],
      );
    return rows.map((row) => ({
      questionCode: row.question_code,
      itemCode: row.item_code,
      value: row.value,
      n: row.n,
      nFirst: row.n_first,
    }));
  }

  /** Completed responses of a wave. */
  async completedCount(waveId: string): Promise<number> {
    const [row]: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM responses WHERE wave_id = $1 AND status = $2`,
      [waveId, ResponseStatus.Completed],
    );
    return row.n;
  }

  /** Which of the waves have at least one completed response (their order is WavesService's). */
  async wavesWithCompletedResponses(waveIds: string[]): Promise<Set<string>> {
    if (waveIds.length === 0) return new Set();
    const rows: Array<{ wave_id: string }> = await this.dataSource.query(
      `SELECT DISTINCT wave_id FROM responses WHERE wave_id = ANY($1::uuid[]) AND status = $2`,
      [waveIds, ResponseStatus.Completed],
    );
    return new Set(rows.map((row) => row.wave_id));
  }
}
