/**
 * Counts in German text with the right number: "1 abgeschlossene Antwort",
 * "2 abgeschlossene Antworten", "0 abgeschlossene Antworten". Pure.
 */
export function germanCount(count: number, singular: string, plural: string): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The top box of a scale in words: "die oberste Stufe", "die oberen 2 Stufen". */
export function topBoxWords(levels: number): string {
  return levels === 1 ? 'die oberste Stufe' : `die oberen ${levels} Stufen`;
}
