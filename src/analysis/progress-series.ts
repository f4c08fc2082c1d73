/**
 * The progress of a wave over time, pure: the days with activity (from
 * ResponseActivityReader) become a cumulative daily series from the wave's
 * first day to its last, with the days without activity filled in.
 */
import { sharePercent } from './shares';

/** Starts and completions on one Berlin day (`YYYY-MM-DD`). */
export interface DayActivity {
  day: string;
  started: number;
  completed: number;
}

/** One day of the series: that day's starts and completions, and the totals up to and including it. */
export interface ProgressDay {
  /** The calendar day in Europe/Berlin, `YYYY-MM-DD`. */
  day: string;
  started: number;
  completed: number;
  startedTotal: number;
  completedTotal: number;
}

export interface ProgressInput {
  /** Days with activity, any order. */
  activity: DayActivity[];
  opensAt: Date | null;
  /** End of the fielding window (exclusive). */
  closesAt: Date | null;
  /** When the wave was closed, if it is closed. */
  closedAt: Date | null;
  now: Date;
  invitations: number;
}

export interface ProgressSeries {
  days: ProgressDay[];
  started: number;
  completed: number;
  /** Completed / invitations in percent, half-up to one decimal; null without invitations. */
  responseRate: number | null;
}

const BERLIN_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day of an instant in Europe/Berlin, `YYYY-MM-DD`. */
export function berlinDay(instant: Date): string {
  return BERLIN_DAY.format(instant);
}

/** `2025-07-27` → `27.07.` (axis and table labels). */
export function germanDayLabel(day: string): string {
  const [, month, date] = day.split('-');
  return `${date}.${month}.`;
}

/** `2025-07-27` → `27.07.2025`. */
export function germanDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}.${month}.${year}`;
}

/** The day after a `YYYY-MM-DD` day. */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/**
 * The first day: the day the window opens, or the first response's day
 * (whichever is earlier). The last day: today, or the day the wave was closed,
 * or the window's last day, whichever is earliest, but never before a day with
 * activity. No days when there is neither an opening day nor any activity, or
 * when the wave opens after today without any activity yet.
 */
export function progressSeries(input: ProgressInput): ProgressSeries {
  const activity = [...input.activity].sort((a, b) => a.day.localeCompare(b.day));
  const byDay = new Map(activity.map((entry) => [entry.day, entry]));
  const firstActive = activity[0]?.day;
  const lastActive = activity[activity.length - 1]?.day;

  const firstCandidates = [input.opensAt ? berlinDay(input.opensAt) : undefined, firstActive].filter((day) => day !== undefined);
  const ends = [
    berlinDay(input.now),
    input.closedAt ? berlinDay(input.closedAt) : undefined,
    // closesAt is exclusive: the window's last day is that of the instant before it.
    input.closesAt ? berlinDay(new Date(input.closesAt.getTime() - 1)) : undefined,
  ].filter((day) => day !== undefined);
  const first = firstCandidates.sort()[0];
  let last = ends.sort()[0];
  if (lastActive !== undefined && lastActive > last) last = lastActive;

  const days: ProgressDay[] = [];
  let startedTotal = 0;
  let completedTotal = 0;
  if (first !== undefined) {
    for (let day = first; day <= last; day = nextDay(day)) {
      const entry = byDay.get(day);
      const started = entry?.started ?? 0;
      const completed = entry?.completed ?? 0;
      startedTotal += started;
      completedTotal += completed;
      days.push({ day, started, completed, startedTotal, completedTotal });
    }
  }
  return {
    days,
    started: startedTotal,
    completed: completedTotal,
    responseRate: input.invitations > 0 ? sharePercent(Math.min(completedTotal, input.invitations), input.invitations) : null,
  };
}
