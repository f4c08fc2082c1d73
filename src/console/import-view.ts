/**
 * What the console's import pages show (issue 15), as plain functions of the service's results: the mapping as
 * a readable table, the errors with a German sentence, the counts of the flash message, the errors as a
 * formula-safe CSV, the list of earlier mappings to reuse. Free of Nest and of the database.
 */
import { stringify } from 'csv-stringify/sync';
import { csvStringifyOptions, CsvDialect } from '../exports/csv-dialect';
import { formatCount } from '../exports/german-format';
import { formatDate, formatDateTime } from '../common/german-time';
import { ImportMapping, splitTarget } from '../imports/mapping';
import { CellError, IMPORT_ERROR_GERMAN } from '../imports/row-answers';

/** How many errors the report page lists; all of them (as many as the service keeps) are in the CSV. */
export const ERRORS_SHOWN = 100;
/** How many conflicting rows the report page lists. */
export const CONFLICTS_SHOWN = 100;

export interface MappingRow {
  /** The column of the file. */
  column: string;
  /** What it becomes, in German: "Frage chancen, Zeile werbung", "Externe Kennung", "nicht importiert" … */
  target: string;
}

/** The mapping as a table a person reads: column of the file → question (and row), in the mapping's order. */
export function mappingRows(mapping: ImportMapping): MappingRow[] {
  const rows: MappingRow[] = [{ column: mapping.externalId, target: 'Externe Kennung (jede Zeile einmal je Welle)' }];
  if (mapping.status) rows.push({ column: mapping.status.column, target: 'Status (abgeschlossen oder teilweise)' });
  if (mapping.completedAt) rows.push({ column: mapping.completedAt, target: 'Zeitpunkt des Abschlusses' });
  for (const [column, target] of Object.entries(mapping.columns)) {
    const { question, item } = splitTarget(target);
    rows.push({ column, target: item === undefined ? `Frage ${question}` : `Frage ${question}, Zeile ${item}` });
  }
  for (const column of mapping.ignore ?? []) rows.push({ column, target: 'nicht importiert (bewusst ausgelassen)' });
  return rows;
}

/** Other settings of a mapping worth a sentence (sheet, skipped lines, value tables). */
export function mappingNotes(mapping: ImportMapping): string[] {
  const notes: string[] = [];
  if (mapping.sheet !== undefined) notes.push(`Tabellenblatt: ${mapping.sheet}`);
  if (mapping.skipRows !== undefined && mapping.skipRows.length > 0) {
    notes.push(`Übersprungene Zeilen: ${mapping.skipRows.join(', ')}`);
  }
  const values = Object.keys(mapping.values ?? {});
  if (values.length > 0) {
    notes.push(`Werte-Zuordnungen für: ${values.map((question) => (question === '*' ? 'alle Fragen' : question)).join(', ')}`);
  }
  return notes;
}

export interface ErrorRow {
  row: string;
  column: string;
  value: string;
  /** The German sentence of the error's code. */
  german: string;
  /** The service's English detail (which value, which rule). */
  detail: string;
}

/** One error as the page and the CSV show it; an unknown code still gets a German sentence. */
export function errorRow(error: CellError): ErrorRow {
  return {
    row: formatCount(error.row),
    column: error.column ?? '(ganze Zeile)',
    value: error.value ?? '(leer)',
    german: IMPORT_ERROR_GERMAN[error.code] ?? 'Die Zeile ist so nicht verwendbar.',
    detail: error.message,
  };
}

/** The errors of a report as CSV (German Excel dialect: `;`, BOM), every text cell formula-safe. */
export function errorsCsv(errors: CellError[]): string {
  const rows = errors.map((error) => {
    const row = errorRow(error);
    return [error.row, error.column ?? '', error.value ?? '', row.german, row.detail];
  });
  return stringify([['Zeile', 'Spalte', 'Wert', 'Fehler', 'Detail (englisch)'], ...rows], csvStringifyOptions(CsvDialect.Excel));
}

/** "1 Antwort" / "1.234 Antworten". */
export function answersCount(count: number): string {
  return `${formatCount(count)} ${count === 1 ? 'Antwort' : 'Antworten'}`;
}

/** The flash message after a commit: "12 Antworten importiert, 3 unverändert" (", 1 ersetzt" when some were). */
export function committedMessage(result: { importId: string | null; created: number; unchanged: number; replaced: number }): string {
  if (result.importId === null) {
    return `Nichts Neues: ${result.unchanged === 1 ? 'die Antwort der Datei gibt' : `alle ${formatCount(result.unchanged)} Antworten der Datei gibt`} es in dieser Welle schon. Es wurde kein Import angelegt.`;
  }
  const replaced = result.replaced > 0 ? `, ${formatCount(result.replaced)} ersetzt` : '';
  return `${answersCount(result.created)} importiert, ${formatCount(result.unchanged)} unverändert${replaced}.`;
}

/** The flash message after an undo. */
export function undoneMessage(removed: number): string {
  return `Der Import ist rückgängig gemacht: ${answersCount(removed)} gelöscht.`;
}

/** 1536 → "1,5 KB", 52428800 → "50,0 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${formatCount(bytes)} Byte`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / 1024 / 1024, 'MB'];
  return `${value.toFixed(1).replace('.', ',')} ${unit}`;
}

/** The first 12 hex digits of a SHA-256, enough to tell files apart on a page. */
export function shortSha(sha256: string): string {
  return sha256.length > 12 ? `${sha256.slice(0, 12)}…` : sha256;
}

/** The status column of the import list. */
export function importState(summary: { undoneAt: Date | string | null; undoneBy: string | null }): string {
  if (summary.undoneAt === null) return 'übernommen';
  return `rückgängig gemacht am ${formatDateTime(summary.undoneAt)}${summary.undoneBy ? ` von ${summary.undoneBy}` : ''}`;
}

export interface EarlierImport {
  waveCode: string;
  waveTitle: string;
  id: string;
  fileName: string;
  createdAt: Date | string;
  mapping: ImportMapping;
}

export interface MappingChoice {
  /** `<wave code>/<import id>`: what the select sends. */
  value: string;
  label: string;
}

/**
 * The select "Zuordnung eines früheren Imports übernehmen": this wave's imports first, then other waves' of the same
 * questionnaire, each mapping once (the newest import that used it), newest first within a wave.
 */
export function mappingChoices(currentWave: string, imports: EarlierImport[]): MappingChoice[] {
  const seen = new Set<string>();
  const here = (earlier: EarlierImport) => (earlier.waveCode === currentWave ? 1 : 0);
  const ordered = [...imports].sort((a, b) => {
    const wave = here(b) - here(a);
    return wave !== 0 ? wave : new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime();
  });
  const choices: MappingChoice[] = [];
  for (const earlier of ordered) {
    const key = JSON.stringify(earlier.mapping);
    if (seen.has(key)) continue;
    seen.add(key);
    const where = earlier.waveCode === currentWave ? 'diese Welle' : earlier.waveTitle;
    choices.push({ value: `${earlier.waveCode}/${earlier.id}`, label: `${earlier.fileName} (${where}, ${formatDate(earlier.createdAt)})` });
  }
  return choices;
}

/** The select's value split into wave code and import id; undefined for none or nonsense. */
export function parseMappingChoice(value: unknown): { waveCode: string; importId: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const match = /^([A-Za-z0-9_-]{1,100})\/([0-9a-f-]{36})$/.exec(value.trim());
  return match ? { waveCode: match[1], importId: match[2] } : undefined;
}

/** The mapping as the textarea and the download show it: indented JSON. */
export function mappingJson(mapping: ImportMapping): string {
  return `${JSON.stringify(mapping, null, 2)}\n`;
}

/**
 * A problem of a mapping (the service's English message) in one German sentence for the page; the English
 * detail is shown beside it. Patterns follow the messages of src/imports/mapping.ts; an unknown one gets a
 * general sentence, never nothing.
 */
const MAPPING_PROBLEMS_GERMAN: Array<[RegExp, (match: RegExpExecArray) => string]> = [
  [/^The mapping is not valid JSON/, () => 'Die Zuordnung ist kein gültiges JSON.'],
  [/^The mapping must be a JSON object/, () => 'Die Zuordnung muss ein JSON-Objekt sein ({ … }).'],
  [/^Expected a non-empty text$/, () => 'Hier fehlt ein Text.'],
  [/^Unknown field "(.*)"$/, (m) => `Ein Feld „${m[1]}“ kennt die Zuordnung nicht.`],
  [/^Column "(.*)" is not in the file's header$/, (m) => `Eine Spalte „${m[1]}“ gibt es in der Datei nicht.`],
  [/^Column "(.*)" appears (\d+) times in the file's header$/, (m) => `Die Spalte „${m[1]}“ steht ${m[2]}-mal in der Kopfzeile.`],
  [/^Column "(.*)" is already used as (.*)$/, (m) => `Die Spalte „${m[1]}“ ist schon anders zugeordnet.`],
  [/^Column "(.*)" is ignored and used as/, (m) => `Die Spalte „${m[1]}“ ist zugleich ausgelassen und zugeordnet.`],
  [/^Unknown question "(.*)"$/, (m) => `Eine Frage „${m[1]}“ gibt es im Fragebogen dieser Welle nicht.`],
  [/^Unknown row "(.*)" of (\S+)/, (m) => `Die Frage ${m[2]} hat keine Zeile „${m[1]}“.`],
  [/^(\S+) has no rows/, (m) => `Die Frage ${m[1]} hat keine Zeilen: Ordnen Sie die Spalte der Frage selbst zu.`],
  [/^(\S+) is already mapped from column "(.*)"$/, (m) => `${m[1]} ist schon der Spalte „${m[2]}“ zugeordnet.`],
  [/^Map at least one column/, () => 'Ordnen Sie mindestens eine Spalte einer Frage zu.'],
  [/^Expected a line number/, () => 'Erwartet wird eine Zeilennummer ab 2 (die Kopfzeile ist Zeile 1).'],
  [/cannot mean both completed and partial/, () => 'Ein Wert kann nicht zugleich „abgeschlossen“ und „teilweise“ bedeuten.'],
  [/^Name at least one value that means "completed"/, () => 'Nennen Sie mindestens einen Wert, der „abgeschlossen“ bedeutet.'],
  [/is a text question/, () => 'Eine Textfrage wird übernommen, wie sie geschrieben ist; sie braucht keine Werte-Zuordnung.'],
  [
    /differ only in case or spaces/,
    () => 'Zwei Werte unterscheiden sich nur in Groß- und Kleinschreibung oder Leerzeichen, führen aber zu verschiedenen Codes.',
  ],
  [/is outside the scale of (\S+)/, (m) => `Dieser Code liegt außerhalb der Skala der Frage ${m[1]}.`],
  [/is not a choice of (\S+)/, (m) => `Diese Auswahl gibt es bei der Frage ${m[1]} nicht.`],
  [/^A value map for all questions/, () => 'Eine Werte-Zuordnung für alle Fragen („*“) darf nur zu "na" oder null führen.'],
  [/^Expected a code/, () => 'Erwartet wird ein Code, "na" (keine Angabe) oder null (keine Antwort).'],
  [/^Expected "UTC" or "Europe\/Berlin"/, () => 'Erwartet wird "UTC" oder "Europe/Berlin".'],
  [/^columns of the file: (.*)$/, (m) => `Spalten der Datei: ${m[1]}`],
  [/^Expected /, () => 'Dieser Teil der Zuordnung hat nicht die erwartete Form.'],
  [/^(More than|Longer than|Column name longer)/, () => 'Dieser Teil der Zuordnung ist zu lang.'],
];

export function germanMappingProblem(message: string): string {
  for (const [pattern, german] of MAPPING_PROBLEMS_GERMAN) {
    const match = pattern.exec(message);
    if (match) return german(match);
  }
  return 'Dieser Teil der Zuordnung passt nicht zur Datei oder zum Fragebogen.';
}
