/**
 * The XML parts of an XLSX workbook, parsed with saxes (no object model): relationships, workbook (sheet names in tab
 * order, 1904 date system), styles (which cell styles are dates), shared strings, and the rows of one sheet, streamed.
 * Cell values are built exactly as exceljs' streaming reader built them (see `sheetValue`) and then converted by
 * `convertCell`, so the reader keeps the behaviour it had with exceljs.
 */
import { SaxesParser, SaxesTagPlain } from 'saxes';

/** Excel's limits: 16 384 columns (XFD); a cell holds at most 32 767 characters. */
export const MAX_COLUMNS = 16384;
/** Characters of XML without any tag in them before the part is refused (bounds what saxes buffers for one text/tag). */
export const MAX_MARKUP_GAP = 4 * 1024 * 1024;

export class XlsxPartError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message);
    this.name = 'XlsxPartError';
  }
}

/** One parsed sheet cell, in exceljs' terms: the cell type `t`, its style index, `<v>`, `<f>` and inline-string text. */
export interface RawCell {
  t: string;
  s: number;
  v: string | null;
  f: string | null;
  inline: string | null;
}

export interface SheetRow<C> {
  number: number;
  /** Dense from column A to the last cell the row has. */
  cells: C[];
}

const localName = (name: string): string => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute's value; absent and empty are both `undefined`. */
function attribute(tag: SaxesTagPlain, name: string): string | undefined {
  const value = (tag.attributes as Record<string, string | undefined>)[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A saxes parser without namespace handling or position tracking (both cost time and are not needed here). */
function parser(): SaxesParser {
  return new SaxesParser({ xmlns: false, position: false });
}

/**
 * Feeds the bytes of a part to the parser (UTF-8, or UTF-16 with a BOM), yielding after every chunk so that a caller can
 * hand on what the handlers collected. `marks()` counts the tags seen: a long stretch without any is refused.
 */
async function* feed(chunks: AsyncIterable<Buffer>, sax: SaxesParser, marks: () => number): AsyncGenerator<void> {
  let decoder: TextDecoder | undefined;
  let gap = 0;
  for await (const chunk of chunks) {
    if (!decoder) {
      const encoding = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8';
      decoder = new TextDecoder(encoding);
    }
    const text = decoder.decode(chunk, { stream: true });
    const before = marks();
    sax.write(text);
    gap = marks() === before ? gap + text.length : 0;
    if (gap > MAX_MARKUP_GAP) throw new XlsxPartError('the XML has more than 4 million characters without any markup');
    yield;
  }
  if (decoder) sax.write(decoder.decode());
  sax.close();
  yield;
}

async function drain(generator: AsyncGenerator<void>): Promise<void> {
  for await (const _ of generator) void _;
}

export interface Relationship {
  id: string;
  type: string;
  /** The target resolved to a part name (no leading '/'), unless external. */
  target: string;
  external: boolean;
}

/** `_rels/.rels` or `xl/_rels/workbook.xml.rels`; targets resolved relative to `baseDir` ('' or 'xl/'). */
export async function readRelationships(chunks: AsyncIterable<Buffer>, baseDir: string): Promise<Relationship[]> {
  const sax = parser();
  const found: Relationship[] = [];
  let marks = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    marks++;
    if (localName(tag.name) !== 'Relationship') return;
    const external = tag.attributes.TargetMode === 'External';
    const target = tag.attributes.Target ?? '';
    found.push({
      id: tag.attributes.Id ?? '',
      type: tag.attributes.Type ?? '',
      target: external ? target : resolvePart(baseDir, target),
      external,
    });
  });
  await drain(feed(chunks, sax, () => marks));
  return found;
}

/** `xl/` + `worksheets/sheet1.xml` → `xl/worksheets/sheet1.xml`; an absolute target ('/xl/…') is taken as it is. */
export function resolvePart(baseDir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : baseDir + target).replace(/\\/g, '/').split('/');
  const resolved: string[] = [];
  for (const part of parts) {
    if (part === '..') resolved.pop();
    else if (part !== '.' && part !== '') resolved.push(part);
  }
  return resolved.join('/');
}

export interface WorkbookSheet {
  name: string;
  relationshipId: string;
  state?: string;
}

/** `xl/workbook.xml`: the sheets in tab order and whether dates count from 1904. */
export async function readWorkbook(chunks: AsyncIterable<Buffer>): Promise<{ sheets: WorkbookSheet[]; date1904: boolean }> {
  const sax = parser();
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  let marks = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    marks++;
    const name = localName(tag.name);
    if (name === 'workbookPr') {
      date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
    } else if (name === 'sheet') {
      const idKey = Object.keys(tag.attributes).find((key) => key !== 'id' && localName(key) === 'id');
      sheets.push({ name: tag.attributes.name ?? '', relationshipId: idKey ? tag.attributes[idKey] : '', state: tag.attributes.state });
    }
  });
  await drain(feed(chunks, sax, () => marks));
  return { sheets, date1904 };
}

/** Built-in number formats exceljs counts as dates (its `isDateFmt` of its default formats): 14–22 and 45–47. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** exceljs' `isDateFmt`: after removing `[…]` and `"…"`, any of y m d h M s b. */
export function isDateFormat(format: string): boolean {
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** `xl/styles.xml`: the indexes of the cell formats (`cellXfs`) whose number format is a date. */
export async function readDateStyles(chunks: AsyncIterable<Buffer>): Promise<Set<number>> {
  const sax = parser();
  const custom = new Map<number, string>();
  const formatIds: number[] = [];
  let inCellXfs = false;
  let marks = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    marks++;
    const name = localName(tag.name);
    if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) formatIds.push(Number(tag.attributes.numFmtId ?? 0));
  });
  sax.on('closetag', (tag: SaxesTagPlain) => {
    marks++;
    if (localName(tag.name) === 'cellXfs') inCellXfs = false;
  });
  await drain(feed(chunks, sax, () => marks));
  const dates = new Set<number>();
  formatIds.forEach((id, index) => {
    if (id === 0 || Number.isNaN(id)) return;
    const format = custom.get(id);
    if (format !== undefined ? format !== '' && isDateFormat(format) : BUILT_IN_DATE_FORMATS.has(id)) dates.add(index);
  });
  return dates;
}

/**
 * `xl/sharedStrings.xml`: each `<si>` → its text (plain `<t>`, or the runs' `<t>` joined; phonetic `<rPh>` left out).
 * The strings are copied out of saxes' buffers, so that the table does not keep the parsed XML alive.
 */
/**
 * The most shared strings held (a table of 100,000 rows × 60 columns of distinct free texts is 6 million characters)
 * and the most characters in all: a tiny archive of a huge, repetitive sharedStrings.xml must not fill the memory.
 */
export const SHARED_STRINGS_LIMITS: { readonly entries: number; readonly characters: number } = {
  entries: 2_000_000,
  characters: 64 * 1024 * 1024,
};

export async function readSharedStrings(chunks: AsyncIterable<Buffer>, limits = SHARED_STRINGS_LIMITS): Promise<string[]> {
  const sax = parser();
  const strings: string[] = [];
  let characters = 0;
  let text: string | null = null;
  let inT = false;
  let inPhonetic = false;
  let marks = 0;
  sax.on('opentag', (tag: SaxesTagPlain) => {
    marks++;
    const name = localName(tag.name);
    if (name === 'si') text = '';
    else if (name === 't' && !inPhonetic) inT = !tag.isSelfClosing;
    else if (name === 'rPh') inPhonetic = !tag.isSelfClosing;
  });
  const onText = (value: string): void => {
    if (inT && text !== null) text += value;
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.on('closetag', (tag: SaxesTagPlain) => {
    marks++;
    const name = localName(tag.name);
    if (name === 't') inT = false;
    else if (name === 'rPh') inPhonetic = false;
    else if (name === 'si' && text !== null) {
      characters += text.length;
      if (strings.length >= limits.entries || characters > limits.characters) {
        throw new XlsxPartError(
          `its shared strings hold more than ${limits.entries.toLocaleString('en')} texts or ${limits.characters.toLocaleString('en')} characters`,
        );
      }
      strings.push(detach(text));
      text = null;
    }
  });
  await drain(feed(chunks, sax, () => marks));
  return strings;
}

/** A flat copy of a string (saxes' text may be a slice of a whole decoded chunk, which would stay in memory with it). */
function detach(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, 'utf8').toString('utf8');
}

/** `AB` → 27 (1-based); the letters of a cell reference like `AB12`. */
export function columnOf(reference: string): number {
  let column = 0;
  for (let index = 0; index < reference.length; index++) {
    const code = reference.charCodeAt(index);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
    if (column > MAX_COLUMNS) break;
  }
  return column;
}

/**
 * The rows of a sheet part, streamed: after each chunk of XML the rows completed in it are yielded, so memory is one
 * chunk's worth of rows. Rows and cells without `r` take the next number / column (as the format says). `convert` turns
 * a raw cell into the caller's cell (called once per `<c>`); `empty` fills columns the row skips.
 */
export async function* readSheetRows<C>(
  chunks: AsyncIterable<Buffer>,
  convert: (cell: RawCell) => C,
  empty: C,
): AsyncGenerator<SheetRow<C>> {
  const sax = parser();
  const ready: Array<SheetRow<C>> = [];
  let marks = 0;
  let lastRow = 0;
  let row: SheetRow<C> | null = null;
  let column = 0;
  let cell: RawCell | null = null;
  let capture: 'v' | 'f' | 't' | null = null;
  let inInline = false;
  let inPhonetic = false;
  let buffer = '';

  sax.on('opentag', (tag: SaxesTagPlain) => {
    marks++;
    const name = localName(tag.name);
    if (cell) {
      if (name === 'v' || name === 'f') {
        capture = tag.isSelfClosing ? null : name;
        buffer = '';
        if (name === 'f') cell.f = '';
        else cell.v = '';
      } else if (name === 'is') {
        inInline = true;
        cell.inline = '';
      } else if (name === 'rPh') {
        inPhonetic = !tag.isSelfClosing;
      } else if (name === 't' && inInline && !inPhonetic) {
        capture = tag.isSelfClosing ? null : 't';
        buffer = '';
      }
    } else if (name === 'c' && row) {
      const reference = attribute(tag, 'r');
      const at = reference !== undefined ? columnOf(reference) : column + 1;
      if (at < 1 || at > MAX_COLUMNS) {
        throw new XlsxPartError(
          `row ${row.number}: the cell reference "${String(reference).slice(0, 20)}" is not a column A–XFD`,
          row.number,
        );
      }
      column = at;
      const style = attribute(tag, 's');
      cell = { t: attribute(tag, 't') ?? 'n', s: style !== undefined ? parseInt(style, 10) : 0, v: null, f: null, inline: null };
      if (tag.isSelfClosing) closeCell();
    } else if (name === 'row') {
      const given = attribute(tag, 'r');
      const number = given !== undefined ? parseInt(given, 10) : lastRow + 1;
      if (!Number.isSafeInteger(number) || number < 1) {
        throw new XlsxPartError(`after row ${lastRow}: the row number "${String(given).slice(0, 20)}" is not a number`, lastRow);
      }
      row = { number, cells: [] };
      column = 0;
      lastRow = number;
      if (tag.isSelfClosing) closeRow();
    }
  });
  const onText = (value: string): void => {
    if (capture) buffer += value;
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.on('closetag', (tag: SaxesTagPlain) => {
    marks++;
    if (!row) return;
    const name = localName(tag.name);
    if (cell) {
      if (capture && name === capture) {
        if (capture === 'v') cell.v = buffer;
        else if (capture === 'f') cell.f = buffer;
        else cell.inline = (cell.inline ?? '') + buffer;
        capture = null;
      } else if (name === 'rPh') inPhonetic = false;
      else if (name === 'is') inInline = false;
      else if (name === 'c') closeCell();
    } else if (name === 'row') closeRow();
  });

  function closeCell(): void {
    if (!row || !cell) return;
    const cells = row.cells;
    while (cells.length < column - 1) cells.push(empty);
    cells[column - 1] = convert(cell);
    cell = null;
    capture = null;
    inInline = false;
    inPhonetic = false;
  }
  function closeRow(): void {
    if (row && row.cells.length > 0) ready.push(row);
    row = null;
  }

  try {
    for await (const _ of feed(chunks, sax, () => marks)) {
      void _;
      for (const done of ready) yield done;
      ready.length = 0;
    }
  } catch (error) {
    if (error instanceof XlsxPartError && error.row !== undefined) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new XlsxPartError(lastRow > 0 ? `near row ${lastRow}: ${message}` : message, lastRow > 0 ? lastRow : undefined);
  }
}
