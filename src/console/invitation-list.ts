/**
 * A pasted or uploaded list of people to invite (CSV: name; e-mail; organisation, `;` or `,`
 * separated, optional header row, UTF-8 or Windows-1252) read into rows, each marked valid,
 * invalid or duplicate in German, before anything is created. Pure.
 */
import { isEmail } from 'class-validator';
import { parse } from 'csv-parse/sync';
import { MAX_INVITATIONS_PER_REQUEST } from '../invitations/dto/create-invitations.dto';

/** The longest label an invitation takes (the invitations table's column). */
export const MAX_LABEL_LENGTH = 200;

export type ListRowState = 'valid' | 'invalid' | 'duplicate';

export interface InvitationListRow {
  /** The line of the list the row starts on (1-based, header included). */
  line: number;
  name: string;
  email: string;
  organisation: string;
  /** What the invitation is called for staff: "Name, Organisation" (the contact table has only the e-mail). */
  label: string | null;
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

/** name; e-mail; organisation — or only an e-mail, or name; e-mail. */
function columnsOf(cells: string[]): { name: string; email: string; organisation: string; extra: boolean } {
  const filled = cells.map((cell) => cell.trim());
  while (filled.length > 0 && filled[filled.length - 1] === '') filled.pop();
  if (filled.length === 1) return { name: '', email: filled[0], organisation: '', extra: false };
  return { name: filled[0] ?? '', email: filled[1] ?? '', organisation: filled[2] ?? '', extra: filled.length > 3 };
}

function labelOf(name: string, organisation: string): string | null {
  const parts = [name, organisation].filter((part) => part !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The rows of the list, each checked: an e-mail address is required and must be one the API takes;
 * the label must fit; an address that is already in the list (earlier row) or among `existingEmails`
 * (the wave's contacts, lower case) is a duplicate. Only `valid` rows are created.
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
    const { name, email, organisation, extra } = columnsOf(record);
    const label = labelOf(name, organisation);
    const row = { line: info.lines, name, email, organisation, label };
    const invalid = (problem: string): InvitationListRow => ({ ...row, state: 'invalid', problem });
    if (name === '' && email === '' && organisation === '') return invalid('Die Zeile ist leer.');
    if (extra) return invalid('Die Zeile hat mehr als drei Spalten. Bitte prüfen Sie das Trennzeichen (; oder ,).');
    if (email === '') return invalid('Die E-Mail-Adresse fehlt.');
    if (email.length > 320 || !isEmail(email)) return invalid('Das ist keine gültige E-Mail-Adresse.');
    if (label !== null && label.length > MAX_LABEL_LENGTH) {
      return invalid(`Name und Organisation sind zusammen länger als ${MAX_LABEL_LENGTH} Zeichen.`);
    }
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
