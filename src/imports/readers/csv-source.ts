/**
 * CSV → SourceTable, streaming: bytes → iconv-lite (encoding sniffed from the head) → csv-parse (delimiter detected
 * from the first line). Every record carries the physical line where it starts (records may span lines through quoted
 * line breaks). A record with a different number of cells than the header is delivered with a `problem`; blank lines
 * are left out; malformed quoting stops the stream with a `SourceReadError` (code CSV_MALFORMED) naming the line.
 */
import { parse, CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';
import { decodeHead, decodeStream, sniffEncoding } from './text-encoding';
import { CellIssue, isEmptyRow, once, OpenSourceOptions, SourceCell, SourceReadError, SourceRow, SourceTable } from './source-table';

/** One record may not be longer than this (a safety bound: a stray quote in junk would otherwise swallow the file). */
export const MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Reading stops with CSV_MALFORMED once this many rows had a different number of cells than the header: a real export
 * does not do that, junk or a wrong delimiter does (and csv-parse is slow on junk full of quotes: ~1 MB/s).
 */
export const MAX_PROBLEM_ROWS = 1000;

export type CsvDelimiter = ',' | ';' | '\t';

/**
 * The delimiter that occurs most often outside quotes in the first line of `text` (`;` wins a tie with `,`, as German
 * Excel writes `;` and commas then appear in text; tab wins only when it is strictly most frequent). No delimiter at all → ','.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && (char === ',' || char === ';' || char === '\t')) counts[char]++;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return '\t';
  return counts[';'] >= counts[','] && counts[';'] > 0 ? ';' : ',';
}

export interface CsvSourceInput {
  /** The whole file's bytes as a stream (from its first byte). */
  stream: Readable;
  /** The first bytes (up to HEAD_BYTES) for sniffing; `complete` when that is the whole file. */
  head: Buffer;
  complete: boolean;
}

export async function openCsv(input: CsvSourceInput, options: OpenSourceOptions = {}): Promise<SourceTable> {
  const encoding = sniffEncoding(input.head, input.complete);
  const delimiter = detectDelimiter(decodeHead(input.head, encoding));
  const skip = new Set(options.skipRows ?? []);
  /** The first fatal parse error and how many records came before it (csv-parse reports it through on_skip). */
  let fatal: { error: CsvError; afterRecords: number } | undefined;
  const parser = parse({
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    max_record_size: MAX_RECORD_BYTES,
    // Errors arrive here instead of destroying the stream (which would drop the good records parsed before them):
    // the first one is kept and raised when the reader reaches it; reading the file stops there.
    skip_records_with_error: true,
    on_skip: (error) => {
      if (error && !fatal) {
        fatal = { error, afterRecords: typeof error.records === 'number' ? error.records : 0 };
        input.stream.unpipe(decoder);
        input.stream.destroy();
        decoder.end();
      }
      return undefined;
    },
  });
  const decoder = decodeStream(encoding);
  input.stream.on('error', (error) => parser.destroy(error));
  decoder.on('error', (error: Error) => parser.destroy(error));
  input.stream.pipe(decoder).pipe(parser);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  const close = () => {
    input.stream.destroy();
    parser.destroy();
  };

  let nextLine = 1;
  let consumed = 0;
  /** The next record that is not skipped, with the line it starts at; null at the end. */
  const nextRecord = async (): Promise<{ line: number; record: string[] } | null> => {
    for (;;) {
      const line = nextLine;
      if (fatal && consumed >= fatal.afterRecords) {
        close();
        throw malformed(fatal.error, line);
      }
      let result: IteratorResult<string[]>;
      try {
        result = await records.next();
      } catch (error) {
        close();
        throw malformed(error, line);
      }
      if (result.done) {
        if (fatal) {
          close();
          throw malformed(fatal.error, line);
        }
        return null;
      }
      consumed++;
      nextLine = line + 1 + result.value.reduce((sum, cell) => sum + countLineFeeds(cell), 0);
      if (skip.has(line)) continue;
      if (isEmptyRow(result.value)) continue;
      return { line, record: result.value };
    }
  };

  const first = await nextRecord();
  if (!first) {
    close();
    throw new SourceReadError('EMPTY_FILE', 'The file has no header line (it is empty or has only blank or skipped lines)');
  }
  const header = first.record.map((name) => name.trim());
  const flagInvalidUtf8 = encoding === 'utf-8' || encoding === 'utf-8-bom';

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      let problems = 0;
      for (let next = await nextRecord(); next; next = await nextRecord()) {
        const row = csvRow(next.line, next.record, header.length, flagInvalidUtf8);
        if (row.problem !== undefined && ++problems >= MAX_PROBLEM_ROWS) {
          throw new SourceReadError(
            'CSV_MALFORMED',
            `Line ${row.row}: ${MAX_PROBLEM_ROWS} rows have a different number of cells than the header (${header.length}); reading stopped. Is this the right file?`,
            row.row,
          );
        }
        yield row;
      }
    } finally {
      close();
    }
  }

  return {
    format: 'csv',
    header,
    headerRow: first.line,
    rows: once(rows()),
    meta: { encoding, delimiter },
    close,
  };
}

function csvRow(line: number, record: string[], width: number, flagInvalidUtf8: boolean): SourceRow {
  const cells: SourceCell[] = record.map((cell) => (cell === '' ? null : cell));
  const row: SourceRow = { row: line, cells };
  if (record.length !== width) {
    row.problem = `Line ${line} has ${record.length} cells, the header has ${width}`;
  }
  if (flagInvalidUtf8) {
    const issues: CellIssue[] = [];
    record.forEach((cell, column) => {
      if (cell.includes('\uFFFD')) {
        issues.push({
          column,
          kind: 'invalid-utf8',
          message: 'The cell contains bytes that are not valid UTF-8 (the file was read as UTF-8)',
        });
      }
    });
    if (issues.length > 0) row.issues = issues;
  }
  return row;
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

function malformed(error: unknown, line: number): Error {
  if (error instanceof SourceReadError) return error;
  if (!(error instanceof CsvError)) return error instanceof Error ? error : new Error(String(error));
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    return new SourceReadError('CSV_MALFORMED', `Line ${line}: a quoted cell is opened and never closed`, line);
  }
  if (error.code === 'CSV_MAX_RECORD_SIZE') {
    return new SourceReadError('CSV_MALFORMED', `Line ${line}: the record is longer than 1 MB; this is not a readable table`, line);
  }
  return new SourceReadError('CSV_MALFORMED', `Line ${line}: ${error.message}`, line);
}
