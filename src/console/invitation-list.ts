/**
 * A pasted or uploaded list of people to invite (CSV: name; e-mail; organisation; salutation, `;` or `,`
 * separated, UTF-8 or Windows-1252; with a header row the columns Name, E-Mail, Organisation, Anrede
 * may come in any order) read into rows, each marked valid, invalid or duplicate in German, before
 * anything is created. Pure.
 */
import { isEmail } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { MAX_CONTACT_FIELD_LENGTH, MAX_INVITATIONS_PER_REQUEST } from '../invitations/dto/create-invitations.dto';

export type ListRowState = 'valid' | 'invalid' | 'duplicate';

export interface InvitationListRow {
  /** The line of the list the row starts on (1-based, header included). */
  line: number;
  name: string;
  email: string;
  organisation: string;
  /** How a mail addresses the person ("Sehr geehrte Frau Dr. Beispiel"); empty when the list has none. */
  salutation: string;
  state: ListRowState;
  /** Why the row is not created, in German; null for a valid row. */
  problem: string | null;
}

export interface InvitationList {
  rows: InvitationListRow[];
  /** Whether the first line was a header row (and so skipped). */
  header: boolean;
  /** A German reason the whole list cannot be used (unreadable, too long); rows are empty then. */
  error: string | null;
}

/**
 * The text of an uploaded file: UTF-8 (with or without BOM) when it is valid UTF-8, otherwise
 * Windows-1252 (what Excel saves as "CSV" on a German Windows).
 */
export function decodeListFile(content: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return decodeWindows1252(content);
  }
}

/** Windows-1252's characters at 0x80–0x9F (undefined bytes stay as they are); elsewhere it is Latin-1. */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

/**
 * Windows-1252 by hand: Node's TextDecoder('windows-1252') decodes as Latin-1 in some builds
 * (0x80 becomes U+0080 instead of "€"), so the 32 bytes where the two differ are mapped here.
 */
function decodeWindows1252(content: Buffer): string {
  let text = '';
  for (const byte of content) text += byte >= 0x80 && byte <= 0x9f ? CP1252_HIGH[byte - 0x80] : String.fromCharCode(byte);
  return text;
}

/** `;` when the first line that has text contains one, otherwise `,`. */
export function detectDelimiter(text: string): ';' | ',' {
  const first = text.split(/\r\n|\n|\r/).find((line) => line.trim() !== '') ?? '';
  return first.includes(';') ? ';' : ',';
}

const normalizedEmail = (email: string): string => email.trim().toLowerCase();

function isHeader(cells: string[]): boolean {
  return !cells.some((cell) => isEmail(cell)) && cells.some((cell) => /mail/i.test(cell));
}

type Column = 'name' | 'email' | 'organisation' | 'salutation';

/** The columns without a header row, in this order (a line with one cell is only an e-mail address). */
const POSITIONAL: Column[] = ['name', 'email', 'organisation', 'salutation'];

/** The header names each column is known by (compared in lower case, without spaces, hyphens and underscores). */
const HEADER_NAMES: Record<Column, string[]> = {
  name: ['name'],
  email: ['email', 'emailadresse', 'mail', 'mailadresse'],
  organisation: ['organisation', 'organization', 'firma', 'institution'],
  salutation: ['anrede', 'salutation'],
};

/** The German word for a column, in messages. */
const COLUMN_WORDS: Record<Column, string> = { name: 'Name', email: 'E-Mail', organisation: 'Organisation', salutation: 'Anrede' };

/** The columns a header row names, in its order; a German problem for an unknown or repeated column. */
export function headerColumns(cells: string[]): { columns: Column[]; error: string | null } {
  const columns: Column[] = [];
  const named = cells.map((cell) => cell.trim());
  while (named.length > 0 && named[named.length - 1] === '') named.pop();
  for (const cell of named) {
    const key = cell.toLowerCase().replace(/[\s_-]/g, '');
    const column = (Object.keys(HEADER_NAMES) as Column[]).find((candidate) => HEADER_NAMES[candidate].includes(key));
    if (column === undefined) {
      return {
        columns: [],
        error: `Die Kopfzeile hat eine unbekannte Spalte „${cell}“. Möglich sind Name, E-Mail, Organisation und Anrede (in beliebiger Reihenfolge).`,
      };
    }
    if (columns.includes(column)) return { columns: [], error: `Die Kopfzeile nennt die Spalte „${COLUMN_WORDS[column]}“ zweimal.` };
    columns.push(column);
  }
  return { columns, error: null };
}

interface Cells {
  name: string;
  email: string;
  organisation: string;
  salutation: string;
  /** More filled cells than there are columns. */
  extra: boolean;
}

/** A row's cells by column: by the header's columns, or name; e-mail; organisation; salutation (or only an e-mail). */
function columnsOf(cells: string[], header: Column[] | null): Cells {
  const filled = cells.map((cell) => cell.trim());
  while (filled.length > 0 && filled[filled.length - 1] === '') filled.pop();
  const columns = header ?? (filled.length === 1 ? ['email' as const] : POSITIONAL);
  const row: Cells = { name: '', email: '', organisation: '', salutation: '', extra: filled.length > columns.length };
  columns.forEach((column, index) => (row[column] = filled[index] ?? ''));
  return row;
}

/** One line of text: what a mail header can carry (the API refuses anything else). */
const ONE_LINE = /^[^\p{Cc}]*$/u;

/** Why a name, organisation or salutation cannot be stored, in German; null when it can. */
function fieldProblem(row: Cells): string | null {
  for (const column of ['name', 'organisation', 'salutation'] as const) {
    if (row[column].length > MAX_CONTACT_FIELD_LENGTH) {
      return `${COLUMN_WORDS[column]} ist länger als ${MAX_CONTACT_FIELD_LENGTH} Zeichen.`;
    }
    if (!ONE_LINE.test(row[column])) return `${COLUMN_WORDS[column]} enthält einen Zeilenumbruch oder ein Steuerzeichen.`;
  }
  return null;
}

/**
 * The rows of the list, each checked: an e-mail address is required and must be one the API takes;
 * name, organisation and salutation must fit (200 characters, one line); an address that is already in
 * the list (earlier row) or among `existingEmails` (the wave's contacts, lower case) is a duplicate.
 * Only `valid` rows are created.
 */
export function readInvitationList(text: string, existingEmails: ReadonlySet<string>): InvitationList {
  const source = text.replace(/^\uFEFF/, '');
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(source, {
      delimiter: detectDelimiter(source),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = (error as { lines?: unknown }).lines;
    return {
      rows: [],
      header: false,
      error: `Die Liste konnte nicht gelesen werden${typeof line === 'number' ? ` (Zeile ${line})` : ''}. Bitte prüfen Sie die Anführungszeichen.`,
    };
  }
  const header = records.length > 0 && isHeader(records[0].record);
  const named = header ? headerColumns(records[0].record) : null;
  if (named?.error) return { rows: [], header, error: named.error };
  const data = header ? records.slice(1) : records;
  if (data.length === 0) return { rows: [], header, error: 'Die Liste enthält keine Zeile mit einer Person.' };
  if (data.length > MAX_INVITATIONS_PER_REQUEST) {
    return {
      rows: [],
      header,
      error: `Die Liste hat ${data.length} Zeilen; auf einmal lassen sich höchstens ${MAX_INVITATIONS_PER_REQUEST} Einladungen anlegen. Bitte teilen Sie die Liste auf.`,
    };
  }
  const seen = new Map<string, number>();
  const rows = data.map(({ record, info }): InvitationListRow => {
    const cells = columnsOf(record, named?.columns ?? null);
    const { name, email, organisation, salutation } = cells;
    const row = { line: info.lines, name, email, organisation, salutation };
    const invalid = (problem: string): InvitationListRow => ({ ...row, state: 'invalid', problem });
    if (name === '' && email === '' && organisation === '' && salutation === '') return invalid('Die Zeile ist leer.');
    if (cells.extra) {
      return invalid(
        named
          ? `Die Zeile hat mehr Spalten als die Kopfzeile (${named.columns.length}). Bitte prüfen Sie das Trennzeichen (; oder ,).`
          : 'Die Zeile hat mehr als vier Spalten. Bitte prüfen Sie das Trennzeichen (; oder ,).',
      );
    }
    if (email === '') return invalid('Die E-Mail-Adresse fehlt.');
    if (email.length > 320 || !isEmail(email)) return invalid('Das ist keine gültige E-Mail-Adresse.');
    const problem = fieldProblem(cells);
    if (problem !== null) return invalid(problem);
    const key = normalizedEmail(email);
    const earlier = seen.get(key);
    if (earlier !== undefined)
      return { ...row, state: 'duplicate', problem: `Doppelt: dieselbe E-Mail-Adresse steht schon in Zeile ${earlier}.` };
    seen.set(key, info.lines);
    if (existingEmails.has(key)) return { ...row, state: 'duplicate', problem: 'Diese Person hat in dieser Welle schon eine Einladung.' };
    return { ...row, state: 'valid', problem: null };
  });
  return { rows, header, error: null };
}

/** How many rows of each state a list has. */
export function countRows(rows: InvitationListRow[]): Record<ListRowState, number> {
  const counts: Record<ListRowState, number> = { valid: 0, invalid: 0, duplicate: 0 };
  for (const row of rows) counts[row.state] += 1;
  return counts;
}

export { normalizedEmail };
