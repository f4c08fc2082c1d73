import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { PassThrough, pipeline, Readable } from 'node:stream';
import { CellValue, neutralizeCell, neutralizeText } from './cell-safety';
import { CsvDialect, csvStringifyOptions } from './csv-dialect';
import { NUMBER_FORMATS } from './table-writers';

/*
 * Streaming writers for exports whose size grows with the data (raw
 * responses): rows are pulled one at a time from an async iterable (a
 * database cursor) and written as they come; backpressure from the consumer
 * (the HTTP response, a file) pauses the pull. Destroying the returned stream
 * (client gone) ends the iteration, which lets the source release its
 * connection.
 */

async function* withHeader(header: string[], rows: AsyncIterable<CellValue[]>): AsyncGenerator<CellValue[]> {
  yield header;
  yield* rows;
}

/**
 * Header and rows as CSV in the dialect; text cells neutralized. An error of
 * the rows destroys the returned stream with it (the reader sees a failed
 * download, never a truncated file that looks complete).
 */
export function csvStream(header: string[], rows: AsyncIterable<CellValue[]>, dialect: CsvDialect): Readable {
  return pipeline(Readable.from(withHeader(header, rows)), stringify(csvStringifyOptions(dialect)), () => undefined);
}

/** Rows between turns of the event loop, so the zip writer can pass data on even when rows arrive without I/O in between. */
const ROWS_PER_TURN = 64;

/** Resolves when the stream wants more data, or is gone. */
function writable(stream: PassThrough): Promise<void> {
  if (!stream.writableNeedDrain || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** The writable side of a stream of the readable-stream package (archiver's own streams): its buffer state. */
interface EntryStream {
  _writableState?: { length: number; highWaterMark: number; needDrain: boolean };
  destroyed?: boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  removeListener(event: 'drain' | 'close', listener: () => void): unknown;
}

/**
 * The zip entry the sheet's XML is piped into (archiver's stream in front of the deflater). exceljs's StreamBuf
 * writes to it without heeding its backpressure, so when deflating is slower than writing rows the XML piles up
 * there (memory grew ~1.3 kB a row); the writer waits for it to drain. Undefined until exceljs has piped the sheet.
 */
function sheetEntry(sheet: ExcelJS.Worksheet): EntryStream | undefined {
  const stream = (sheet as unknown as { stream?: { pipes?: EntryStream[] } }).stream;
  const entry = stream?.pipes?.[0];
  return entry?._writableState === undefined ? undefined : entry;
}

/**
 * Resolves when the zip entry's buffer is below its high-water mark again (it emits 'drain'), or it is gone, or the
 * output is gone: a client that leaves mid-download stalls the zip writer, whose entry then never drains nor closes,
 * and the export must still end (and release its database cursor).
 */
function entryDrained(entry: EntryStream | undefined, output: PassThrough): Promise<void> {
  const state = entry?._writableState;
  if (entry === undefined || state === undefined || entry.destroyed === true || output.destroyed) return Promise.resolve();
  if (!state.needDrain && state.length < state.highWaterMark) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      entry.removeListener('drain', done);
      entry.removeListener('close', done);
      output.off('close', done);
      resolve();
    };
    entry.once('drain', done);
    entry.once('close', done);
    output.once('close', done);
  });
}

/**
 * Header and rows as an XLSX workbook with one sheet, written by exceljs's
 * streaming WorkbookWriter: each row is committed (and leaves memory) as it
 * comes. Header row frozen, dates as Excel dates, text cells neutralized.
 */
export function xlsxStream(sheetName: string, header: string[], rows: AsyncIterable<CellValue[]>): Readable {
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'survey-waves';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = header.map((name) => ({ width: Math.min(Math.max(name.length + 2, 12), 40) }));

  const write = async () => {
    const head = sheet.addRow(header.map(neutralizeText));
    head.font = { bold: true };
    head.commit();
    let written = 0;
    for await (const cells of rows) {
      if (output.destroyed) return;
      const row = sheet.addRow(cells.map(neutralizeCell));
      cells.forEach((value, index) => {
        if (value instanceof Date) row.getCell(index + 1).numFmt = NUMBER_FORMATS.date as string;
      });
      row.commit();
      written += 1;
      if (written % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      await writable(output);
      await entryDrained(sheetEntry(sheet), output);
    }
    if (output.destroyed) return;
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}
