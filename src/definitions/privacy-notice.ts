import { formatCount } from '../exports/german-format';

/**
 * A survey's privacy notice for respondents (`survey-definitions/<surveyId>/privacy.md`, or set through the API and the
 * console): a header block between two `---` lines with fixed `key: value` lines, then a body in a small Markdown subset.
 *
 *   ---
 *   sender: WIK-Consult GmbH
 *   address: Rhöndorfer Straße 68, 53604 Bad Honnef
 *   contact: Projektteam KI im Mittelstand
 *   email: ki-studie@wik.org
 *   full-notice: https://www.wik.org/datenschutz
 *   ---
 *   # Heading (becomes <h3>; ## <h4>, ### <h5>: the page has its <h1>, and the notice sits under an h2 or a summary)
 *   A paragraph: lines until a blank line. **bold**, *italic*, [a link](https://…) or [mail](mailto:…).
 *   - a list item (lines below it that are not blank continue it)
 *   Ihre Kontaktdaten werden {{loeschfrist}} nach dem Ende der Befragungswelle gelöscht.
 *
 * Placeholders in the body's text stand for facts of the service, so the text need not repeat them by hand:
 * `{{loeschfrist}}` is CONTACT_RETENTION_DAYS ("90 Tage", "1 Tag", or "unmittelbar" for 0), written to fit "werden
 * {{loeschfrist}} nach dem Ende … gelöscht". Parsing keeps them as `{{name}}` in the HTML; `fillPrivacyNotice` puts the
 * values in for whoever reads it. An unknown or unclosed placeholder, or one in the header or a link's address, is a
 * problem of its line.
 *
 * Every header key is required, once. Raw HTML (`<b>`, `<script>`, `<!-- -->`) is refused, not passed through; every
 * other character is escaped when rendered, so the HTML is safe to embed whatever the text holds. Links may only be
 * https (with a host) or mailto (one e-mail address). Pure: no Nest, no database, no file system.
 */

/** The column's limit (CHECK privacy_notices_length_check). */
export const PRIVACY_NOTICE_MAX_LENGTH = 20_000;

export const PRIVACY_HEADER_KEYS = ['sender', 'address', 'contact', 'email', 'full-notice'] as const;
export type PrivacyHeaderKey = (typeof PRIVACY_HEADER_KEYS)[number];

/** A problem of a notice: its line in the file (from 1) and a German sentence. */
export interface NoticeProblem {
  line: number;
  message: string;
}

export interface PrivacyNoticeHeader {
  /** The controller (Verantwortlicher): organisation and postal address. */
  sender: { organisation: string; address: string };
  /** The contact person for questions about the study and for data protection requests. */
  contact: { name: string; email: string };
  /** The address of the full privacy notice (https). */
  fullNoticeUrl: string;
}

export interface RenderedPrivacyNotice extends PrivacyNoticeHeader {
  /** The body as HTML: safe to embed (everything escaped, only the subset's elements, only https/mailto links). */
  html: string;
}

export type ParsedPrivacyNotice = { ok: true; notice: RenderedPrivacyNotice } | { ok: false; problems: NoticeProblem[] };

const KEY_LABELS: Record<PrivacyHeaderKey, string> = {
  sender: 'sender (die verantwortliche Organisation)',
  address: 'address (ihre Anschrift)',
  contact: 'contact (die Ansprechperson)',
  email: 'email (die E-Mail-Adresse der Ansprechperson)',
  'full-notice': 'full-notice (die Adresse der vollständigen Datenschutzerklärung, https://…)',
};

/** The placeholders of a notice's body, without braces. */
export const NOTICE_PLACEHOLDERS = ['loeschfrist'] as const;
export type NoticePlaceholder = (typeof NOTICE_PLACEHOLDERS)[number];

const KNOWN_PLACEHOLDERS = NOTICE_PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ');
/** How far after `{{` its `}}` may stand (a name with spaces around it). */
const PLACEHOLDER_REACH = 40;

/** The service's facts the placeholders stand for. */
export interface NoticeFacts {
  /** CONTACT_RETENTION_DAYS: days after a wave's close until its contact data is deleted. */
  contactRetentionDays: number;
}

const EMAIL_PATTERN = /^[^\s@<>()[\]"',;:]+@[^\s@<>()[\]"',;:]+\.[^\s@<>()[\]"',;:]+$/;
/** What would be an element, a closing tag, a comment or a declaration in HTML. */
const HTML_PATTERN = /<(?:[A-Za-z]|\/|!|\?)/;
const HEADER_VALUE_MAX = 300;

/** Parses and renders a notice; every problem is reported with its line, nothing is rendered when there is one. */
export function parsePrivacyNotice(markdown: string): ParsedPrivacyNotice {
  if (markdown.length > PRIVACY_NOTICE_MAX_LENGTH) {
    return {
      ok: false,
      problems: [
        {
          line: 1,
          message: `Der Text ist zu lang: ${markdown.length.toLocaleString('de-DE')} Zeichen, höchstens ${PRIVACY_NOTICE_MAX_LENGTH.toLocaleString('de-DE')}.`,
        },
      ],
    };
  }
  const lines = markdown.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const problems: NoticeProblem[] = [];
  const header = readHeader(lines, problems);
  const body = renderBody(lines, header.bodyStart, problems);
  if (header.values && body.trim() === '' && problems.length === 0) {
    problems.push({ line: Math.min(header.bodyStart + 1, lines.length), message: 'Nach dem Kopf fehlt der Text der Hinweise.' });
  }
  if (problems.length > 0 || !header.values) return { ok: false, problems: problems.sort((a, b) => a.line - b.line) };
  const values = header.values;
  return {
    ok: true,
    notice: {
      sender: { organisation: values.sender, address: values.address },
      contact: { name: values.contact, email: values.email },
      fullNoticeUrl: values['full-notice'],
      html: body,
    },
  };
}

/** The rendered notice with the values of its placeholders: what a respondent reads. */
export function fillPrivacyNotice(notice: RenderedPrivacyNotice, facts: NoticeFacts): RenderedPrivacyNotice {
  const values = placeholderValues(facts);
  return {
    ...notice,
    html: notice.html.replace(/\{\{([a-z]+)\}\}/g, (placeholder, name: string) => {
      const value = values[name as NoticePlaceholder];
      return value === undefined ? placeholder : escapeHtml(value);
    }),
  };
}

/** The text each placeholder stands for, e.g. `{ loeschfrist: '90 Tage' }`. */
export function placeholderValues(facts: NoticeFacts): Record<NoticePlaceholder, string> {
  return { loeschfrist: retentionPhrase(facts.contactRetentionDays) };
}

/** How long contact data is kept after the close, as the notice says it: "90 Tage", "1 Tag", "unmittelbar". */
export function retentionPhrase(days: number): string {
  if (days === 0) return 'unmittelbar';
  return `${formatCount(days)} ${days === 1 ? 'Tag' : 'Tage'}`;
}

/** The problems as one line each, e.g. for the console of whoever started the service: `privacy.md, Zeile 3: …`. */
export function formatNoticeProblems(file: string, problems: readonly NoticeProblem[]): string[] {
  return problems.map((problem) => `${file}, Zeile ${problem.line}: ${problem.message}`);
}

interface HeaderResult {
  values: Record<PrivacyHeaderKey, string> | null;
  /** Index of the first body line. */
  bodyStart: number;
}

function readHeader(lines: string[], problems: NoticeProblem[]): HeaderResult {
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1 || lines[first].trim() !== '---') {
    problems.push({
      line: first === -1 ? 1 : first + 1,
      message: `Der Text muss mit einem Kopf beginnen: eine Zeile ---, dann die Zeilen ${PRIVACY_HEADER_KEYS.map((key) => `${key}: …`).join(', ')}, dann wieder ---.`,
    });
    return { values: null, bodyStart: first === -1 ? lines.length : first };
  }
  const end = lines.findIndex((line, index) => index > first && line.trim() === '---');
  if (end === -1) {
    problems.push({ line: first + 1, message: 'Der Kopf wird nicht mit einer Zeile --- abgeschlossen.' });
    return { values: null, bodyStart: lines.length };
  }
  const found = new Map<PrivacyHeaderKey, string>();
  for (let index = first + 1; index < end; index += 1) {
    const line = lines[index];
    if (line.trim() === '') continue;
    const lineNo = index + 1;
    const match = /^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (!match) {
      problems.push({ line: lineNo, message: 'Im Kopf steht jede Angabe als „schlüssel: Wert“ in einer eigenen Zeile.' });
      continue;
    }
    const key = match[1].toLowerCase() as PrivacyHeaderKey;
    const value = match[2];
    if (!PRIVACY_HEADER_KEYS.includes(key)) {
      problems.push({ line: lineNo, message: `Unbekannte Angabe „${match[1]}“; möglich sind: ${PRIVACY_HEADER_KEYS.join(', ')}.` });
      continue;
    }
    if (found.has(key)) {
      problems.push({ line: lineNo, message: `Die Angabe „${key}“ steht mehrmals im Kopf.` });
      continue;
    }
    const problem = headerValueProblem(key, value);
    if (problem) problems.push({ line: lineNo, message: problem });
    found.set(key, value);
  }
  const missing = PRIVACY_HEADER_KEYS.filter((key) => !found.has(key));
  for (const key of missing) problems.push({ line: first + 1, message: `Im Kopf fehlt ${KEY_LABELS[key]}.` });
  if (missing.length > 0) return { values: null, bodyStart: end + 1 };
  return { values: Object.fromEntries(found) as Record<PrivacyHeaderKey, string>, bodyStart: end + 1 };
}

function headerValueProblem(key: PrivacyHeaderKey, value: string): string | null {
  if (value === '') return `Die Angabe „${key}“ ist leer.`;
  if (value.length > HEADER_VALUE_MAX) return `Die Angabe „${key}“ ist länger als ${HEADER_VALUE_MAX} Zeichen.`;
  if (HTML_PATTERN.test(value)) return `Die Angabe „${key}“ enthält HTML; HTML ist hier nicht erlaubt.`;
  if (value.includes('{{')) return `Platzhalter wie ${KNOWN_PLACEHOLDERS} gibt es nur im Text, nicht im Kopf („${key}“).`;
  if (key === 'email' && !EMAIL_PATTERN.test(value)) return `„${value}“ ist keine E-Mail-Adresse.`;
  if (key === 'full-notice' && !isHttpsUrl(value)) return `„${value}“ ist keine Adresse, die mit https:// beginnt.`;
  return null;
}

export function isHttpsUrl(value: string): boolean {
  if (!/^https:\/\/[^\s]+$/i.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** A block's text with the line each part of it comes from: `starts[i]` = [offset in text, line]. */
type Block = { text: string; starts: Array<[number, number]> } & ({ kind: 'heading'; level: 1 | 2 | 3 } | { kind: 'paragraph' | 'item' });

/** The line of an offset of a block's text. */
type LineAt = (offset: number) => number;

function lineAtOf(block: Block): LineAt {
  return (offset) => {
    let line = block.starts[0][1];
    for (const [start, startLine] of block.starts) if (start <= offset) line = startLine;
    return line;
  };
}

function renderBody(lines: string[], start: number, problems: NoticeProblem[]): string {
  const blocks: Block[] = [];
  let open: (Block & { kind: 'paragraph' | 'item' }) | null = null;
  for (let index = start; index < lines.length; index += 1) {
    const raw = lines[index];
    const lineNo = index + 1;
    const line = raw.trim();
    if (line === '') {
      open = null;
      continue;
    }
    if (HTML_PATTERN.test(line)) {
      problems.push({
        line: lineNo,
        message:
          'HTML ist nicht erlaubt (z. B. <b> oder <script>). Bitte verwenden Sie **fett**, *kursiv*, Listen mit - und [Links](https://…).',
      });
    }
    const heading = /^(#+)\s+(.*)$/.exec(line);
    if (heading) {
      if (heading[1].length > 3) problems.push({ line: lineNo, message: 'Überschriften gibt es nur mit #, ## und ###.' });
      const text = heading[2].replace(/\s+#+$/, '');
      blocks.push({ kind: 'heading', level: Math.min(heading[1].length, 3) as 1 | 2 | 3, text, starts: [[0, lineNo]] });
      open = null;
      continue;
    }
    if (/^#+$/.test(line) || /^#+[^#\s]/.test(line)) {
      problems.push({ line: lineNo, message: 'Nach # einer Überschrift folgt ein Leerzeichen, dann der Text.' });
      continue;
    }
    if (line.startsWith('```') || line.startsWith('~~~')) {
      problems.push({ line: lineNo, message: 'Code-Blöcke (```) sind nicht erlaubt.' });
      continue;
    }
    const item = /^-\s+(.*)$/.exec(line);
    if (item) {
      open = { kind: 'item', text: item[1], starts: [[0, lineNo]] };
      blocks.push(open);
      continue;
    }
    if (open) {
      open.starts.push([open.text.length + 1, lineNo]);
      open.text += ' ' + line;
    } else {
      open = { kind: 'paragraph', text: line, starts: [[0, lineNo]] };
      blocks.push(open);
    }
  }
  const html: string[] = [];
  let inList = false;
  for (const block of blocks) {
    if (block.kind !== 'item' && inList) {
      html.push('</ul>');
      inList = false;
    }
    const inline = renderInline(block.text, 0, lineAtOf(block), problems);
    if (block.kind === 'heading') html.push(`<h${block.level + 2}>${inline}</h${block.level + 2}>`);
    else if (block.kind === 'paragraph') html.push(`<p>${inline}</p>`);
    else {
      if (!inList) html.push('<ul>');
      inList = true;
      html.push(`<li>${inline}</li>`);
    }
  }
  if (inList) html.push('</ul>');
  return html.join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

/**
 * `**bold**`, `*italic*`, `[text](url)` and `\` before one of `\*[]()#-_` for the character itself; everything else is
 * text. An opening mark without its closing one stays text. Only https and mailto links; a link's text may hold bold and
 * italic, not another link.
 */
function renderInline(text: string, base: number, lineAt: LineAt, problems: NoticeProblem[], inLink = false): string {
  let out = '';
  let index = 0;
  while (index < text.length) {
    const character = text[index];
    if (character === '\\' && index + 1 < text.length && /[\\*[\]()#_`-]/.test(text[index + 1])) {
      out += escapeHtml(text[index + 1]);
      index += 2;
      continue;
    }
    if (text.startsWith('{{', index)) {
      // The closing braces are looked for only as far as a placeholder can reach: linear over any text.
      const end = text.slice(index + 2, index + 2 + PLACEHOLDER_REACH).indexOf('}}');
      const close = end === -1 ? -1 : index + 2 + end;
      const name = close === -1 ? null : text.slice(index + 2, close).trim();
      if (name !== null && (NOTICE_PLACEHOLDERS as readonly string[]).includes(name)) {
        out += `{{${name}}}`;
      } else {
        problems.push({
          line: lineAt(base + index),
          message:
            close === -1
              ? `Der Platzhalter „${text.slice(index, index + 20)}“ wird nicht mit }} geschlossen (spätestens ${PLACEHOLDER_REACH} Zeichen nach {{).`
              : `Unbekannter Platzhalter „${text.slice(index, close + 2)}“; möglich ist: ${KNOWN_PLACEHOLDERS}.`,
        });
        out += escapeHtml(text.slice(index, close === -1 ? index + 2 : close + 2));
      }
      index = close === -1 ? index + 2 : close + 2;
      continue;
    }
    if (text.startsWith('**', index)) {
      let close = findClose(text, '**', index + 2);
      // `***` at the end of `**bold *italic***`: the italic closes first.
      if (close !== -1 && text[close + 2] === '*') close += 1;
      if (close > index + 2) {
        out += `<strong>${renderInline(text.slice(index + 2, close), base + index + 2, lineAt, problems, inLink)}</strong>`;
        index = close + 2;
        continue;
      }
    } else if (character === '*' && text[index + 1] !== ' ') {
      const close = findClose(text, '*', index + 1);
      if (close > index + 1 && text[close - 1] !== ' ') {
        out += `<em>${renderInline(text.slice(index + 1, close), base + index + 1, lineAt, problems, inLink)}</em>`;
        index = close + 1;
        continue;
      }
    } else if (character === '!' && text[index + 1] === '[') {
      problems.push({ line: lineAt(base + index), message: 'Bilder (![…](…)) sind nicht erlaubt.' });
    } else if (character === '[' && !inLink) {
      const link = readLink(text, index);
      if (link) {
        const href = linkTarget(link.target);
        if (link.target.includes('{{')) {
          problems.push({
            line: lineAt(base + index),
            message: `Platzhalter gibt es nicht in der Adresse eines Links („${link.target}“), nur in seinem Text.`,
          });
        } else if (href === null) {
          problems.push({
            line: lineAt(base + index),
            message: `Der Link „${link.target}“ ist nicht erlaubt: nur Adressen mit https://… oder mailto:name@beispiel.de.`,
          });
        }
        const label = renderInline(link.label, base + index + 1, lineAt, problems, true);
        out += href === null ? label : `<a href="${escapeHtml(href)}">${label}</a>`;
        index = link.end;
        continue;
      }
    }
    out += escapeHtml(character);
    index += 1;
  }
  return out;
}

/** The next unescaped `mark` from `from`; for `*` one that is not part of `**`. -1 when there is none. */
function findClose(text: string, mark: '*' | '**', from: number): number {
  for (let index = from; index < text.length; index += 1) {
    if (text[index] === '\\') {
      index += 1;
      continue;
    }
    if (mark === '**' && text.startsWith('**', index)) return index;
    if (mark === '*' && text[index] === '*') {
      if (text[index + 1] === '*') {
        const inner = findClose(text, '**', index + 2);
        if (inner === -1) return -1;
        index = inner + 1;
        continue;
      }
      return index;
    }
  }
  return -1;
}

function readLink(text: string, start: number): { label: string; target: string; end: number } | null {
  // Linear over a paragraph: no closing bracket after `start` means no link (without this, a run of "[" made every
  // attempt scan to the end of the text); the sticky regex reads from `start` without copying the rest.
  if (text !== lastLinkText) {
    lastLinkText = text;
    lastClosingBracket = text.lastIndexOf(']');
  }
  if (start > lastClosingBracket) return null;
  LINK.lastIndex = start;
  const match = LINK.exec(text);
  if (!match) return null;
  return { label: match[1], target: match[2], end: start + match[0].length };
}

const LINK = /\[((?:\\.|[^\]\\])+)\]\(\s*((?:[^\s()]|\([^\s()]*\))*)\s*\)/y;
let lastLinkText = '';
let lastClosingBracket = -1;

/** The href of an allowed link target, or null. */
export function linkTarget(target: string): string | null {
  if (isHttpsUrl(target)) return new URL(target).href;
  const mail = /^mailto:(.+)$/i.exec(target);
  if (mail && EMAIL_PATTERN.test(mail[1])) return `mailto:${mail[1]}`;
  return null;
}
