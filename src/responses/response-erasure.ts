import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FrozenCounts } from './frozen-counts';
import type { ResponseStatus } from './response.entity';

/** What an erasure deleted of one response. */
export interface ErasedResponse {
  status: ResponseStatus;
  /** Its answered items (its cells, deleted with it). Coded and free-text answers count alike, as the answer rows did. */
  answers: number;
}

/** One response as stored, for a person's access request (Art. 15). */
export interface StoredResponseRecord {
  id: string;
  status: ResponseStatus;
  revision: number;
  answers: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

/**
 * Erasure of responses on a person's request (issue 16) and what an access request shows of them. A response's
 * cells are in its own row and go with it; results, trends, figures and exports read the stored responses, so they
 * no longer count it from the commit on. Partial responses are the service's only drafts: they go the same way.
 */
@Injectable()
export class ResponseErasure {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly frozenCounts: FrozenCounts,
  ) {}

  /**
   * Locks the response of one invitation (FOR UPDATE), if it has one: taken before the invitation's lock, in the
   * order a later save takes them (response, then invitation), so an erasure waits for a save in flight instead of
   * deadlocking with it.
   */
  async lockOfInvitation(manager: EntityManager, invitationId: string): Promise<void> {
    await manager.query('SELECT id FROM responses WHERE invitation_id = $1 FOR UPDATE', [invitationId]);
  }

  /** Deletes the response of one invitation (if it has one) inside the caller's transaction. */
  async eraseOfInvitation(manager: EntityManager, invitationId: string): Promise<ErasedResponse | null> {
    return this.erase(manager, 'invitation_id = $1', [invitationId]);
  }

  /** Deletes one imported response, found by its wave, import and external id, inside the caller's transaction. */
  async eraseImported(manager: EntityManager, waveId: string, importId: string, externalId: string): Promise<ErasedResponse | null> {
    return this.erase(manager, 'wave_id = $1 AND import_id = $2 AND external_id = $3', [waveId, importId, externalId]);
  }

  /** The responses of one invitation as stored (answers as JSON). */
  async ofInvitation(invitationId: string, manager: EntityManager = this.dataSource.manager): Promise<StoredResponseRecord[]> {
    const rows: Array<{
      id: string;
      status: ResponseStatus;
      revision: number;
      answers: Record<string, unknown>;
      created_at: Date;
      updated_at: Date;
      completed_at: Date | null;
    }> = await manager.query(
      `SELECT id, status, revision, answers, created_at, updated_at, completed_at FROM responses WHERE invitation_id = $1 ORDER BY created_at`,
      [invitationId],
    );
    return rows.map((row) => ({
      id: row.id,
      status: row.status,
      revision: row.revision,
      answers: row.answers,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
      completedAt: row.completed_at?.toISOString() ?? null,
    }));
  }

  private async erase(manager: EntityManager, where: string, parameters: unknown[]): Promise<ErasedResponse | null> {
    const [row]: Array<{ id: string; wave_id: string; status: ResponseStatus; answers: number }> = await manager.query(
      `SELECT id, wave_id, status, cardinality(cells) AS answers FROM responses WHERE ${where} FOR UPDATE`,
      parameters,
    );
    if (row === undefined) return null;
    await manager.query('DELETE FROM responses WHERE id = $1', [row.id]);
    // A closed wave's frozen counts no longer count it, from the same commit on.
    await this.frozenCounts.refresh(manager, row.wave_id);
    return { status: row.status, answers: row.answers };
  }
}
