import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Codebook } from '../definitions/codebook';
import { answerRows } from './answer-rows';
import { ResponseStatus, SurveyAnswers } from './response.entity';

/** One response of an imported file, already mapped and validated. */
export interface ImportedResponse {
  /** Its id in the file (unique per wave). */
  externalId: string;
  status: ResponseStatus;
  answers: SurveyAnswers;
  /** When it was completed, if the file says; a completed response without a time gets the time of the import. */
  completedAt: Date | null;
}

/** An imported response already stored in the wave, for telling `unchanged` from `conflict`. */
export interface StoredImportedResponse {
  id: string;
  externalId: string;
  status: ResponseStatus;
  answers: SurveyAnswers;
}

/**
 * The responses module's write path for imports (issue 15): imported responses and their normalized answer rows,
 * made by the same `answerRows` as an online save, inserted set-based in the caller's transaction (one statement for
 * a chunk of any size). Imported responses have no invitation; they carry their import and external id.
 */
@Injectable()
export class ImportedResponsesWriter {
  /** The wave's stored responses with these external ids (any origin of the id: only imports have one). */
  async existing(manager: EntityManager, waveId: string, externalIds: readonly string[]): Promise<Map<string, StoredImportedResponse>> {
    if (externalIds.length === 0) return new Map();
    const rows: Array<{ id: string; external_id: string; status: ResponseStatus; answers: SurveyAnswers }> = await manager.query(
      'SELECT id, external_id, status, answers FROM responses WHERE wave_id = $1 AND external_id = ANY($2::text[])',
      [waveId, externalIds],
    );
    return new Map(
      rows.map((row) => [row.external_id, { id: row.id, externalId: row.external_id, status: row.status, answers: row.answers }]),
    );
  }

  /** Inserts a chunk of imported responses with their answer rows (one statement), in `manager`'s transaction. */
  async insert(
    manager: EntityManager,
    waveId: string,
    importId: string,
    codebook: Codebook,
    responses: readonly ImportedResponse[],
  ): Promise<void> {
    if (responses.length === 0) return;
    const answers = responses.flatMap((response) =>
      answerRows(codebook, response.answers).map((row) => ({ externalId: response.externalId, ...row })),
    );
    await manager.query(INSERT_IMPORTED_SQL, [
      waveId,
      importId,
      responses.map((response) => response.externalId),
      responses.map((response) => response.status),
      responses.map((response) => JSON.stringify(response.answers)),
      responses.map((response) => response.completedAt?.toISOString() ?? null),
      answers.map((row) => row.externalId),
      answers.map((row) => row.questionCode),
      answers.map((row) => row.itemCode),
      answers.map((row) => row.value),
      answers.map((row) => row.text),
      answers.map((row) => row.questionFirst),
    ]);
  }

  /** Deletes responses by id (their answer rows go with them): a conflict being replaced. */
  async remove(manager: EntityManager, responseIds: readonly string[]): Promise<void> {
    if (responseIds.length === 0) return;
    await manager.query('DELETE FROM responses WHERE id = ANY($1::uuid[])', [responseIds]);
  }

  /** How many responses each of these imports has now (imports without any are absent). */
  async countByImport(manager: EntityManager, importIds: readonly string[]): Promise<Map<string, number>> {
    if (importIds.length === 0) return new Map();
    const rows: Array<{ import_id: string; count: number }> = await manager.query(
      'SELECT import_id, count(*)::int AS count FROM responses WHERE import_id = ANY($1::uuid[]) GROUP BY import_id',
      [importIds],
    );
    return new Map(rows.map((row) => [row.import_id, row.count]));
  }

  /** Deletes every response of one import (an undo); how many. */
  async removeImport(manager: EntityManager, importId: string): Promise<number> {
    const [, count] = await manager.query<[unknown, number]>('DELETE FROM responses WHERE import_id = $1', [importId]);
    return count;
  }
}

/**
 * Responses and their answer rows in one statement. A completed response without a time from the file is completed
 * "now" (the time of the import); created and updated are its completion time where known, so a past wave's activity
 * is not dated on the day of the import.
 */
const INSERT_IMPORTED_SQL = `
WITH input AS (
  SELECT r.external_id, r.status, r.answers, r.completed_at, r.n
    FROM unnest($3::text[], $4::text[], $5::jsonb[], $6::timestamptz[]) WITH ORDINALITY AS r(external_id, status, answers, completed_at, n)
), inserted AS (
  INSERT INTO responses (wave_id, import_id, external_id, status, answers, revision, completed_at, created_at, updated_at)
  SELECT $1, $2, input.external_id, input.status, input.answers, 1,
         CASE WHEN input.status = 'completed' THEN COALESCE(input.completed_at, now()) END,
         COALESCE(input.completed_at, now()), COALESCE(input.completed_at, now())
    FROM input ORDER BY input.n
  RETURNING id, external_id, status
)
INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
SELECT inserted.id, $1, a.q, a.i, a.v, a.t, inserted.status = 'completed', a.f
  FROM inserted
  JOIN unnest($7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bool[]) AS a(external_id, q, i, v, t, f)
    ON a.external_id = inserted.external_id`;
