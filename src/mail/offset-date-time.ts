/**
 * The one form of date-time the mail API accepts for a schedule: `YYYY-MM-DDTHH:MM(:SS(.sss)?)?` with `Z` or `±HH:MM`.
 * Other ISO 8601 forms (week dates 2025-W27-2, ordinal dates 2025-182, the basic form 20250701T090000Z) and values without
 * an offset (they would be read in the server's zone) are refused; so are dates that do not exist (2025-02-30, 24:00). Pure.
 */
const OFFSET_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|([+-])(\d{2}):(\d{2}))$/;

export const OFFSET_DATE_TIME_EXAMPLE = '2025-07-01T09:00:00+02:00';

/** The instant `text` names, or null when it is not of the accepted form or names no real date and time. */
export function parseOffsetDateTime(text: unknown): Date | null {
  if (typeof text !== 'string') return null;
  const match = OFFSET_DATE_TIME.exec(text);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  const millis = Number((match[7] ?? '0').padEnd(3, '0'));
  const local = new Date(Date.UTC(year, month - 1, day, hour, minute, second, millis));
  if (
    local.getUTCFullYear() !== year ||
    local.getUTCMonth() !== month - 1 ||
    local.getUTCDate() !== day ||
    local.getUTCHours() !== hour ||
    local.getUTCMinutes() !== minute ||
    local.getUTCSeconds() !== second
  ) {
    return null;
  }
  if (match[8] === 'Z') return local;
  const offsetHours = Number(match[10]);
  const offsetMinutes = Number(match[11]);
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  const sign = match[9] === '-' ? -1 : 1;
  return new Date(local.getTime() - sign * (offsetHours * 60 + offsetMinutes) * 60_000);
}
