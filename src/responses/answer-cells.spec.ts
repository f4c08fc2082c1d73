import { buildCodebook } from '../definitions/codebook';
import { answerCell, answerCells } from './answer-cells';

const codebook = buildCodebook({
  pages: [
    {
      name: 'p1',
      elements: [
        { type: 'radiogroup', name: 'rolle', choices: ['ki_trainer', 'ki_experte'] },
        {
          type: 'matrix',
          name: 'chancen',
          rows: ['werbung', 'logistik', 'vertrieb'],
          columns: [1, 2, 3, 4],
        },
        { type: 'comment', name: 'zentrum' },
      ],
    },
  ],
});

describe('answerCells', () => {
  it('gives one cell per answered item in codebook order, the first of each question flagged, free text without a value', () => {
    expect(answerCells(codebook, { zentrum: 'Nord', chancen: { vertrieb: 2, logistik: 'na' }, rolle: 'ki_trainer' })).toEqual([
      '1rolle:rolle:ki_trainer',
      '1chancen:logistik:na',
      '0chancen:vertrieb:2',
      '1zentrum:zentrum',
    ]);
  });

  it('gives no cell for what is unanswered: null, an empty matrix, blank text', () => {
    expect(answerCells(codebook, { rolle: null, chancen: {}, zentrum: '  ' })).toEqual([]);
    expect(answerCells(codebook, { chancen: { werbung: null, logistik: 3 } })).toEqual(['1chancen:logistik:3']);
  });

  it('encodes one cell from its parts', () => {
    expect(answerCell(false, { questionCode: 'q', itemCode: 'i', value: '4' })).toBe('0q:i:4');
    expect(answerCell(true, { questionCode: 'q', itemCode: 'q', value: null })).toBe('1q:q');
  });
});
