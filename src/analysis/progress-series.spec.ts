import { berlinDay, germanDayLabel, nextDay, ProgressInput, progressSeries } from './progress-series';

const base: ProgressInput = {
  activity: [],
  opensAt: null,
  closesAt: null,
  closedAt: null,
  now: new Date('2025-07-10T12:00:00Z'),
  invitations: 0,
};

describe('berlinDay', () => {
  it.each([
    ['2025-07-27T21:59:59Z', '2025-07-27'],
    ['2025-07-27T22:00:00Z', '2025-07-28'], // summer: UTC+2
    ['2025-01-15T22:59:59Z', '2025-01-15'],
    ['2025-01-15T23:00:00Z', '2025-01-16'], // winter: UTC+1
    ['2025-03-30T00:30:00Z', '2025-03-30'], // the night the clocks go forward
  ])('%s is %s in Berlin', (instant, day) => {
    expect(berlinDay(new Date(instant))).toBe(day);
  });
});

describe('germanDayLabel and nextDay', () => {
  it.each([
    ['2025-07-27', '27.07.', '2025-07-28'],
    ['2025-02-28', '28.02.', '2025-03-01'],
    ['2024-02-28', '28.02.', '2024-02-29'],
    ['2025-12-31', '31.12.', '2026-01-01'],
    ['2025-03-30', '30.03.', '2025-03-31'],
  ])('%s → %s, next %s', (day, label, next) => {
    expect(germanDayLabel(day)).toBe(label);
    expect(nextDay(day)).toBe(next);
  });
});

describe('progressSeries', () => {
  const day = (d: string, startedTotal: number, completedTotal: number, started = 0, completed = 0) => ({
    day: d,
    started,
    completed,
    startedTotal,
    completedTotal,
  });

  it.each<[string, Partial<ProgressInput>, Array<ReturnType<typeof day>>]>([
    ['no opening day and no activity: no days', {}, []],
    [
      'opens on the 7th, today the 10th, one start on the 8th: four days, filled',
      { opensAt: new Date('2025-07-07T06:00:00Z'), activity: [{ day: '2025-07-08', started: 1, completed: 0 }] },
      [day('2025-07-07', 0, 0), day('2025-07-08', 1, 0, 1, 0), day('2025-07-09', 1, 0), day('2025-07-10', 1, 0)],
    ],
    [
      'no opening day: from the first response’s day; unsorted activity',
      {
        activity: [
          { day: '2025-07-10', started: 0, completed: 2 },
          { day: '2025-07-09', started: 3, completed: 1 },
        ],
      },
      [day('2025-07-09', 3, 1, 3, 1), day('2025-07-10', 3, 3, 0, 2)],
    ],
    [
      'closed on the 8th: ends that day, not today',
      {
        opensAt: new Date('2025-07-06T22:00:00Z'),
        closedAt: new Date('2025-07-08T10:00:00Z'),
        activity: [{ day: '2025-07-07', started: 2, completed: 1 }],
      },
      [day('2025-07-07', 2, 1, 2, 1), day('2025-07-08', 2, 1)],
    ],
    [
      'window ends at midnight Berlin (exclusive): its last day is the day before',
      { opensAt: new Date('2025-07-06T22:00:00Z'), closesAt: new Date('2025-07-08T22:00:00Z') },
      [day('2025-07-07', 0, 0), day('2025-07-08', 0, 0)],
    ],
    [
      'activity after the end (reopened wave) extends the series to it',
      {
        opensAt: new Date('2025-07-08T08:00:00Z'),
        closedAt: new Date('2025-07-08T09:00:00Z'),
        activity: [{ day: '2025-07-09', started: 1, completed: 1 }],
      },
      [day('2025-07-08', 0, 0), day('2025-07-09', 1, 1, 1, 1)],
    ],
    ['opens after today, no activity: no days', { opensAt: new Date('2025-07-20T08:00:00Z') }, []],
  ])('%s', (_, input, expected) => {
    expect(progressSeries({ ...base, ...input }).days).toEqual(expected);
  });

  it.each([
    [0, 0, null],
    [3, 0, 0],
    [3, 1, 33.3],
    [3, 2, 66.7],
    [2, 2, 100],
  ])('%i invitations, %i completed: response rate %s', (invitations, completed, rate) => {
    const series = progressSeries({
      ...base,
      invitations,
      activity: completed > 0 ? [{ day: '2025-07-10', started: completed, completed }] : [],
    });
    expect(series.responseRate).toBe(rate);
    expect(series.completed).toBe(completed);
    expect(series.started).toBe(completed);
  });
});
