/**
 * The service's first save as the floors send it: the token's context (SAVE_CONTEXT), then the first-save statement
 * (CREATE_RESPONSE) with the values the service gives it. Shared by the SQL floors (b) and (b′) of bench/run.ts and
 * the HTTP floor (bench/http-floor.ts); `run` decides how the statements travel (named and prepared, or unnamed).
 */
import { hashToken } from '../src/common/tokens';
import { UuidV7Generator } from '../src/common/uuid-v7';
import type { PreparedStatement } from '../src/database/prepared-statements';
import { answerCells } from '../src/responses/answer-cells';
import { CREATE_RESPONSE } from '../src/responses/response-writer';
import { SAVE_CONTEXT } from '../src/responses/responses.service';
import { CODEBOOK_2023 } from '../test/slow/support/answers';

/** The service's pool size: the floors' pools have the same. */
export { POOL_SIZE as SERVICE_POOL } from '../src/database/typeorm-options';

export type RunStatement = (statement: PreparedStatement, values: unknown[]) => Promise<{ rows: unknown[] }>;

/** The new response's ids, time-ordered as the service makes them. */
const ids = new UuidV7Generator();

/**
 * A completed first save of 2023 answers: the new revision; null when nothing was written (the invitation has a
 * response, or the wave accepts no answers); undefined when the token is unknown.
 */
export async function firstSave(run: RunStatement, token: string, answers: Record<string, unknown>): Promise<number | null | undefined> {
  const { rows: contexts } = await run(SAVE_CONTEXT, [hashToken(token)]);
  const context = contexts.at(0) as { invitationId: string; waveId: string } | undefined;
  if (context === undefined) return undefined;
  const { rows: saved } = await run(CREATE_RESPONSE, [
    context.waveId,
    context.invitationId,
    'completed',
    JSON.stringify(answers),
    answerCells(CODEBOOK_2023, answers),
    new Date(),
    'completed',
    ids.next(),
  ]);
  return (saved.at(0) as { revision: number } | undefined)?.revision ?? null;
}
