import { germanCount, topBoxWords } from './german-count';

describe('germanCount', () => {
  it.each([
    [0, '0 abgeschlossene Antworten'],
    [1, '1 abgeschlossene Antwort'],
    [2, '2 abgeschlossene Antworten'],
    [58, '58 abgeschlossene Antworten'],
  ])('%i → %s', (count, text) => {
    expect(germanCount(count, 'abgeschlossene Antwort', 'abgeschlossene Antworten')).toBe(text);
  });
});

describe('topBoxWords', () => {
  it.each([
    [1, 'die oberste Stufe'],
    [2, 'die oberen 2 Stufen'],
    [3, 'die oberen 3 Stufen'],
  ])('%i → %s', (levels, text) => {
    expect(topBoxWords(levels)).toBe(text);
  });
});
