import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { UuidV7Generator } from '../common/uuid-v7';
import { Codebook } from '../definitions/codebook';
import { answerCells } from './answer-cells';
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
 * The responses module's write path for imports (issue 15): imported responses with their cells, made by the same
 * `answerCells` as an online save, inserted set-based in the caller's transaction (one statement for a chunk of any
 * size). Imported responses have no invitation; they carry their import and external id.
 */
@Injectable()
export class ImportedResponsesWriter {
  /**
   * Ids of imported responses: time-ordered (UUIDv7), so a file's responses go to the right edge of the responses'
   * primary key instead of random pages of it (the id only tells when the import ran, which the import records anyway).
   */
  private readonly ids = new UuidV7Generator();

  /** Whether the wave holds any imported response (one with an external id). */
  async holdsImported(manager: EntityManager, waveId: string): Promise<boolean> {
    const [{ holds }] = await manager.query<Array<{ holds: boolean }>>(
      'SELECT EXISTS (SELECT 1 FROM responses WHERE wave_id = $1 AND external_id IS NOT NULL) AS holds',
      [waveId],
    );
    return holds;
  }

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
   * Inserts a chunk of imported responses with their cells, in `manager`'s transaction: one set-based statement whose
   * rows travel as one JSON document, parsed once as jsonb (a `json` document's answers were parsed twice). Six
   * parallel arrays cost twice as much: pg escaped every JSON text and cell array again as an array element, and
   * PostgreSQL parsed the array literals before the values.
   */
  async insert(
    manager: EntityManager,
    waveId: string,
    importId: string,
    codebook: Codebook,
    responses: readonly ImportedResponse[],
  ): Promise<void> {
    if (responses.length === 0) return;
    const rows = responses.map((response) => ({
      id: this.ids.next(),
      external_id: response.externalId,
      status: response.status,
      answers: response.answers,
      cells: answerCells(codebook, response.answers),
      completed_at: response.completedAt?.toISOString() ?? null,
    }));
    await manager.query(INSERT_RESPONSES_SQL, [waveId, importId, JSON.stringify(rows)]);
  }

  /** Deletes responses by id: a conflict being replaced. */
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
INSERT INTO responses (id, wave_id, import_id, external_id, status, answers, cells, revision, completed_at, created_at, updated_at)
SELECT r.id, $1, $2, r.external_id, r.status, r.answers, r.cells, 1,
       CASE WHEN r.status = 'completed' THEN COALESCE(r.completed_at, now()) END,
       COALESCE(r.completed_at, now()), COALESCE(r.completed_at, now())
  FROM jsonb_to_recordset($3::jsonb)
       AS r(id uuid, external_id text, status text, answers jsonb, cells text[], completed_at timestamptz)`;
