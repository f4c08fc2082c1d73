import type { DefinitionSummary } from '../definitions/definitions.service';
import { WaveStatus } from '../waves/wave.entity';
import { catalogOf, defaultComparison, versionKey } from './definition-catalog';

const summary = (surveyId: string, version: string, usedByWaves: string[] = []): DefinitionSummary => ({
  surveyId,
  version,
  hash: `${version}`.padEnd(64, 'a'),
  source: 'file',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
  usedByWaves,
});

describe('catalogOf', () => {
  it('groups versions by survey, with the waves using each and its number of questions', () => {
    const facts = new Map([
      [versionKey('ki', '2021'), { title: 'KI 2021', questions: 10 }],
      [versionKey('ki', '2023'), { title: 'KI 2023', questions: 12 }],
      [versionKey('other', '1'), { title: 'Andere', questions: 3 }],
    ]);
    const waves = [
      { code: 'ki-2021', title: 'Welle 2021', status: WaveStatus.Closed },
      { code: 'ki-2023', title: 'Welle 2023', status: WaveStatus.Open },
    ];
    const catalog = catalogOf(
      [summary('ki', '2021', ['ki-2021']), summary('ki', '2023', ['ki-2023']), summary('other', '1')],
      waves,
      facts,
    );
    expect(catalog.map((survey) => [survey.surveyId, survey.title, survey.versions.map((version) => version.version)])).toEqual([
      ['ki', 'KI 2023', ['2021', '2023']],
      ['other', 'Andere', ['1']],
    ]);
    expect(catalog[0].versions[1]).toMatchObject({ shortHash: '2023aaaaaaaa', questions: 12, waves: [waves[1]] });
    expect(catalog[1].versions[0].waves).toEqual([]);
  });
});

describe('defaultComparison', () => {
  it.each([
    [[], undefined],
    [['1'], { from: '1', to: '1' }],
    [['2019', '2021', '2023'], { from: '2021', to: '2023' }],
  ])('%j → %j', (versions, expected) => {
    expect(defaultComparison(versions)).toEqual(expected);
  });
});
