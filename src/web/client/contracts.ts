/**
 * What the page shares with the server, checked by the compiler: the respondent
 * API's DTOs, the error codes it reacts to and the conventions' custom SurveyJS
 * property. Type-only imports: nothing of the server's code is shipped, and a
 * renamed code or property fails the build instead of silently never matching.
 */
import type { ErrorCode } from '../../common/error-code';
import type { ErrorBodyDto } from '../../common/error-body.dto';
import type { DEFAULT_TOP_BOX, TOP_BOX_PROPERTY } from '../../definitions/survey-model';
import type { RespondentViewDto, RespondentWaveDto, SavedResponseDto } from '../../responses/dto/respondent-view.dto';
import type { SaveResponseDto } from '../../responses/dto/save-response.dto';

/** The JSON of the respondent API (the DTO classes carry nothing but their fields). */
export type RespondentView = RespondentViewDto;
export type RespondentWave = RespondentWaveDto;
export type SavedResponse = SavedResponseDto;
export type SaveRequest = SaveResponseDto;
export type Answers = SaveRequest['answers'];
/** An error answer; its code as the string it is in the JSON. */
export type ErrorBody = Omit<ErrorBodyDto, 'code'> & { code: `${ErrorCode}` };

/** The error codes of the respondent API the page tells apart, each typed as the value of the same-named `ErrorCode`. */
export const CODES = {
  RESPONSE_INVALID: 'RESPONSE_INVALID',
  RESPONSE_ALREADY_COMPLETED: 'RESPONSE_ALREADY_COMPLETED',
  RESPONSE_STALE_REVISION: 'RESPONSE_STALE_REVISION',
  RESPONSE_WAVE_NOT_OPEN: 'RESPONSE_WAVE_NOT_OPEN',
  RESPONSE_OUTSIDE_WINDOW: 'RESPONSE_OUTSIDE_WINDOW',
  RESPONSE_LINK_BLOCKED: 'RESPONSE_LINK_BLOCKED',
} as const satisfies { [Code in keyof typeof ErrorCode]?: `${(typeof ErrorCode)[Code]}` };

export type KnownCode = (typeof CODES)[keyof typeof CODES];

/** The matrix property of the definition conventions (`topBox`) and its default, as the server registers them. */
export const TOP_BOX: { property: typeof TOP_BOX_PROPERTY; default: typeof DEFAULT_TOP_BOX } = { property: 'topBox', default: 2 };
