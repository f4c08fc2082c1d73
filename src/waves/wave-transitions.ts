import { WaveStatus } from './wave.entity';

export type WaveAction = 'open' | 'close' | 'reopen';

/**
 * The state machine of a wave: draft → open → closed, and an admin may reopen a closed wave.
 * A draft may also be closed without ever being open: a past wave (an earlier survey, its
 * historical fielding window, filled by import) goes draft → closed.
 */
const TRANSITIONS: Record<WaveAction, { from: readonly WaveStatus[]; to: WaveStatus }> = {
  open: { from: [WaveStatus.Draft], to: WaveStatus.Open },
  close: { from: [WaveStatus.Draft, WaveStatus.Open], to: WaveStatus.Closed },
  reopen: { from: [WaveStatus.Closed], to: WaveStatus.Open },
};

/** The status after `action`, or undefined when the action is not allowed from `status`. */
export function nextStatus(status: WaveStatus, action: WaveAction): WaveStatus | undefined {
  const transition = TRANSITIONS[action];
  return transition.from.includes(status) ? transition.to : undefined;
}

/** Whether a wave accepts answers at `now`: open, and inside its fielding window when it has one. */
export function fieldingState(
  wave: { status: WaveStatus; opensAt: Date | null; closesAt: Date | null },
  now: Date,
): 'accepting' | 'not-open' | 'before-window' | 'after-window' {
  if (wave.status !== WaveStatus.Open) return 'not-open';
  if (wave.opensAt && now < wave.opensAt) return 'before-window';
  if (wave.closesAt && now >= wave.closesAt) return 'after-window';
  return 'accepting';
}
