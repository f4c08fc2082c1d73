import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { ErrorCode } from '../common/error-code';
import { hashToken } from '../common/tokens';
import { PreparedStatement, preparedStatement, queryPrepared } from '../database/prepared-statements';
import { fieldingState } from '../waves/wave-transitions';
import { WaveStatus } from '../waves/wave.entity';
import { answerCells } from './answer-cells';
import { withoutUnanswered } from './answer-shape';
import { validateAnswers } from './answer-validation';
import { DefinitionsService } from '../definitions/definitions.service';
import { PrivacyNoticesService } from '../definitions/privacy-notices.service';
import { RespondentViewDto, SavedResponseDto } from './dto/respondent-view.dto';
import { SaveResponseDto } from './dto/save-response.dto';
import { ResponseStatus } from './response.entity';
import { ResponseException } from './response.exception';
import { ResponseWrite, ResponseWriter, WriteResult } from './response-writer';
import { SurveyRules } from './survey-rules';
import { REFUSAL_HEADING_PATH, waveRefusal } from './wave-refusal';

/**
 * Everything a token leads to: its invitation, the invitation's wave and its
 * response, read by TOKEN_CONTEXT in one round trip; the definition comes
 * from DefinitionsService's memory once a version has been used.
 */
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
  responseId: string | null;
  responseStatus: ResponseStatus | null;
  revision: number | null;
  /** The stored answer object: always for the page, for a save only once the response is completed. */
  answers: Record<string, unknown> | null;
  /** Whether the invitation has a stored response with at least one answer. */
  hasSavedAnswers: boolean;
}

type WaveFields = Pick<TokenContext, 'waveStatus' | 'opensAt' | 'closesAt'>;

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,100}$/;

/**
 * The context of a token in one statement: the most frequent read (every view and every save), and a documented
 * exception to "a module's SQL touches only its own tables" (src/module-boundaries.spec.ts). It was three queries
 * through InvitationsService, WavesService (TypeORM) and this module, in two round trips; the benchmark's profile of
 * the service under 64 connections showed about a quarter of its CPU time in the socket writes of its queries and
 * TypeORM's query building. An erased invitation has no token hash, so it is not found; a wave's deletion takes its
 * invitations along. The wave's state read here is the early answer only: the save passes the wave's gate anyway.
 * `answers` is the stored answer object for the page (TOKEN_CONTEXT); a save needs it only once the response is
 * completed, to recognise the same completion again (SAVE_CONTEXT), so an autosave does not fetch and parse what it
 * is about to replace.
 */
const tokenContextSql = (answers: string) => `
SELECT i.id AS "invitationId", i.blocked_at IS NOT NULL AS blocked,
       w.id AS "waveId", w.code AS "waveCode", w.title AS "waveTitle", w.status AS "waveStatus",
       w.opens_at AS "opensAt", w.closes_at AS "closesAt", w.survey_id AS "surveyId", w.version,
       r.id AS "responseId", r.status AS "responseStatus", r.revision, ${answers} AS answers,
       coalesce(r.answers <> '{}'::jsonb, false) AS "hasSavedAnswers"
  FROM invitations i
  JOIN waves w ON w.id = i.wave_id
  LEFT JOIN responses r ON r.invitation_id = i.id
 WHERE i.token_hash = $1`;

export const TOKEN_CONTEXT = preparedStatement('token_context', tokenContextSql('r.answers'));
export const SAVE_CONTEXT = preparedStatement('save_context', tokenContextSql(`CASE WHEN r.status = 'completed' THEN r.answers END`));

@Injectable()
export class ResponsesService {
  private readonly rules = new SurveyRules();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly definitions: DefinitionsService,
    private readonly writer: ResponseWriter,
    private readonly clock: Clock,
    private readonly privacyNotices: PrivacyNoticesService,
  ) {}

  async view(token: string): Promise<RespondentViewDto> {
    const context = await this.contextOf(token, TOKEN_CONTEXT);
    const wave = { code: context.waveCode, title: context.waveTitle, closesAt: context.closesAt?.toISOString() ?? null };
    if (context.responseStatus === ResponseStatus.Completed) {
      const privacyNotice = await this.privacyNotices.forRespondents(context.surveyId);
      return { wave, definition: null, answers: {}, status: 'completed', revision: context.revision, privacyNotice };
    }
    this.assertAccepting(context);
    const [{ content }, privacyNotice] = await Promise.all([
      this.definitions.compiledPinned(context.surveyId, context.version),
      this.privacyNotices.forRespondents(context.surveyId),
    ]);
    return {
      wave,
      definition: content,
      answers: context.answers ?? {},
      status: context.responseStatus ?? 'new',
      revision: context.revision,
      privacyNotice,
    };
  }

  /**
   * Saves a partial or completed response. Nothing invalid is stored, and an
   * accepted save is committed (response JSONB, its cells and invitation state
   * together) before it is acknowledged.
   */
  async save(token: string, given: SaveResponseDto): Promise<SavedResponseDto> {
    // The one place every write passes: what is unanswered is absent from here on (the check, the rows, the JSONB).
    const dto: SaveResponseDto = { ...given, answers: withoutUnanswered(given.answers) };
    const context = await this.contextOf(token, SAVE_CONTEXT);
    if (context.responseStatus === ResponseStatus.Completed) {
      return this.repeatedCompletion(context, dto);
    }
    this.assertAccepting(context);
    const definition = await this.definitions.compiledPinned(context.surveyId, context.version);
    // The answers as given: unknown question and row codes are refused even when their value is null.
    const errors = validateAnswers(this.rules, definition, given.answers, dto.complete);
    if (errors.length > 0) {
      const message = dto.complete ? 'Die Antworten sind noch nicht vollständig oder enthalten Fehler' : 'Die Antworten enthalten Fehler';
      throw new ResponseException(ErrorCode.RESPONSE_INVALID, message, errors);
    }
    const write: ResponseWrite = {
      waveId: context.waveId,
      invitationId: context.invitationId,
      status: dto.complete ? ResponseStatus.Completed : ResponseStatus.Partial,
      answers: dto.answers,
      cells: answerCells(definition.codebook, dto.answers),
      now: this.clock.now(),
    };
    const result = await this.persist(context, dto.revision, write);
    switch (result.outcome) {
      case 'saved':
        return { status: write.status, revision: result.revision };
      case 'wave-closed':
        throw (
          this.refusal(
            { waveStatus: result.wave.status, opensAt: result.wave.opensAt, closesAt: result.wave.closesAt },
            context.hasSavedAnswers,
          ) ?? staleRevision()
        );
      case 'completed':
        throw new ResponseException(
          ErrorCode.RESPONSE_ALREADY_COMPLETED,
          'Diese Befragung wurde inzwischen abgeschlossen (vielleicht in einem anderen Fenster).',
        );
      case 'stale':
        throw staleRevision();
    }
  }

  /** The first save sends no revision; every later one the revision it is based on (optimistic lock). */
  private async persist(context: TokenContext, revision: number | undefined, write: ResponseWrite): Promise<WriteResult> {
    if (context.responseId === null) return revision === undefined ? this.writer.create(write) : { outcome: 'stale' };
    if (revision === undefined) return { outcome: 'stale' };
    return this.writer.update({ ...write, responseId: context.responseId, revision });
  }

  private async contextOf(token: string, statement: PreparedStatement): Promise<TokenContext> {
    const [row] = TOKEN_PATTERN.test(token)
      ? await queryPrepared<TokenContext & { blocked: boolean }>(this.dataSource, statement, [hashToken(token)])
      : [];
    // Made only when thrown: an exception captures a stack trace, which no valid save should pay for.
    if (row === undefined) {
      throw new ResponseException(
        ErrorCode.RESPONSE_TOKEN_UNKNOWN,
        'Dieser Link ist ungültig. Bitte prüfen Sie, ob Sie ihn vollständig kopiert haben.',
      );
    }
    if (row.blocked) {
      throw new ResponseException(
        ErrorCode.RESPONSE_LINK_BLOCKED,
        'Dieser Link wurde gesperrt. Ihre bisher gespeicherten Antworten bleiben erhalten. Bitte wenden Sie sich an das Studienteam, wenn Sie einen neuen Link brauchen.',
      );
    }
    const { blocked: _blocked, ...context } = row;
    return context;
  }

  private assertAccepting(context: TokenContext): void {
    const refusal = this.refusal(context, context.hasSavedAnswers);
    if (refusal) throw refusal;
  }

  /** Why the wave accepts no answers now, in words for the respondent (heading in `errors`); undefined while it does. */
  private refusal(wave: WaveFields, savedAnswers: boolean): ResponseException | undefined {
    const state = fieldingState({ status: wave.waveStatus, opensAt: wave.opensAt, closesAt: wave.closesAt }, this.clock.now());
    if (state === 'accepting') return undefined;
    const refusal = waveRefusal({
      state,
      waveStatus: wave.waveStatus,
      opensAt: wave.opensAt,
      closesAt: wave.closesAt,
      hasSavedAnswers: savedAnswers,
    });
    return new ResponseException(refusal.code, refusal.message, [{ path: REFUSAL_HEADING_PATH, message: refusal.heading }]);
  }

  /** A completed response is final: the same completion again is acknowledged, anything else refused. */
  private repeatedCompletion(context: TokenContext, dto: SaveResponseDto): SavedResponseDto {
    if (dto.complete && isDeepStrictEqual(dto.answers, context.answers)) {
      return { status: ResponseStatus.Completed, revision: context.revision ?? 1 };
    }
    throw new ResponseException(
      ErrorCode.RESPONSE_ALREADY_COMPLETED,
      'Sie haben diese Befragung bereits abgeschlossen; Ihre Antworten können nicht mehr geändert werden.',
    );
  }
}

function staleRevision(): ResponseException {
  return new ResponseException(
    ErrorCode.RESPONSE_STALE_REVISION,
    'Ihre Antworten wurden inzwischen an anderer Stelle geändert (vielleicht in einem anderen Fenster). Bitte laden Sie die Seite neu; Ihre Eingaben in diesem Fenster bleiben bis dahin erhalten.',
  );
}
