/**
 * `openSource`: the one entry point. Reads the first HEAD_BYTES of the file, decides the format from them
 * (format-detection.ts) and hands the whole byte stream (head included) to the CSV, XLSX or SAV reader (an XLSX file
 * given by path gets the path: the zip is read from its central directory).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { openCsv } from './csv-source';
import { detectFormat, HEAD_BYTES } from './format-detection';
import { openSav } from './sav-source';
import { OpenSourceOptions, SourceInput, SourceTable } from './source-table';
import { openXlsx, openXlsxFile } from './xlsx-source';

export async function openSource(input: SourceInput & OpenSourceOptions): Promise<SourceTable> {
  const { head, complete, stream } = await withHead(input);
  let format;
  try {
    format = detectFormat(head, input.fileName);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const options: OpenSourceOptions = { sheet: input.sheet, skipRows: input.skipRows };
  switch (format) {
    case 'csv':
      return openCsv({ stream, head, complete }, options);
    case 'xlsx':
      // a file on disk is read by its central directory (entries in any order); a stream is written to a temp file first
      if ('path' in input) {
        stream.destroy();
        return openXlsxFile(input.path, options);
      }
      return openXlsx(stream, options);
    case 'sav':
      return openSav(stream, options);
  }
}

/** The first bytes of the input and a stream of the whole input (head included); `complete` = the head is everything. */
export async function withHead(input: SourceInput): Promise<{ head: Buffer; complete: boolean; stream: Readable }> {
  if ('path' in input) {
    const handle = await open(input.path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const complete = bytesRead <= HEAD_BYTES;
      return {
        head: buffer.subarray(0, Math.min(bytesRead, HEAD_BYTES)),
        complete,
        stream: counted(createReadStream(input.path, { highWaterMark: HEAD_BYTES }), input.onBytes),
      };
    } finally {
      await handle.close();
    }
  }
  const source = input.stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const chunks: Buffer[] = [];
  let length = 0;
  let ended = false;
  while (length <= HEAD_BYTES) {
    const next = await source.next();
    if (next.done) {
      ended = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    chunks.push(chunk);
    length += chunk.length;
  }
  const start = Buffer.concat(chunks);
  // re-chunked to at most HEAD_BYTES: a parser turns one chunk into rows at once, so chunk size bounds memory
  async function* all(): AsyncGenerator<Buffer> {
    yield* slices(start);
    if (ended) return;
    for (let next = await source.next(); !next.done; next = await source.next()) {
      yield* slices(typeof next.value === 'string' ? Buffer.from(next.value) : next.value);
    }
  }
  const stream = Readable.from(all(), { objectMode: false });
  stream.once('close', () => {
    if (!ended) input.stream.destroy();
  });
  return { head: start.subarray(0, HEAD_BYTES), complete: ended, stream };
}

function* slices(buffer: Buffer): Generator<Buffer> {
  for (let at = 0; at < buffer.length; at += HEAD_BYTES) yield buffer.subarray(at, at + HEAD_BYTES);
}

/** The stream, telling `onBytes` the size of each chunk that passes (the import's progress). */
function counted(stream: Readable, onBytes: ((bytes: number) => void) | undefined): Readable {
  if (onBytes === undefined) return stream;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  stream.once('error', (error) => counter.destroy(error));
  counter.once('close', () => stream.destroy());
  return stream.pipe(counter);
}
