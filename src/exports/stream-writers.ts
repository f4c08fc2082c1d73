import { Readable } from 'node:stream';
import type { CellValue } from './cell-safety';
import { CSV_BOM, CSV_DIALECTS, CsvDialect, csvRecord } from './csv-dialect';
import { SHEET_END, SHEET_PART, SheetRows, sheetStart, workbookParts } from './xlsx-sheet';
import { zipArchive } from './zip-writer';

/*
 * Streaming writers for exports whose size grows with the data (raw
 * responses): rows are pulled one at a time from an async iterable (a
 * database cursor) and written as they come; backpressure from the consumer
 * (the HTTP response, a file) pauses the pull. Destroying the returned stream
 * (client gone) ends the iteration, which lets the source release its
 * connection.
 */

/** Characters of text (CSV, sheet XML) a writer collects before it passes them on as one chunk. */
const TEXT_CHUNK = 64 * 1024;

/**
 * The stream with its first chunk being made: the writer starts pulling rows at once (as a piped stream would),
 * and its generator has begun, so destroying the stream runs the generator's cleanup (a generator destroyed before
 * it began would not close the rows it was given).
 */
function started(stream: Readable): Readable {
  stream.read(0);
  return stream;
}

/**
 * `head`, each row as `format` writes it, then `tail`, as text in chunks of about TEXT_CHUNK characters: the one
 * chunking of both writers (CSV records, the sheet's XML rows).
 */
async function* textChunks(
  head: string,
  rows: AsyncIterable<CellValue[]>,
  format: (cells: readonly CellValue[]) => string,
  tail = '',
): AsyncGenerator<string> {
  let chunk = head;
  for await (const cells of rows) {
    chunk += format(cells);
    if (chunk.length >= TEXT_CHUNK) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk + tail !== '') yield chunk + tail;
}

/**
 * Header and rows as CSV in the dialect; text cells neutralized (csvRecord: the text csv-stringify would write,
 * formatted straight from the cells, a chunk of many rows at a time). Holds one chunk at most besides the
 * consumer's buffer. An error of the rows destroys the returned stream with it (the reader sees a failed download,
 * never a truncated file that looks complete); destroying the stream ends the rows (the cursor is released).
 */
export function csvStream(header: string[], rows: AsyncIterable<CellValue[]>, dialect: CsvDialect): Readable {
  const head = (CSV_DIALECTS[dialect].bom ? CSV_BOM : '') + csvRecord(header, dialect);
  const chunks = textChunks(head, rows, (cells) => csvRecord(cells, dialect));
  return started(Readable.from(chunks, { highWaterMark: 1 }));
}

/**
 * Header and rows as an XLSX workbook with one sheet (xlsx-sheet.ts, zip-writer.ts): each row becomes XML text as
 * it comes, the text is deflated in chunks of about TEXT_CHUNK characters, the consumer's pace pulls the rows
 * (nothing of a row is kept once its chunk is deflated). Header row bold and frozen, dates as Excel dates, text
 * cells neutralized. An error of the rows fails the download (no complete-looking file); destroying the stream ends
 * the rows (the cursor is released).
 */
export function xlsxStream(sheetName: string, header: string[], rows: AsyncIterable<CellValue[]>): Readable {
  const now = new Date();
  const sheet = new SheetRows(header.length);
  const sheetChunks = textChunks(sheetStart(header) + sheet.header(header), rows, (cells) => sheet.row(cells), SHEET_END);
  const archive = zipArchive(workbookParts(sheetName, 'survey-waves', now), { name: SHEET_PART, chunks: sheetChunks }, { now });
  return started(Readable.from(archive, { highWaterMark: 1 }));
}
