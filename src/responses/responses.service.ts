import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, QueryRunner } from 'typeorm';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { hashToken } from '../common/tokens';
import { InvitationStatus } from '../invitations/invitation.entity';
import { fieldingState } from '../waves/wave-transitions';
import { WaveStatus } from '../waves/wave.entity';
import { answerRows } from './answer-rows';
import { checkAnswerShape } from './answer-shape';
import { CompiledDefinitions } from './compiled-definitions';
import { RespondentViewDto, SavedResponseDto } from './dto/respondent-view.dto';
import { SaveResponseDto } from './dto/save-response.dto';
import { ResponseStatus } from './response.entity';
import { ResponseException } from './response.exception';
import { SurveyRules } from './survey-rules';

/** Everything a token leads to, read in one query. */
interface TokenContext {
  invitationId: string;
  waveId: string;
  waveCode: string;
  waveTitle: string;
  waveStatus: WaveStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  surveyId: string;
  version: string;
  hash: string;
  responseId: string | null;
  responseStatus: ResponseStatus | null;
  revision: number | null;
  answers: Record<string, unknown> | null;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;

@Injectable()
export class ResponsesService {
  private readonly rules = new SurveyRules();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: CompiledDefinitions,
    private readonly clock: Clock,
  ) {}

  async view(token: string): Promise<RespondentViewDto> {
    const context = await this.contextOf(token);
    const wave = { code: context.waveCode, title: context.waveTitle, closesAt: context.closesAt?.toISOString() ?? null };
    if (context.responseStatus === ResponseStatus.Completed) {
      return { wave, definition: null, answers: {}, status: 'completed', revision: context.revision };
    }
    this.assertAccepting(context);
    const { content } = await this.definitions.get(context.surveyId, context.version, context.hash);
    return {
      wave,
      definition: content,
      answers: context.answers ?? {},
      status: context.responseStatus ?? 'new',
      revision: context.revision,
    };
  }

  /**
   * Saves a partial or completed response. Nothing invalid is stored, and an
   * accepted save is committed (response JSONB, answer rows and invitation state
   * together) before it is acknowledged.
   */
  async save(token: string, dto: SaveResponseDto): Promise<SavedResponseDto> {
    const context = await this.contextOf(token);
    if (context.responseStatus === ResponseStatus.Completed) {
      return this.repeatedCompletion(context, dto);
    }
    this.assertAccepting(context);
    const definition = await this.definitions.get(context.surveyId, context.version, context.hash);
    const shapeErrors = checkAnswerShape(definition.codebook, dto.answers);
    const errors = shapeErrors.length > 0 ? shapeErrors : this.rules.check(definition.hash, definition.content, dto.answers, dto.complete);
    if (errors.length > 0) {
      const message = dto.complete ? 'Die Antworten sind noch nicht vollständig oder enthalten Fehler' : 'Die Antworten enthalten Fehler';
      throw new ResponseException(ErrorCode.RESPONSE_INVALID, message, errors);
    }
    const rows = answerRows(definition.codebook, dto.answers);
    const status = dto.complete ? ResponseStatus.Completed : ResponseStatus.Partial;
    return this.inTransaction(async (runner) => {
      await this.lockOpenWave(runner, context);
      const saved =
        context.responseId === null
          ? await this.insertResponse(runner, context, dto, status)
          : await this.updateResponse(runner, context, dto, status);
      if (context.responseId !== null) {
        await runner.query('DELETE FROM answers WHERE response_id = $1', [saved.id]);
      }
      if (rows.length > 0) {
        await runner.query(
          `INSERT INTO answers (response_id, wave_id, question_code, item_code, value, text, completed, question_first)
           SELECT $1, $2, q, i, v, t, $3, f FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::bool[]) AS a(q, i, v, t, f)`,
          [
            saved.id,
            context.waveId,
            dto.complete,
            rows.map((row) => row.questionCode),
            rows.map((row) => row.itemCode),
            rows.map((row) => row.value),
            rows.map((row) => row.text),
            rows.map((row) => row.questionFirst),
          ],
        );
      }
      await runner.query('UPDATE invitations SET status = $2, updated_at = now() WHERE id = $1', [
        context.invitationId,
        dto.complete ? InvitationStatus.Completed : InvitationStatus.Started,
      ]);
      return { status, revision: saved.revision };
    });
  }

  private async contextOf(token: string): Promise<TokenContext> {
    const unknown = new ResponseException(ErrorCode.RESPONSE_TOKEN_UNKNOWN, 'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben.');
    if (!TOKEN_PATTERN.test(token)) throw unknown;
    const rows: TokenContext[] = await this.dataSource.query(
      `SELECT i.id AS "invitationId", w.id AS "waveId", w.code AS "waveCode", w.title AS "waveTitle", w.status AS "waveStatus",
              w.opens_at AS "opensAt", w.closes_at AS "closesAt", w.survey_id AS "surveyId", w.version, d.hash,
              r.id AS "responseId", r.status AS "responseStatus", r.revision, r.answers
         FROM invitations i
         JOIN waves w ON w.id = i.wave_id
         JOIN definition_versions d ON d.survey_id = w.survey_id AND d.version = w.version
         LEFT JOIN responses r ON r.invitation_id = i.id
        WHERE i.token_hash = $1`,
      [hashToken(token)],
    );
    if (rows.length === 0) throw unknown;
    return rows[0];
  }

  private assertAccepting(wave: { waveStatus: WaveStatus; opensAt: Date | null; closesAt: Date | null }): void {
    const state = fieldingState({ status: wave.waveStatus, opensAt: wave.opensAt, closesAt: wave.closesAt }, this.clock.now());
    switch (state) {
      case 'accepting':
        return;
      case 'not-open':
        throw new ResponseException(
          ErrorCode.RESPONSE_WAVE_NOT_OPEN,
          wave.waveStatus === WaveStatus.Draft
            ? 'Diese Befragung ist noch nicht geöffnet.'
            : 'Diese Befragung ist beendet. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
        );
      case 'before-window':
        throw new ResponseException(ErrorCode.RESPONSE_OUTSIDE_WINDOW, `Diese Befragung beginnt am ${formatDate(wave.opensAt)}.`);
      case 'after-window':
        throw new ResponseException(
          ErrorCode.RESPONSE_OUTSIDE_WINDOW,
          `Der Befragungszeitraum endete am ${formatDate(wave.closesAt)}. Ihre bisher gespeicherten Antworten bleiben erhalten.`,
        );
    }
  }

  /** A completed response is final: the same completion again is acknowledged, anything else refused. */
  private repeatedCompletion(context: TokenContext, dto: SaveResponseDto): SavedResponseDto {
    if (dto.complete && isDeepStrictEqual(dto.answers, context.answers)) {
      return { status: ResponseStatus.Completed, revision: context.revision ?? 1 };
    }
    throw new ResponseException(ErrorCode.RESPONSE_ALREADY_COMPLETED, 'Sie haben diese Befragung bereits abgeschlossen; Ihre Antworten können nicht mehr geändert werden.');
  }

  /** Holds the wave row against a concurrent close until this save commits, and re-checks it is open. */
  private async lockOpenWave(runner: QueryRunner, context: TokenContext): Promise<void> {
    const [wave]: Array<{ status: WaveStatus; opens_at: Date | null; closes_at: Date | null }> = await runner.query(
      'SELECT status, opens_at, closes_at FROM waves WHERE id = $1 FOR SHARE',
      [context.waveId],
    );
    this.assertAccepting({ waveStatus: wave.status, opensAt: wave.opens_at, closesAt: wave.closes_at });
  }

  private async insertResponse(runner: QueryRunner, context: TokenContext, dto: SaveResponseDto, status: ResponseStatus): Promise<{ id: string; revision: number }> {
    if (dto.revision !== undefined) throw staleRevision();
    const [inserted]: Array<{ id: string; revision: number }> = await runner.query(
      `INSERT INTO responses (wave_id, invitation_id, status, answers, revision, completed_at)
       VALUES ($1, $2, $3::varchar, $4::jsonb, 1, CASE WHEN $3::varchar = 'completed' THEN now() END)
       ON CONFLICT (invitation_id) DO NOTHING
       RETURNING id, revision`,
      [context.waveId, context.invitationId, status, JSON.stringify(dto.answers)],
    );
    // Another save for this invitation won the race: this one was based on a state that no longer exists.
    if (!inserted) throw staleRevision();
    return inserted;
  }

  private async updateResponse(runner: QueryRunner, context: TokenContext, dto: SaveResponseDto, status: ResponseStatus): Promise<{ id: string; revision: number }> {
    if (dto.revision === undefined) throw staleRevision();
    const [updated]: [Array<{ id: string; revision: number }>, number] = await runner.query(
      `UPDATE responses
          SET answers = $3::jsonb, status = $4::varchar, revision = revision + 1, updated_at = now(),
              completed_at = CASE WHEN $4::varchar = 'completed' THEN now() END
        WHERE id = $1 AND revision = $2 AND status = 'partial'
        RETURNING id, revision`,
      [context.responseId, dto.revision, JSON.stringify(dto.answers), status],
    );
    if (updated.length === 0) {
      const [current]: Array<{ status: ResponseStatus }> = await runner.query('SELECT status FROM responses WHERE id = $1', [context.responseId]);
      if (current?.status === ResponseStatus.Completed) {
        throw new ResponseException(ErrorCode.RESPONSE_ALREADY_COMPLETED, 'Diese Befragung wurde inzwischen abgeschlossen (vielleicht in einem anderen Fenster).');
      }
      throw staleRevision();
    }
    return updated[0];
  }

  private async inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

function staleRevision(): ResponseException {
  return new ResponseException(
    ErrorCode.RESPONSE_STALE_REVISION,
    'Ihre Antworten wurden inzwischen an anderer Stelle geändert (vielleicht in einem anderen Fenster). Bitte laden Sie die Seite neu; Ihre Eingaben in diesem Fenster bleiben bis dahin erhalten.',
  );
}

function formatDate(date: Date | null): string {
  return date ? date.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' }) : '';
}
