/**
 * The questionnaire upload of the console: reading the uploaded file as JSON, and the German words for
 * the service's validation problems. Pure: no Nest, no database.
 */
import { findBodyProblem } from '../common/input-guards';

/** One problem of an upload as the page lists it: where (a JSON path, empty for the whole file) and what. */
export interface UploadProblem {
  path: string;
  message: string;
  /** `en` when the service's English words are shown because there is no German sentence for them. */
  lang: 'de' | 'en';
}

export type ParsedFile = { ok: true; json: unknown } | { ok: false; message: string; problems: UploadProblem[] };

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Line and column (from 1) of a character position in a text. */
export function lineAndColumn(text: string, position: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, position));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** The uploaded file as JSON, or the German reason it is not (empty, not UTF-8, not JSON, not storable). */
export function parseDefinitionFile(content: Buffer | undefined): ParsedFile {
  const refuse = (message: string, problems: UploadProblem[] = []): ParsedFile => ({ ok: false, message, problems });
  if (content === undefined) return refuse('Bitte wählen Sie eine JSON-Datei aus.');
  let text: string;
  try {
    text = UTF8.decode(content);
  } catch {
    return refuse('Die Datei ist keine Textdatei in UTF-8. Bitte laden Sie die JSON-Datei des Fragebogens hoch.');
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return refuse('Die Datei ist leer.');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : '';
    if (reason.includes('end of JSON')) return refuse('Die Datei ist kein gültiges JSON: Sie endet mittendrin (unvollständig).');
    const position = /position (\d+)/.exec(reason);
    if (!position) return refuse('Die Datei ist kein gültiges JSON.');
    const { line, column } = lineAndColumn(text, Number(position[1]));
    return refuse(`Die Datei ist kein gültiges JSON: Fehler in Zeile ${line}, Spalte ${column}.`);
  }
  const problem = findBodyProblem(json);
  if (problem) {
    return refuse('Die Datei enthält etwas, das nicht gespeichert werden kann.', [
      { path: problem.path === '(body)' ? '' : problem.path, message: problem.message, lang: 'en' },
    ]);
  }
  return { ok: true, json };
}

const NA = '„na“';

/** German sentences for the service's most common problems (DEFINITION_INVALID); `$1`… are the message's groups. */
const GERMAN_PROBLEMS: Array<[RegExp, string]> = [
  [/^A definition must be a JSON object/, 'Die Datei muss ein JSON-Objekt sein (ein SurveyJS-Fragebogen).'],
  [
    /^A definition needs a non-empty "pages" array/,
    'Der Fragebogen braucht eine nicht leere Liste „pages“ (Fragen außerhalb von Seiten werden nicht unterstützt).',
  ],
  [/^A page must be an object$/, 'Eine Seite muss ein Objekt sein.'],
  [/^"elements" must be an array$/, '„elements“ muss eine Liste sein.'],
  [/^An element must be an object$/, 'Ein Element muss ein Objekt sein.'],
  [/^Question code (.+) must match /, 'Der Fragecode $1 ist nicht erlaubt (Kleinbuchstaben, Ziffern und _, am Anfang ein Buchstabe).'],
  [/^Duplicate question code "(.+)" \(also at (.+)\)$/, 'Der Fragecode „$1“ kommt doppelt vor (auch bei $2).'],
  [/^Duplicate item code "(.+)" \(also at (.+)\)$/, 'Der Code „$1“ der Aussage kommt doppelt vor (auch bei $2).'],
  [/^Duplicate choice code "(.+)" \(also at (.+)\)$/, 'Der Code „$1“ der Antwortmöglichkeit kommt doppelt vor (auch bei $2).'],
  [/^The item code (.+) must be a string matching /, 'Der Code $1 der Aussage ist nicht erlaubt (Kleinbuchstaben, Ziffern, - und _).'],
  [
    /^The choice code (.+) must be a string matching /,
    'Der Code $1 der Antwortmöglichkeit ist nicht erlaubt (Kleinbuchstaben, Ziffern, - und _).',
  ],
  [
    /^Question type "(.+)" is not supported by the definition conventions \(supported: (.+); (.+) for layout\)$/,
    'Der Fragetyp „$1“ ist in den Konventionen nicht vorgesehen (möglich: $2; $3 für das Layout).',
  ],
  [
    /^Unknown question type "(.+)" \(supported: (.+); (.+) for layout\)$/,
    'Den Fragetyp „$1“ gibt es nicht (möglich: $2; $3 für das Layout).',
  ],
  [
    /^An element needs a "type" \(supported: (.+); (.+) for layout\)$/,
    'Ein Element braucht einen „type“ (möglich: $1; $2 für das Layout).',
  ],
  [
    /^The levels must be the integers 1\.\.k ascending \(k ≥ 2\), or 0, 1 for yes\/no, plus one "na" column; found (.+)$/,
    `Die Stufen müssen die ganzen Zahlen 1 bis k aufsteigend sein (k ≥ 2) oder 0, 1 für ja/nein, dazu eine Spalte ${NA}; gefunden: $1.`,
  ],
  [/^The question needs a German title$/, 'Die Frage braucht einen deutschen Titel.'],
  [/^A matrix needs a non-empty "rows" array/, 'Eine Matrix braucht eine nicht leere Liste „rows“ (ihre Aussagen).'],
  [/^The item needs a German title$/, 'Die Aussage braucht einen deutschen Titel.'],
  [/^A matrix needs a non-empty "columns" array/, 'Eine Matrix braucht eine nicht leere Liste „columns“ (ihre Skala).'],
  [/^The scale level needs a German label$/, 'Die Skalenstufe braucht eine deutsche Beschriftung.'],
  [/^The "na" column must be the last column$/, `Die Spalte ${NA} („keine Angabe“) muss die letzte sein.`],
  [
    /^A scale needs exactly one "na" column \("keine Angabe"\); found (\d+)$/,
    `Eine Skala braucht genau eine Spalte ${NA} („keine Angabe“); gefunden: $1.`,
  ],
  [/^A single-choice question needs a non-empty "choices" array$/, 'Eine Einfachauswahl braucht eine nicht leere Liste „choices“.'],
  [/^The choice needs a German label$/, 'Die Antwortmöglichkeit braucht eine deutsche Beschriftung.'],
  [/^The "na" choice must be the last choice$/, `Die Antwortmöglichkeit ${NA} muss die letzte sein.`],
  [/^Unknown SurveyJS property "(.+)"$/, 'Unbekannte SurveyJS-Eigenschaft „$1“.'],
];

/** The German sentence for one of the service's problems, or its own (English) words when there is none. */
export function germanProblem(path: string, message: string): UploadProblem {
  if (path === 'surveyId' && message.startsWith('must match')) {
    return { path, message: 'Kleinbuchstaben, Ziffern, - und _, am Anfang ein Buchstabe oder eine Ziffer.', lang: 'de' };
  }
  if (path === 'version' && message.startsWith('must match')) {
    return {
      path,
      message: 'Buchstaben, Ziffern, ., - und _, höchstens 50 Zeichen, am Anfang ein Buchstabe oder eine Ziffer.',
      lang: 'de',
    };
  }
  for (const [pattern, german] of GERMAN_PROBLEMS) {
    const match = pattern.exec(message);
    if (!match) continue;
    // The groups are codes, paths and the service's lists of types ("panel and html"): the only English word left is "and".
    const filled = german.replace(/\$(\d)/g, (_all, group: string) => (match[Number(group)] ?? '').replace(/ and /g, ' und '));
    return { path, message: filled, lang: 'de' };
  }
  return { path, message, lang: 'en' };
}

/** The first 12 hex digits of a content hash, as the list shows it. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
