import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { CELL_SQL } from './answer-cells';

/**
 * The frozen aggregates of closed waves (issue 18): what AnswerCountsRepository serves for a wave while it is
 * closed, so that results, trends and figures of a closed wave read a few hundred stored rows instead of
 * aggregating its responses' cells on every request.
 *
 * A closed wave's responses change only on reopen, an import commit or undo into it, or an erasure of one of
 * its responses. So: `freeze` in the transaction that closes a wave (manual or automatic), `drop` in the one
 * that reopens it, `refresh` in every transaction that changed a wave's responses (it rebuilds the set only when
 * the wave has one, i.e. is closed). The set exists exactly while the wave is closed; AnswerCountsRepository
 * falls back to the live aggregation for a wave without one, so a missing set never gives wrong numbers.
 *
 * Every method runs in the caller's transaction. Breakdowns (`?by=`) are not frozen: they stay live.
 */
@Injectable()
export class FrozenCounts {
  /**
   * (Re)builds the wave's frozen set from its stored responses. The caller holds the wave against concurrent
   * changes of its responses (close: the wave locked and its save gate taken) or has locked the set first (`refresh`).
   */
  async freeze(manager: EntityManager, waveId: string): Promise<void> {
    await manager.query(FREEZE_WAVE_SQL, [waveId]);
    await manager.query('DELETE FROM frozen_answer_counts WHERE wave_id = $1', [waveId]);
    await manager.query(FREEZE_ANSWERS_SQL, [waveId]);
  }

  /** Removes the wave's frozen set (reopen: its counts are live again). */
  async drop(manager: EntityManager, waveId: string): Promise<void> {
    await manager.query('DELETE FROM frozen_wave_counts WHERE wave_id = $1', [waveId]);
  }

  /**
   * After a change of the wave's responses: rebuilds its frozen set if it has one (a closed wave), else does
   * nothing. The set's row is locked first, in a statement of its own, so that concurrent refreshes of one wave
   * (two erasures) run one after the other and the later one's aggregation (a new snapshot in READ COMMITTED)
   * sees the earlier one's committed change. Returns whether the set was rebuilt.
   */
  async refresh(manager: EntityManager, waveId: string): Promise<boolean> {
    const locked: unknown[] = await manager.query('SELECT wave_id FROM frozen_wave_counts WHERE wave_id = $1 FOR UPDATE', [waveId]);
    if (locked.length === 0) return false;
    await this.freeze(manager, waveId);
    return true;
  }
}

/**
 * The wave's response counts. An UPDATE of an existing set keeps its row (a `refresh` waiting for its lock then
 * sees it, not a deleted one); ON CONFLICT is safe here because the row is locked or the wave is (see above).
 */
const FREEZE_WAVE_SQL = `
INSERT INTO frozen_wave_counts (wave_id, completed, partial_with_answers, has_answers, frozen_at)
SELECT $1::uuid,
       (SELECT count(*)::int FROM responses WHERE wave_id = $1 AND status = 'completed'),
       (SELECT count(*)::int FROM responses r WHERE r.wave_id = $1 AND r.status = 'partial' AND cardinality(r.cells) > 0),
       EXISTS (SELECT 1 FROM responses r WHERE r.wave_id = $1 AND cardinality(r.cells) > 0),
       now()
ON CONFLICT (wave_id) DO UPDATE
   SET completed = EXCLUDED.completed, partial_with_answers = EXCLUDED.partial_with_answers,
       has_answers = EXCLUDED.has_answers, frozen_at = EXCLUDED.frozen_at`;

/** The answer counts of both inclusions in one row per (question, item, value), in one pass over the wave's cells. */
const FREEZE_ANSWERS_SQL = `
INSERT INTO frozen_answer_counts (wave_id, question_code, item_code, value, completed_n, completed_first, all_n, all_first)
SELECT $1::uuid,
       ${CELL_SQL.question(CELL_SQL.group)}, ${CELL_SQL.item(CELL_SQL.group)}, ${CELL_SQL.value(CELL_SQL.group)},
       (count(*) FILTER (WHERE r.status = 'completed'))::int,
       (count(*) FILTER (WHERE r.status = 'completed' AND ${CELL_SQL.first}))::int,
       count(*)::int,
       (count(*) FILTER (WHERE ${CELL_SQL.first}))::int
  FROM responses r CROSS JOIN LATERAL unnest(r.cells) AS c
 WHERE r.wave_id = $1
 GROUP BY ${CELL_SQL.group}`;
