/**
 * What a respondent reads when their wave accepts no answers: a heading and a
 * text that match the state (not open yet / over) and say that saved answers
 * are kept only to someone who has saved answers. Pure: no Nest, no database.
 */
import { ErrorCode } from '../common/error-code';
import { WaveStatus } from '../waves/wave.entity';

/** A fielding state in which the wave accepts no answers (see `fieldingState`). */
export type RefusingState = 'not-open' | 'before-window' | 'after-window';

export interface WaveRefusalInput {
  state: RefusingState;
  waveStatus: WaveStatus;
  opensAt: Date | null;
  closesAt: Date | null;
  /** Whether this invitation has a stored response with at least one answer. */
  hasSavedAnswers: boolean;
}

export interface WaveRefusal {
  code: ErrorCode.RESPONSE_WAVE_NOT_OPEN | ErrorCode.RESPONSE_OUTSIDE_WINDOW;
  /** Short heading for the page, e.g. "Die Befragung ist beendet". */
  heading: string;
  /** The explanation, in whole sentences. */
  message: string;
}

/** Path of the error detail that carries the heading in a refusal's `errors` (the page shows it as its h1). */
export const REFUSAL_HEADING_PATH = 'wave';

export const NOT_YET_OPEN_HEADING = 'Die Befragung hat noch nicht begonnen';
export const CLOSED_HEADING = 'Die Befragung ist beendet';

const KEPT = 'Ihre bisher gespeicherten Antworten bleiben erhalten';

export function waveRefusal(input: WaveRefusalInput): WaveRefusal {
  const { state, waveStatus, hasSavedAnswers } = input;
  if (state === 'before-window' || (state === 'not-open' && waveStatus === WaveStatus.Draft)) {
    const first =
      state === 'before-window' ? `Diese Befragung beginnt am ${formatBerlin(input.opensAt)}.` : 'Diese Befragung ist noch nicht geöffnet.';
    const kept = hasSavedAnswers ? ` ${KEPT}.` : '';
    return {
      code: state === 'before-window' ? ErrorCode.RESPONSE_OUTSIDE_WINDOW : ErrorCode.RESPONSE_WAVE_NOT_OPEN,
      heading: NOT_YET_OPEN_HEADING,
      message: `${first} Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.${kept}`,
    };
  }
  const first =
    state === 'after-window' ? `Der Befragungszeitraum endete am ${formatBerlin(input.closesAt)}` : 'Diese Befragung ist beendet';
  return {
    code: state === 'after-window' ? ErrorCode.RESPONSE_OUTSIDE_WINDOW : ErrorCode.RESPONSE_WAVE_NOT_OPEN,
    heading: CLOSED_HEADING,
    message: hasSavedAnswers
      ? `${first}. ${KEPT}; neue Antworten können nicht mehr gespeichert werden.`
      : `${first}; es können keine Antworten mehr abgegeben werden.`,
  };
}

/** Date and time as a German reader expects them, in Berlin time ("1. März 2025 um 09:00"). */
export function formatBerlin(date: Date | null): string {
  return date ? date.toLocaleString('de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'long', timeStyle: 'short' }) : '';
}
