/**
 * The methods behind the numbers, one German sentence each (issue 17), for the API's `methods`, the exports and the
 * console. Pure; every sentence names the limits it depends on, so a note never disagrees with the numbers it explains.
 */
import type { ResponseInclusion } from './analysis.types';
import { ALPHA } from './statistics';

function percent(value: number): string {
  return `${String(value * 100).replace('.', ',')} %`;
}

/** Which responses were counted. */
export function inclusionNote(include: ResponseInclusion): string {
  return include === 'partial'
    ? 'Gezählt wurden die beantworteten Fragen aller Antworten, auch der nicht abgeschlossenen (Teilnahmen ohne Abschluss).'
    : 'Gezählt wurden nur abgeschlossene Antworten; nicht abgeschlossene Teilnahmen bleiben unberücksichtigt.';
}

/** The interval of a share. */
export function wilsonNote(): string {
  return 'Die Spanne zu einem Anteil ist das 95-%-Konfidenzintervall nach Wilson (Score-Intervall), berechnet auf der Basis ohne „keine Angabe“.';
}

/** The interval of a change between two waves. */
export function newcombeNote(): string {
  return 'Die Spanne zu einer Veränderung ist das 95-%-Konfidenzintervall der Differenz der ungerundeten Anteile nach Newcombe (hybrides Score-Intervall aus den beiden Wilson-Intervallen), in Prozentpunkten.';
}

/** The test of a change. */
export function changeTestNote(alpha: number = ALPHA): string {
  return (
    'Ob sich ein Anteil zwischen zwei Wellen unterscheidet, prüft nach Campbell der „N−1“-Chi-Quadrat-Test oder, wenn eine erwartete Zellhäufigkeit unter 1 liegt, ' +
    `der exakte Test nach Fisher (zweiseitig); als signifikant gilt p < ${String(alpha).replace('.', ',')} (α = ${percent(alpha)}), sonst steht „n.s.“. ` +
    'Hat sich die Skala zwischen den beiden Wellen geändert, wird die Veränderung nicht geprüft: sie wäre nicht vergleichbar.'
  );
}

/** The small-base mark. */
export function smallBaseNote(minBase: number): string {
  return `Anteile mit einer Basis unter ${minBase} Antworten sind als „geringe Fallzahl“ gekennzeichnet und nur mit Vorsicht zu lesen; sie werden dennoch gezeigt.`;
}

/** The suppression of small breakdown groups. */
export function suppressionNote(minGroup: number): string {
  return (
    `Gruppen mit weniger als ${minGroup} Antworten (aber mindestens einer) werden nicht ausgewiesen; wäre dann nur eine Gruppe verborgen, ` +
    'wird auch die kleinste weitere Gruppe verborgen, damit sich keine Gruppe aus der Gesamtzahl zurückrechnen lässt.'
  );
}

export interface MethodNotesInput {
  include: ResponseInclusion;
  minBase: number;
  /** The output shows changes between waves (trends, figures with more than one wave). */
  changes: boolean;
  /** The output is a breakdown with suppression at this group size. */
  minGroup?: number;
}

/** The notes of one output, in the order: responses counted, share interval, change interval and test, small base, suppression. */
export function methodNotes(input: MethodNotesInput): string[] {
  const notes = [inclusionNote(input.include), wilsonNote()];
  if (input.changes) notes.push(newcombeNote(), changeTestNote());
  notes.push(smallBaseNote(input.minBase));
  if (input.minGroup !== undefined) notes.push(suppressionNote(input.minGroup));
  return notes;
}
