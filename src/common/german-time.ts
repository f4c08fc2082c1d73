/**
 * Times for people: German format in Europe/Berlin ("27.07.2025, 23:59 Uhr"), and the other way
 * round for the console's date-time fields, whose values mean Berlin time. Pure.
 */

export const TIME_ZONE = 'Europe/Berlin';

const DATE_TIME = new Intl.DateTimeFormat('de-DE', {
  timeZone: TIME_ZONE,
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
const DATE = new Intl.DateTimeFormat('de-DE', { timeZone: TIME_ZONE, day: '2-digit', month: '2-digit', year: 'numeric' });
const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** "27.07.2025, 23:59 Uhr"; "–" for no time. */
export function formatDateTime(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '–';
  return `${DATE_TIME.format(new Date(date))} Uhr`;
}

/** "27.07.2025"; "–" for no time. */
export function formatDate(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '–';
  return DATE.format(new Date(date));
}

function berlinFields(date: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const fields = Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, Number(part.value)]));
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
}

/** Berlin's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
function berlinOffsetMs(date: Date): number {
  const f = berlinFields(date);
  const asUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

/** The value of an `<input type="datetime-local">` showing an instant in Berlin time: "2025-07-27T23:59". */
export function toLocalInput(date: Date | string | null | undefined): string {
  if (date === null || date === undefined) return '';
  const f = berlinFields(new Date(date));
  const two = (value: number) => String(value).padStart(2, '0');
  return `${f.year}-${two(f.month)}-${two(f.day)}T${two(f.hour)}:${two(f.minute)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant a datetime-local value means in Berlin ("2025-07-27T23:59" → 21:59 UTC); undefined when it
 * is not such a value or names no real day. A time the clocks skip in spring is read with the winter offset.
 */
export function fromLocalInput(value: string): Date | undefined {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const wallClock = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallClock);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  const firstGuess = wallClock - berlinOffsetMs(new Date(wallClock));
  return new Date(wallClock - berlinOffsetMs(new Date(firstGuess)));
}
