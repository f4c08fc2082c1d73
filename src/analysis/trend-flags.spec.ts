import type { CodebookScale } from '../definitions/codebook';
import { describeLevels, itemFlags, joinAlternatives, scaleChanges, waveLabels } from './trend-flags';

function scale(labels: string[], topBox = 2): CodebookScale {
  const levels = labels.map((label, index) => ({ value: index + 1, label }));
  return { levels, noAnswerLabel: 'keine Angabe', topBox, topValues: levels.slice(-topBox).map((level) => level.value) };
}

const AGREE5 = ['trifft gar nicht zu', 'trifft eher nicht zu', 'teils/teils', 'trifft eher zu', 'trifft voll zu'];
const AGREE4 = ['trifft nicht zu', 'trifft eher nicht zu', 'trifft eher zu', 'trifft zu'];

describe('waveLabels', () => {
  it.each([
    [
      'years from the codes',
      [
        ['ki-2019', 'A'],
        ['ki-2021', 'B'],
      ],
      ['2019', '2021'],
    ],
    [
      'years from the titles',
      [
        ['w1', 'Befragung 2019'],
        ['w2', 'Befragung 2021'],
      ],
      ['2019', '2021'],
    ],
    [
      'codes when two waves share a year',
      [
        ['fj-2023', 'Frühjahr 2023'],
        ['hj-2023', 'Herbst 2023'],
      ],
      ['fj-2023', 'hj-2023'],
    ],
    [
      'codes when one wave has no year',
      [
        ['ki-2019', 'A'],
        ['pilot', 'Pilot'],
      ],
      ['ki-2019', 'pilot'],
    ],
    [
      'codes when the digits are no year',
      [
        ['w-12345', 'A'],
        ['w-3', 'B'],
      ],
      ['w-12345', 'w-3'],
    ],
  ])('names waves by %s', (_, waves, labels) => {
    const refs = waves.map(([code, title]) => ({ code, title }));
    expect([...waveLabels(refs).values()]).toEqual(labels);
  });
});

describe('joinAlternatives', () => {
  it.each([
    [[], ''],
    [['2019'], '2019'],
    [['2019', '2021'], '2019 bzw. 2021'],
    [['2019', '2021', '2023'], '2019, 2021 bzw. 2023'],
  ])('%j → %s', (parts, text) => {
    expect(joinAlternatives(parts)).toBe(text);
  });
});

describe('itemFlags', () => {
  const waves = ['w1', 'w2', 'w3'];
  it.each([
    ['asked everywhere, same wording', ['a', 'a', 'a'], { newIn: null, notAskedIn: [], rewordedIn: [] }],
    ['asked only in the last wave', [undefined, undefined, 'a'], { newIn: 'w3', notAskedIn: ['w1', 'w2'], rewordedIn: [] }],
    ['dropped after the first wave', ['a', undefined, undefined], { newIn: null, notAskedIn: ['w2', 'w3'], rewordedIn: [] }],
    ['asked, skipped, asked again', ['a', undefined, 'a'], { newIn: null, notAskedIn: ['w2'], rewordedIn: [] }],
    ['reworded in the second wave', ['a', 'b', 'b'], { newIn: null, notAskedIn: [], rewordedIn: ['w2'] }],
    ['reworded across a gap', ['a', undefined, 'b'], { newIn: null, notAskedIn: ['w2'], rewordedIn: ['w3'] }],
    ['whitespace is no rewording', ['a  b', ' a b ', 'a b'], { newIn: null, notAskedIn: [], rewordedIn: [] }],
    ['new in the middle and reworded later', [undefined, 'a', 'c'], { newIn: 'w2', notAskedIn: ['w1'], rewordedIn: ['w3'] }],
    ['never asked', [undefined, undefined, undefined], { newIn: null, notAskedIn: ['w1', 'w2', 'w3'], rewordedIn: [] }],
  ])('%s', (_, titles, flags) => {
    expect(itemFlags(waves, titles)).toEqual(flags);
  });
});

describe('describeLevels', () => {
  it.each([
    [AGREE5, false, '5 Stufen (trifft gar nicht zu … trifft voll zu)'],
    [['nein', 'ja'], false, '2 Stufen (nein / ja)'],
    [AGREE4, true, '4 Stufen (trifft nicht zu / trifft eher nicht zu / trifft eher zu / trifft zu)'],
  ])('%j', (labels, all, text) => {
    expect(describeLevels(labels, all)).toBe(text);
  });
});

describe('scaleChanges', () => {
  const labels = new Map([
    ['ki-2019', '2019'],
    ['ki-2021', '2021'],
    ['ki-2023', '2023'],
  ]);

  it('flags the five-point → four-point change between consecutive waves', () => {
    const changes = scaleChanges(
      [
        { wave: 'ki-2019', scale: scale(AGREE5) },
        { wave: 'ki-2021', scale: scale(AGREE4) },
        { wave: 'ki-2023', scale: scale(AGREE4) },
      ],
      labels,
    );
    expect(changes).toEqual([
      {
        from: 'ki-2019',
        to: 'ki-2021',
        detail: '2019: 5 Stufen (trifft gar nicht zu … trifft voll zu), 2021: 4 Stufen (trifft nicht zu … trifft zu)',
        fromLevels: AGREE5,
        toLevels: AGREE4,
        fromTopBox: 2,
        toTopBox: 2,
      },
    ]);
  });

  it('flags a relabelled level with every label shown', () => {
    const relabelled = ['trifft nicht zu', 'eher nicht', 'trifft eher zu', 'trifft zu'];
    const [change] = scaleChanges(
      [
        { wave: 'ki-2021', scale: scale(AGREE4) },
        { wave: 'ki-2023', scale: scale(relabelled) },
      ],
      labels,
    );
    expect(change.detail).toBe(
      '2021: 4 Stufen (trifft nicht zu / trifft eher nicht zu / trifft eher zu / trifft zu), 2023: 4 Stufen (trifft nicht zu / eher nicht / trifft eher zu / trifft zu)',
    );
  });

  it('flags a changed top box', () => {
    const [change] = scaleChanges(
      [
        { wave: 'ki-2021', scale: scale(AGREE4, 2) },
        { wave: 'ki-2023', scale: scale(AGREE4, 1) },
      ],
      labels,
    );
    expect(change).toMatchObject({ fromTopBox: 2, toTopBox: 1 });
    expect(change.detail).toContain('Top-Box: 2 → 1');
  });

  it('compares across a wave that did not ask the question, and not within the same scale', () => {
    expect(
      scaleChanges(
        [
          { wave: 'ki-2019', scale: scale(AGREE4) },
          { wave: 'ki-2021', scale: undefined },
          { wave: 'ki-2023', scale: scale(AGREE4) },
        ],
        labels,
      ),
    ).toEqual([]);
    expect(
      scaleChanges(
        [
          { wave: 'ki-2019', scale: scale(AGREE5) },
          { wave: 'ki-2021', scale: undefined },
          { wave: 'ki-2023', scale: scale(AGREE4) },
        ],
        labels,
      ).map((change) => [change.from, change.to]),
    ).toEqual([['ki-2019', 'ki-2023']]);
  });
});
