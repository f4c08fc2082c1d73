import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import { Readable } from 'node:stream';

/*
 * A streaming zip writer for the XLSX export, on node:zlib alone: small parts are deflated whole, one large part
 * (the sheet) is deflated as its text comes, with a data descriptor after it. Sizes and offsets beyond 4 GiB get
 * zip64 records (the central directory's extra field 0x0001, a zip64 end record and its locator).
 */

/** A part whose text is known up front. */
export interface ZipText {
  name: string;
  text: string;
}

const MAX32 = 0xffffffff;
const VERSION = 20;
const VERSION_ZIP64 = 45;
/** Bit 3: sizes and CRC in a data descriptor after the data. */
const FLAG_DESCRIPTOR = 0x0008;
const DEFLATE = 8;

interface Entry {
  name: Buffer;
  flags: number;
  crc: number;
  compressed: number;
  size: number;
  offset: number;
}

/** MS-DOS time and date of a moment (UTC), as zip headers hold them. */
function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2),
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function localHeader(entry: Entry, stamp: { time: number; date: number }): Buffer {
  const header = Buffer.alloc(30);
  header.writeUInt32LE(0x04034b50, 0);
  header.writeUInt16LE(VERSION, 4);
  header.writeUInt16LE(entry.flags, 6);
  header.writeUInt16LE(DEFLATE, 8);
  header.writeUInt16LE(stamp.time, 10);
  header.writeUInt16LE(stamp.date, 12);
  // With a data descriptor the CRC and sizes here are 0 (they follow the data).
  const later = (entry.flags & FLAG_DESCRIPTOR) !== 0;
  header.writeUInt32LE(later ? 0 : entry.crc, 14);
  header.writeUInt32LE(later ? 0 : entry.compressed, 18);
  header.writeUInt32LE(later ? 0 : entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(0, 28);
  return Buffer.concat([header, entry.name]);
}

function dataDescriptor(entry: Entry): Buffer {
  const zip64 = entry.compressed >= MAX32 || entry.size >= MAX32;
  const descriptor = Buffer.alloc(zip64 ? 24 : 16);
  descriptor.writeUInt32LE(0x08074b50, 0);
  descriptor.writeUInt32LE(entry.crc, 4);
  if (zip64) {
    descriptor.writeBigUInt64LE(BigInt(entry.compressed), 8);
    descriptor.writeBigUInt64LE(BigInt(entry.size), 16);
  } else {
    descriptor.writeUInt32LE(entry.compressed, 8);
    descriptor.writeUInt32LE(entry.size, 12);
  }
  return descriptor;
}

function centralHeader(entry: Entry, stamp: { time: number; date: number }): Buffer {
  // zip64: the fields that do not fit hold 0xFFFFFFFF and the extra field 0x0001 holds them, in this order.
  const large = [entry.size, entry.compressed, entry.offset].filter((value) => value >= MAX32);
  const extra = Buffer.alloc(large.length > 0 ? 4 + 8 * large.length : 0);
  if (large.length > 0) {
    extra.writeUInt16LE(0x0001, 0);
    extra.writeUInt16LE(8 * large.length, 2);
    large.forEach((value, index) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * index));
  }
  const header = Buffer.alloc(46);
  header.writeUInt32LE(0x02014b50, 0);
  header.writeUInt16LE(large.length > 0 ? VERSION_ZIP64 : VERSION, 4);
  header.writeUInt16LE(large.length > 0 ? VERSION_ZIP64 : VERSION, 6);
  header.writeUInt16LE(entry.flags, 8);
  header.writeUInt16LE(DEFLATE, 10);
  header.writeUInt16LE(stamp.time, 12);
  header.writeUInt16LE(stamp.date, 14);
  header.writeUInt32LE(entry.crc, 16);
  header.writeUInt32LE(Math.min(entry.compressed, MAX32), 20);
  header.writeUInt32LE(Math.min(entry.size, MAX32), 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // comment length, disk number, internal and external attributes: 0
  header.writeUInt32LE(Math.min(entry.offset, MAX32), 42);
  return Buffer.concat([header, entry.name, extra]);
}

function endRecords(count: number, directoryOffset: number, directorySize: number): Buffer {
  const records: Buffer[] = [];
  if (directoryOffset >= MAX32 || directorySize >= MAX32 || count >= 0xffff) {
    const zip64End = Buffer.alloc(56);
    zip64End.writeUInt32LE(0x06064b50, 0);
    zip64End.writeBigUInt64LE(44n, 4);
    zip64End.writeUInt16LE(VERSION_ZIP64, 12);
    zip64End.writeUInt16LE(VERSION_ZIP64, 14);
    zip64End.writeBigUInt64LE(BigInt(count), 24);
    zip64End.writeBigUInt64LE(BigInt(count), 32);
    zip64End.writeBigUInt64LE(BigInt(directorySize), 40);
    zip64End.writeBigUInt64LE(BigInt(directoryOffset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
    locator.writeUInt32LE(1, 16);
    records.push(zip64End, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(Math.min(directorySize, MAX32), 12);
  end.writeUInt32LE(Math.min(directoryOffset, MAX32), 16);
  records.push(end);
  return Buffer.concat(records);
}

/**
 * A zip archive of `parts` (deflated whole) followed by the part `last`, whose text comes in chunks from an async
 * iterable and is deflated as it comes: the archive's bytes, chunk by chunk, as the consumer reads them. The reader
 * holds one chunk of `last` and the deflater's window at most. An error of `last` fails the archive (no central
 * directory is written); ending the iteration early ends `last`'s iteration too.
 */
export async function* zipArchive(
  parts: ZipText[],
  last: { name: string; chunks: AsyncIterable<string> },
  options: { level?: number; now?: Date } = {},
): AsyncGenerator<Buffer> {
  const stamp = dosDateTime(options.now ?? new Date());
  const entries: Entry[] = [];
  const entry: Entry = { name: Buffer.from(last.name, 'utf8'), flags: FLAG_DESCRIPTOR, crc: 0, compressed: 0, size: 0, offset: 0 };
  async function* bytes(): AsyncGenerator<Buffer> {
    for await (const text of last.chunks) {
      const data = Buffer.from(text, 'utf8');
      entry.crc = crc32(data, entry.crc);
      entry.size += data.length;
      yield data;
    }
  }
  // The large part starts flowing into the deflater (up to its buffer) at once, so its source is open, and is ended
  // by the `finally` below, whenever the archive's iteration ends.
  const deflater = createDeflateRaw({ level: options.level });
  const source = Readable.from(bytes(), { highWaterMark: 1 });
  let failure: Error | undefined;
  source.on('error', (error) => {
    failure ??= error;
    deflater.destroy(error);
  });
  // Its error is the source's, thrown below (no listener would make it an uncaught 'error' event).
  deflater.on('error', () => undefined);
  source.pipe(deflater);
  let offset = 0;
  try {
    for (const part of parts) {
      const data = Buffer.from(part.text, 'utf8');
      const compressed = deflateRawSync(data, { level: options.level });
      const small = {
        name: Buffer.from(part.name, 'utf8'),
        flags: 0,
        crc: crc32(data),
        compressed: compressed.length,
        size: data.length,
        offset,
      };
      const header = localHeader(small, stamp);
      entries.push(small);
      offset += header.length + compressed.length;
      yield Buffer.concat([header, compressed]);
    }
    entry.offset = offset;
    const header = localHeader(entry, stamp);
    offset += header.length;
    yield header;
    for await (const chunk of deflater as AsyncIterable<Buffer>) {
      entry.compressed += chunk.length;
      yield chunk;
    }
    if (failure !== undefined) throw failure;
  } finally {
    source.destroy();
    deflater.destroy();
  }
  entries.push(entry);
  const descriptor = dataDescriptor(entry);
  offset += entry.compressed + descriptor.length;

  const directory = Buffer.concat(entries.map((each) => centralHeader(each, stamp)));
  yield Buffer.concat([descriptor, directory, endRecords(entries.length, offset, directory.length)]);
}
