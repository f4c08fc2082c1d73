import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UuidV7Generator } from '../common/uuid-v7';
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
  /**
   * Ids of imported responses: time-ordered (UUIDv7), so a file's answer rows go to the right edge of the answers'
   * primary key instead of random pages of it (the id only tells when the import ran, which the import records anyway).
   */
  private readonly ids = new UuidV7Generator();

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

  /**
   * Inserts a chunk of imported responses with their answer rows, in `manager`'s transaction: two set-based
   * statements (responses, then answers), joined by ids made here, so neither statement has to match rows.
   */
  async insert(
    manager: EntityManager,
    waveId: string,
    importId: string,
    codebook: Codebook,
    responses: readonly ImportedResponse[],
  ): Promise<void> {
    if (responses.length === 0) return;
    const ids = responses.map(() => this.ids.next());
    await manager.query(INSERT_RESPONSES_SQL, [
      waveId,
      importId,
      ids,
      responses.map((response) => response.externalId),
      responses.map((response) => response.status),
      responses.map((response) => JSON.stringify(response.answers)),
      responses.map((response) => response.completedAt?.toISOString() ?? null),
    ]);
    const answers = responses.flatMap((response, index) =>
      answerRows(codebook, response.answers).map((row) => ({
        responseId: ids[index],
        completed: response.status === ResponseStatus.Completed,
        ...row,
      })),
    );
    if (answers.length === 0) return;
    await manager.query(INSERT_ANSWERS_SQL, [
      waveId,
      answers.map((row) => row.responseId),
      answers.map((row) => row.questionCode),
      answers.map((row) => row.itemCode),
      answers.map((row) => row.value),
      answers.map((row) => row.text),
      answers.map((row) => row.completed),
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
 * A completed response without a time from the file is completed "now" (the time of the import); created and
 * updated are its completion time where known, so a past wave's activity is not dated on the day of the import.
 */
const INSERT_RESPONSES_SQL = `
INSERT INTO responses (id, wave_id, import_id, external_id, status, answers, revision, completed_at, created_at, updated_at)
SELECT r.id, $1, $2, r.external_id, r.status, r.answers, 1,
       CASE WHEN r.status = 'completed' THEN COALESCE(r.completed_at, now()) END,
       COALESCE(r.completed_at, now()), COALESCE(r.completed_at, now())
  FROM unnest($3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[]) AS r(id, external_id, status, answers, completed_at)`;

const INSERT_ANSWERS_SQL = `
INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
SELECT a.response_id, $1, a.q, a.i, a.v, a.t, a.completed, a.f
  FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bool[], $8::bool[]) AS a(response_id, q, i, v, t, completed, f)`;
