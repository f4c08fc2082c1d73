import { formatDate, formatDateTime, fromLocalInput, toLocalInput } from './german-time';

describe('formatDateTime', () => {
  it.each([
    ['2025-07-27T21:59:00Z', '27.07.2025, 23:59 Uhr'],
    ['2025-01-05T08:05:00Z', '05.01.2025, 09:05 Uhr'],
    ['2025-10-26T00:30:00Z', '26.10.2025, 02:30 Uhr'],
    ['2025-10-26T01:30:00Z', '26.10.2025, 02:30 Uhr'],
    ['2025-12-31T23:00:00Z', '01.01.2026, 00:00 Uhr'],
  ])('%s → %s', (utc, expected) => {
    expect(formatDateTime(new Date(utc))).toBe(expected);
  });

  it('shows a dash for no time', () => {
    expect(formatDateTime(null)).toBe('–');
    expect(formatDate(undefined)).toBe('–');
  });

  it('formats the Berlin day', () => {
    expect(formatDate('2025-12-31T23:30:00Z')).toBe('01.01.2026');
  });
});

describe('datetime-local values in Berlin time', () => {
  it.each([
    ['2025-07-27T23:59', '2025-07-27T21:59:00.000Z'],
    ['2025-01-15T12:00', '2025-01-15T11:00:00.000Z'],
    ['2025-03-30T03:30', '2025-03-30T01:30:00.000Z'],
    ['2025-10-26T03:00', '2025-10-26T02:00:00.000Z'],
    ['2025-07-27T23:59:30', '2025-07-27T21:59:30.000Z'],
  ])('%s means %s', (local, utc) => {
    expect(fromLocalInput(local)?.toISOString()).toBe(utc);
  });

  it.each(['', '27.07.2025 23:59', '2025-02-30T10:00', '2025-07-27T24:00', '2025-13-01T00:00', '2025-07-27'])('refuses %j', (value) => {
    expect(fromLocalInput(value)).toBeUndefined();
  });

  it.each(['2025-07-27T21:59:00Z', '2025-01-15T11:00:00Z', '2024-02-29T23:15:00Z'])('round-trips %s', (utc) => {
    expect(fromLocalInput(toLocalInput(new Date(utc)))?.toISOString()).toBe(new Date(utc).toISOString());
  });

  it('is empty for no time', () => {
    expect(toLocalInput(null)).toBe('');
  });
});
