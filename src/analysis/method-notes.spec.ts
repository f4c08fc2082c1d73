import { changeTestNote, inclusionNote, methodNotes, smallBaseNote, suppressionNote, wilsonNote } from './method-notes';

describe('method notes', () => {
  it.each([
    ['completed' as const, 'nur abgeschlossene Antworten'],
    ['partial' as const, 'auch der nicht abgeschlossenen'],
  ])('says which responses were counted (%s)', (include, text) => {
    expect(inclusionNote(include)).toContain(text);
  });

  it('names the limits it depends on', () => {
    expect(smallBaseNote(10)).toContain('unter 10 Antworten');
    expect(smallBaseNote(10)).toContain('„geringe Fallzahl“');
    expect(suppressionNote(5)).toContain('weniger als 5 Antworten');
    expect(changeTestNote(0.05)).toContain('p < 0,05 (α = 5 %)');
    expect(wilsonNote()).toContain('Wilson');
  });

  it.each([
    [{ include: 'completed' as const, minBase: 10, changes: false }, ['abgeschlossene', 'Wilson', 'unter 10']],
    [{ include: 'partial' as const, minBase: 8, changes: true }, ['nicht abgeschlossenen', 'Wilson', 'Newcombe', 'Campbell', 'unter 8']],
    [
      { include: 'completed' as const, minBase: 10, changes: false, minGroup: 5 },
      ['abgeschlossene', 'Wilson', 'unter 10', 'weniger als 5'],
    ],
  ])('lists one sentence per method of the output %j', (input, expected) => {
    const notes = methodNotes(input);
    expect(notes).toHaveLength(expected.length);
    notes.forEach((note, index) => {
      expect(note).toContain(expected[index]);
      expect(note).toMatch(/[.]$/);
    });
  });
});
