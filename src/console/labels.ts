/** German words the console shows for the service's values. Pure. */
import { StaffRole } from '../auth/staff-member.entity';
import { WaveStatus } from '../waves/wave.entity';

export const WAVE_STATUS_LABELS: Record<WaveStatus, string> = {
  [WaveStatus.Draft]: 'Entwurf',
  [WaveStatus.Open]: 'offen',
  [WaveStatus.Closed]: 'geschlossen',
};

export const ROLE_LABELS: Record<StaffRole, string> = {
  [StaffRole.Admin]: 'Administration',
  [StaffRole.Analyst]: 'Analyse (nur lesen)',
};

/** "60,6 %" of a part of a whole; "–" when there is no whole. */
export function rateLabel(part: number, whole: number): string {
  if (whole <= 0) return '–';
  return `${((part / whole) * 100).toFixed(1).replace('.', ',')} %`;
}
