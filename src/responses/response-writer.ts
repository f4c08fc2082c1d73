import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { UuidV7Generator } from '../common/uuid-v7';
import { preparedStatement, queryPrepared } from '../database/prepared-statements';
import { InvitationStatus } from '../invitations/invitation.entity';
import { fieldingState } from '../waves/wave-transitions';
import { WaveStatus } from '../waves/wave.entity';
import { WavesService } from '../waves/waves.service';
import { AnswerCell } from './answer-cells';
import { ResponseStatus, SurveyAnswers } from './response.entity';

export interface ResponseWrite {
  waveId: string;
  invitationId: string;
  status: ResponseStatus;
  answers: SurveyAnswers;
  /** The cells made from `answers` (answerCells). */
  cells: AnswerCell[];
  /** The service's clock: the fielding window is checked against it. */
  now: Date;
}

export interface WaveState {
  status: WaveStatus;
  opensAt: Date | null;
  closesAt: Date | null;
}

export type WriteResult =
  | { outcome: 'saved'; revision: number }
  /** The wave stopped accepting answers before this save got its lock. */
  | { outcome: 'wave-closed'; wave: WaveState }
  /** Another save for the invitation came first. */
  | { outcome: 'stale' }
  | { outcome: 'completed' };

/**
 * The two statements that write into other modules' tables (the documented
 * exception to "a module's SQL touches only its own tables", asserted in
 * src/module-boundaries.spec.ts): a save must pass the wave's gate, write the
 * response with its cells, and move the invitation's state (`invitations`)
 * atomically in one round trip, the most frequent writes. They live here, with
 * the module that owns the write.
 *
 * The first save of an invitation as one statement: pass the wave's gate at $6
 * (`wave_accepts_answers`, migration SaveGate: a shared advisory lock that a
 * close takes exclusively, then the rule of fieldingState() read after the lock
 * was granted; no FOR SHARE of the wave's row, which every save would share;
 * the insert still key-shares it through the foreign key responses.wave_id), lock
 * the invitation unless it was erased (an erasure in flight holds it: the save
 * waits, sees `erased` and writes nothing), insert the response with its cells
 * unless the invitation has one (with the id $8), and the invitation's new
 * state ($7). Returns the revision, or no row when nothing was written.
 * Exported for the benchmark's SQL floor.
 */
export const CREATE_RESPONSE = preparedStatement(
  'create_response',
  `
WITH wave AS (
  SELECT $1::uuid AS id WHERE wave_accepts_answers($1, $6)
), invitation_row AS (
  SELECT id FROM invitations WHERE id = $2 AND status <> 'erased' FOR NO KEY UPDATE
), response AS (
  INSERT INTO responses (id, wave_id, invitation_id, status, answers, cells, revision, completed_at)
  SELECT $8::uuid, wave.id, $2, $3::varchar, $4::jsonb, $5::text[], 1, CASE WHEN $3::varchar = 'completed' THEN now() END
    FROM wave, invitation_row
  ON CONFLICT (invitation_id) DO NOTHING
  RETURNING id, revision
), invitation AS (
  UPDATE invitations SET status = $7, updated_at = now() WHERE id = $2 AND EXISTS (SELECT 1 FROM response)
)
SELECT revision FROM response`,
);

/**
 * A later save as one statement, like the first: pass the wave's gate at $7 (held until the statement commits), replace
 * the answer object and its cells if the response is still partial at revision $3, and move the invitation's state
 * ($9) with it. Always one row: whether the wave accepted answers, and the new revision or null when nothing was
 * written (the wave stopped accepting answers, another save came first, or the response was completed meanwhile).
 * Locks in the order of the transaction it replaces (gate, response, invitation).
 */
export const UPDATE_RESPONSE = preparedStatement(
  'update_response',
  `
WITH wave AS (
  SELECT wave_accepts_answers($1, $7) AS open
), response AS (
  UPDATE responses
     SET answers = $5::jsonb, cells = $6::text[], status = $4::varchar, revision = revision + 1, updated_at = now(),
         completed_at = CASE WHEN $4::varchar = 'completed' THEN now() END
   WHERE id = $2 AND revision = $3 AND status = 'partial' AND (SELECT open FROM wave)
  RETURNING revision
), invitation AS (
  UPDATE invitations SET status = $9, updated_at = now() WHERE id = $8 AND EXISTS (SELECT 1 FROM response)
)
SELECT wave.open, (SELECT revision FROM response) AS revision FROM wave`,
);

/**
 * The SQL of saving a response: the JSONB answer object, its cells and the
 * invitation's state always change together, and only while the
 * wave accepts answers (its gate, held until the save commits: a close waits for
 * the save, or the save for the close and is then refused).
 */
@Injectable()
export class ResponseWriter {
  /**
   * Ids of new responses: time-ordered (UUIDv7), so each save's entry lands at the right edge of the responses'
   * primary key, not on a random page of it; after a checkpoint a random page costs a full-page image in the WAL,
   * which bounds the save rate (bench, with the answer rows of then: 28 → 21 kB of WAL per save). The id carries the
   * time of the first save; the raw export carries the completion time anyway.
   */
  private readonly ids = new UuidV7Generator();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly waves: WavesService,
  ) {}

  /**
   * The first save of an invitation, in one statement (atomic without an
   * explicit transaction, and one round trip for the most frequent write).
   */
  async create(write: ResponseWrite): Promise<WriteResult> {
    const created = (
      await queryPrepared<{ revision: number }>(this.dataSource, CREATE_RESPONSE, [
        write.waveId,
        write.invitationId,
        write.status,
        JSON.stringify(write.answers),
        write.cells,
        write.now,
        invitationStatus(write.status),
        this.ids.next(),
      ])
    ).at(0);
    if (created) return { outcome: 'saved', revision: created.revision };
    const wave = await this.waveState(this.dataSource.manager, write.waveId);
    return accepts(wave, write.now) ? { outcome: 'stale' } : { outcome: 'wave-closed', wave };
  }

  /**
   * A later save: replaces the answer object and its cells if `revision` is still the current one, in one statement
   * as the first save (it was a transaction of five round trips).
   */
  async update(write: ResponseWrite & { responseId: string; revision: number }): Promise<WriteResult> {
    const [{ open, revision }] = await queryPrepared<{ open: boolean; revision: number | null }>(this.dataSource, UPDATE_RESPONSE, [
      write.waveId,
      write.responseId,
      write.revision,
      write.status,
      JSON.stringify(write.answers),
      write.cells,
      write.now,
      write.invitationId,
      invitationStatus(write.status),
    ]);
    if (revision !== null) return { outcome: 'saved', revision };
    if (!open) return { outcome: 'wave-closed', wave: await this.waveState(this.dataSource.manager, write.waveId) };
    const [current] = await this.dataSource.query<Array<{ status: ResponseStatus } | undefined>>(
      'SELECT status FROM responses WHERE id = $1',
      [write.responseId],
    );
    return current?.status === ResponseStatus.Completed ? { outcome: 'completed' } : { outcome: 'stale' };
  }

  private async waveState(manager: EntityManager, waveId: string): Promise<WaveState> {
    const wave = await this.waves.findById(waveId, manager);
    if (!wave) throw new Error(`Wave ${waveId} of a token disappeared`);
    return { status: wave.status, opensAt: wave.opensAt, closesAt: wave.closesAt };
  }
}

function invitationStatus(status: ResponseStatus): InvitationStatus.Started | InvitationStatus.Completed {
  return status === ResponseStatus.Completed ? InvitationStatus.Completed : InvitationStatus.Started;
}

function accepts(wave: WaveState, now: Date): boolean {
  return fieldingState(wave, now) === 'accepting';
}
