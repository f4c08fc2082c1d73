import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCodebook } from '../definitions/codebook';
import { AnswerCount, buildQuestionResults } from './wave-results';

const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'definition-example.json'), 'utf8'));
const codebook = buildCodebook(example);

/** Rows as the SQL aggregation returns them: [question, item, value, n, nFirst]. */
function rows(...entries: Array<[string, string, string | null, number, number]>): AnswerCount[] {
  return entries.map(([questionCode, itemCode, value, n, nFirst]) => ({ questionCode, itemCode, value, n, nFirst }));
}

describe('buildQuestionResults', () => {
  it('returns every question of the codebook in order, with zero counts where nobody answered', () => {
    const results = buildQuestionResults(codebook, []);
    expect(results.map((question) => [question.code, question.kind, question.nReported])).toEqual([
      ['chancen', 'topBox', 0],
      ['transfer', 'yes', 0],
      ['reifegrad', 'choice', 0],
      ['transfer_sonstiges', 'text', 0],
    ]);
    expect(results[0].items[0]).toEqual({
      code: 'prozesseffizienz',
      title: 'gesteigerte Prozesseffizienz',
      nAnswered: 0,
      nNoAnswer: 0,
      nBase: 0,
      counts: { '1': 0, '2': 0, '3': 0, '4': 0, na: 0 },
      topCount: 0,
      share: null,
      ci: null,
      smallBase: true,
    });
  });

  it('counts a rating item: top two of four over the base without "keine Angabe"', () => {
    const [chancen] = buildQuestionResults(
      codebook,
      rows(
        ['chancen', 'werbung', '4', 30, 20],
        ['chancen', 'werbung', '3', 17, 10],
        ['chancen', 'werbung', '2', 5, 2],
        ['chancen', 'werbung', '1', 1, 1],
        ['chancen', 'werbung', 'na', 1, 1],
        ['chancen', 'prozesseffizienz', 'na', 20, 20],
      ),
    );
    expect(chancen.nReported).toBe(54);
    const werbung = chancen.items.find((item) => item.code === 'werbung');
    expect(werbung).toEqual({
      code: 'werbung',
      title: 'zielgenauere Werbung / Promotion',
      nAnswered: 54,
      nNoAnswer: 1,
      nBase: 53,
      counts: { '1': 1, '2': 5, '3': 17, '4': 30, na: 1 },
      topCount: 47,
      share: 88.7,
      // Wilson 47/53 by R: 77.4235 … 94.7070
      ci: { low: 77.4, high: 94.7 },
      smallBase: false,
    });
    const prozesseffizienz = chancen.items.find((item) => item.code === 'prozesseffizienz');
    expect(prozesseffizienz).toMatchObject({ nAnswered: 20, nNoAnswer: 20, nBase: 0, topCount: 0, share: null });
  });

  it('counts the share of "ja" for a yes/no item, with levels 0 and 1', () => {
    const [, transfer] = buildQuestionResults(
      codebook,
      rows(
        ['transfer', 'erfolgsgeschichten', '1', 43, 43],
        ['transfer', 'erfolgsgeschichten', '0', 8, 8],
        ['transfer', 'erfolgsgeschichten', 'na', 1, 1],
      ),
    );
    expect(transfer).toMatchObject({ kind: 'yes', nReported: 52 });
    expect(transfer.items[0]).toMatchObject({ counts: { '0': 8, '1': 43, na: 1 }, nAnswered: 52, nBase: 51, topCount: 43, share: 84.3 });
  });

  it('makes each choice of a single-choice question an item with its share among those who chose', () => {
    const reifegrad = buildQuestionResults(
      codebook,
      rows(['reifegrad', 'reifegrad', 'nicht_gestartet', 21, 21], ['reifegrad', 'reifegrad', 'na', 2, 2]),
    )[2];
    expect(reifegrad.nReported).toBe(23);
    expect(reifegrad.items).toEqual([
      {
        code: 'nicht_gestartet',
        title: 'Nicht gestartet',
        nAnswered: 23,
        nNoAnswer: 2,
        nBase: 21,
        counts: { nicht_gestartet: 21 },
        topCount: 21,
        share: 100,
        ci: { low: 84.5, high: 100 },
        smallBase: false,
      },
      {
        code: 'experimentierphase',
        title: 'Experimentierphase',
        nAnswered: 23,
        nNoAnswer: 2,
        nBase: 21,
        counts: { experimentierphase: 0 },
        topCount: 0,
        share: 0,
        ci: { low: 0, high: 15.5 },
        smallBase: false,
      },
    ]);
  });

  it('counts free text answers without a share', () => {
    const text = buildQuestionResults(codebook, rows(['transfer_sonstiges', 'transfer_sonstiges', null, 3, 3]))[3];
    expect(text).toMatchObject({ kind: 'text', nReported: 3 });
    expect(text.items).toEqual([
      {
        code: 'transfer_sonstiges',
        title: 'Sonstiges',
        nAnswered: 3,
        nNoAnswer: 0,
        nBase: 3,
        counts: {},
        topCount: 0,
        share: null,
        ci: null,
        smallBase: false,
      },
    ]);
  });

  it.each([
    [9, true],
    [10, false],
  ])('marks a base of %i as small below MIN_BASE 10: %s', (base, small) => {
    const [, transfer] = buildQuestionResults(codebook, rows(['transfer', 'erfolgsgeschichten', '1', base, base]), 10);
    expect(transfer.items[0]).toMatchObject({ nBase: base, share: 100, smallBase: small });
  });

  it('takes MIN_BASE as a parameter', () => {
    const [, transfer] = buildQuestionResults(codebook, rows(['transfer', 'erfolgsgeschichten', '1', 20, 20]), 30);
    expect(transfer.items[0].smallBase).toBe(true);
  });

  it('ignores answers to questions and values the codebook does not know', () => {
    const [chancen] = buildQuestionResults(codebook, rows(['chancen', 'werbung', '7', 3, 3], ['unbekannt', 'x', '1', 5, 5]));
    expect(chancen.items[1]).toMatchObject({ nAnswered: 0, nBase: 0, share: null });
  });
});
