import { fieldingState, nextStatus, WaveAction } from './wave-transitions';
import { WaveStatus } from './wave.entity';

describe('nextStatus', () => {
  const table: Array<[WaveStatus, WaveAction, WaveStatus | undefined]> = [
    [WaveStatus.Draft, 'open', WaveStatus.Open],
    // A past wave: never open, filled by import, closed.
    [WaveStatus.Draft, 'close', WaveStatus.Closed],
    [WaveStatus.Draft, 'reopen', undefined],
    [WaveStatus.Open, 'open', undefined],
    [WaveStatus.Open, 'close', WaveStatus.Closed],
    [WaveStatus.Open, 'reopen', undefined],
    [WaveStatus.Closed, 'open', undefined],
    [WaveStatus.Closed, 'close', undefined],
    [WaveStatus.Closed, 'reopen', WaveStatus.Open],
  ];
  it.each(table)('%s --%s--> %s', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });
});

describe('fieldingState', () => {
  const opensAt = new Date('2023-06-29T00:00:00Z');
  const closesAt = new Date('2023-07-28T00:00:00Z');
  it.each([
    [WaveStatus.Draft, null, null, '2023-07-01', 'not-open'],
    [WaveStatus.Closed, null, null, '2023-07-01', 'not-open'],
    [WaveStatus.Open, null, null, '2023-07-01', 'accepting'],
    [WaveStatus.Open, opensAt, closesAt, '2023-06-28T23:59:59Z', 'before-window'],
    [WaveStatus.Open, opensAt, closesAt, '2023-06-29T00:00:00Z', 'accepting'],
    [WaveStatus.Open, opensAt, closesAt, '2023-07-27T23:59:59Z', 'accepting'],
    [WaveStatus.Open, opensAt, closesAt, '2023-07-28T00:00:00Z', 'after-window'],
    [WaveStatus.Open, opensAt, null, '2030-01-01', 'accepting'],
  ] as const)('%s wave, window %s – %s, at %s: %s', (status, from, to, now, expected) => {
    expect(fieldingState({ status, opensAt: from, closesAt: to }, new Date(now))).toBe(expected);
  });
});
