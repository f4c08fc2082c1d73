import { ErrorCode } from '../common/error-code';
import { WaveStatus } from '../waves/wave.entity';
import { CLOSED_HEADING, formatBerlin, NOT_YET_OPEN_HEADING, RefusingState, waveRefusal } from './wave-refusal';

const OPENS = new Date('2098-03-01T08:00:00Z');
const CLOSED = new Date('2020-02-01T23:00:00Z');

describe('waveRefusal', () => {
  it.each<[string, RefusingState, WaveStatus, boolean, ErrorCode, string, string]>([
    [
      'draft, nothing saved',
      'not-open',
      WaveStatus.Draft,
      false,
      ErrorCode.RESPONSE_WAVE_NOT_OPEN,
      NOT_YET_OPEN_HEADING,
      'Diese Befragung ist noch nicht geöffnet. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.',
    ],
    [
      'before its window, nothing saved',
      'before-window',
      WaveStatus.Open,
      false,
      ErrorCode.RESPONSE_OUTSIDE_WINDOW,
      NOT_YET_OPEN_HEADING,
      'Diese Befragung beginnt am 1. März 2098 um 09:00. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat.',
    ],
    [
      'before its window (moved later), answers saved',
      'before-window',
      WaveStatus.Open,
      true,
      ErrorCode.RESPONSE_OUTSIDE_WINDOW,
      NOT_YET_OPEN_HEADING,
      'Diese Befragung beginnt am 1. März 2098 um 09:00. Bitte öffnen Sie Ihren persönlichen Link erneut, sobald sie begonnen hat. Ihre bisher gespeicherten Antworten bleiben erhalten.',
    ],
    [
      'closed, answers saved',
      'not-open',
      WaveStatus.Closed,
      true,
      ErrorCode.RESPONSE_WAVE_NOT_OPEN,
      CLOSED_HEADING,
      'Diese Befragung ist beendet. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
    ],
    [
      'closed, nothing saved',
      'not-open',
      WaveStatus.Closed,
      false,
      ErrorCode.RESPONSE_WAVE_NOT_OPEN,
      CLOSED_HEADING,
      'Diese Befragung ist beendet; es können keine Antworten mehr abgegeben werden.',
    ],
    [
      'after its window, answers saved',
      'after-window',
      WaveStatus.Open,
      true,
      ErrorCode.RESPONSE_OUTSIDE_WINDOW,
      CLOSED_HEADING,
      'Der Befragungszeitraum endete am 2. Februar 2020 um 00:00. Ihre bisher gespeicherten Antworten bleiben erhalten; neue Antworten können nicht mehr gespeichert werden.',
    ],
    [
      'after its window, nothing saved',
      'after-window',
      WaveStatus.Open,
      false,
      ErrorCode.RESPONSE_OUTSIDE_WINDOW,
      CLOSED_HEADING,
      'Der Befragungszeitraum endete am 2. Februar 2020 um 00:00; es können keine Antworten mehr abgegeben werden.',
    ],
  ])('%s', (_case, state, waveStatus, hasSavedAnswers, code, heading, message) => {
    expect(waveRefusal({ state, waveStatus, opensAt: OPENS, closesAt: CLOSED, hasSavedAnswers })).toEqual({ code, heading, message });
  });

  it('never tells someone without saved answers that their answers are kept', () => {
    for (const state of ['not-open', 'before-window', 'after-window'] as const) {
      for (const waveStatus of Object.values(WaveStatus)) {
        const { message } = waveRefusal({ state, waveStatus, opensAt: OPENS, closesAt: CLOSED, hasSavedAnswers: false });
        expect(message).not.toMatch(/gespeichert/);
      }
    }
  });
});

describe('formatBerlin', () => {
  it('shows Berlin time in German, summer and winter', () => {
    expect(formatBerlin(new Date('2025-07-01T10:30:00Z'))).toBe('1. Juli 2025 um 12:30');
    expect(formatBerlin(new Date('2025-01-01T10:30:00Z'))).toBe('1. Januar 2025 um 11:30');
    expect(formatBerlin(null)).toBe('');
  });
});
