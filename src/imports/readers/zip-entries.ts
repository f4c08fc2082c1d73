/**
 * A small zip reader for files on disk (no dependency): the central directory is read from the end of the file, each
 * entry is then streamed on demand (stored or deflated), so entries can be read in any order (an XLSX reader needs the
 * shared strings before the sheet, whatever their order in the archive) and memory stays bounded by the chunk size.
 *
 * - Central directory sizes are used, so entries written with data descriptors (flag bit 3, sizes 0 in the local
 *   header) read like any other.
 * - Zip64 (end record locator + extra field 0x0001) is read; split/spanned archives and encrypted entries are refused.
 * - Methods: 0 (stored) and 8 (deflated); others are refused with their number.
 * - Every entry is checked while it streams: never more bytes than the central directory declares (a "zip bomb" that
 *   lies about its size fails at the declared size), exactly that many at the end, and its CRC-32.
 * Errors are `ZipFormatError` (English message); the XLSX reader turns them into XLSX_UNREADABLE.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';

export class ZipFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipFormatError';
  }
}

export interface ZipEntry {
  /** The name as stored ('/' separated; a leading '/' or '\' separators are normalised). */
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** Entries in central-directory order. */
  entries: ZipEntry[];
  /** Entry by name; OPC part names are case-insensitive, so is this look-up. */
  entry(name: string): ZipEntry | undefined;
  /** The entry's uncompressed bytes, streamed in chunks of at most `CHUNK_BYTES`. Checked as described above. */
  read(entry: ZipEntry): AsyncGenerator<Buffer>;
}

export const CHUNK_BYTES = 65536;
/** More than any workbook's directory needs (a 100-sheet workbook has a few hundred entries). */
export const MAX_ENTRIES = 65535;
export const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_BYTES = 22;
const MAX_COMMENT = 0xffff;

export async function openZip(path: string): Promise<ZipArchive> {
  const handle = await open(path, 'r');
  let entries: ZipEntry[];
  try {
    const { size } = await handle.stat();
    const readAt = async (position: number, length: number): Promise<Buffer> => {
      if (position < 0 || length < 0 || position + length > size) {
        throw new ZipFormatError('a zip record points outside the file; the file is cut off or not a zip archive');
      }
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) throw new ZipFormatError('the file ended while reading it');
      return buffer;
    };
    if (size < EOCD_BYTES) throw new ZipFormatError('the file is too short to be a zip archive');
    const tailStart = Math.max(0, size - EOCD_BYTES - MAX_COMMENT);
    const tail = await readAt(tailStart, size - tailStart);
    const at = findEndRecord(tail);
    if (at < 0) throw new ZipFormatError('no end of central directory record; the file is cut off or not a zip archive');
    const directory = await locateDirectory(tail, at, tailStart + at, readAt);
    if (directory.entries > MAX_ENTRIES) throw new ZipFormatError(`the archive has ${directory.entries} entries; more than a workbook has`);
    if (directory.size > MAX_CENTRAL_DIRECTORY_BYTES) throw new ZipFormatError('the central directory is larger than 16 MB');
    entries = parseCentralDirectory(await readAt(directory.offset, directory.size), directory.entries);
    for (const entry of entries) {
      if (entry.localHeaderOffset + 30 + entry.compressedSize > size) {
        throw new ZipFormatError(`the entry ${entry.name} reaches beyond the end of the file; the file is cut off`);
      }
    }
  } finally {
    await handle.close();
  }
  const byName = new Map<string, ZipEntry>();
  for (const entry of entries) if (!byName.has(entry.name.toLowerCase())) byName.set(entry.name.toLowerCase(), entry);
  return {
    entries,
    entry: (name) => byName.get(normaliseName(name).toLowerCase()),
    read: (entry) => readEntry(path, entry),
  };
}

/** Position of the end-of-central-directory record in `tail`, searching backwards (a comment may follow it); -1 if none. */
function findEndRecord(tail: Buffer): number {
  for (let at = tail.length - EOCD_BYTES; at >= 0; at--) {
    if (tail.readUInt32LE(at) === EOCD && at + EOCD_BYTES + tail.readUInt16LE(at + 20) <= tail.length) return at;
  }
  return -1;
}

async function locateDirectory(
  tail: Buffer,
  at: number,
  eocdOffset: number,
  readAt: (position: number, length: number) => Promise<Buffer>,
): Promise<{ entries: number; size: number; offset: number }> {
  const disk = tail.readUInt16LE(at + 4);
  const directoryDisk = tail.readUInt16LE(at + 6);
  const entriesHere = tail.readUInt16LE(at + 8);
  let entries = tail.readUInt16LE(at + 10);
  let size = tail.readUInt32LE(at + 12);
  let offset = tail.readUInt32LE(at + 16);
  const zip64 = entries === 0xffff || size === 0xffffffff || offset === 0xffffffff;
  if (zip64) {
    if (eocdOffset < 20) throw new ZipFormatError('a zip64 archive without its zip64 end record locator');
    const locator = await readAt(eocdOffset - 20, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw new ZipFormatError('a zip64 archive without its zip64 end record locator');
    if (locator.readUInt32LE(16) > 1) throw new ZipFormatError('a split (multi-part) zip archive; it cannot be read');
    const record = await readAt(safeNumber(locator.readBigUInt64LE(8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD) throw new ZipFormatError('the zip64 end record is missing where its locator points');
    if (record.readUInt32LE(16) !== 0 || record.readUInt32LE(20) !== 0) {
      throw new ZipFormatError('a split (multi-part) zip archive; it cannot be read');
    }
    entries = safeNumber(record.readBigUInt64LE(32));
    size = safeNumber(record.readBigUInt64LE(40));
    offset = safeNumber(record.readBigUInt64LE(48));
  } else if (disk !== 0 || directoryDisk !== 0 || entriesHere !== entries) {
    throw new ZipFormatError('a split (multi-part) zip archive; it cannot be read');
  }
  return { entries, size, offset };
}

function parseCentralDirectory(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < count; index++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) {
      throw new ZipFormatError('the central directory is damaged');
    }
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw new ZipFormatError('the central directory is damaged');
    const rawName = directory.subarray(at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name: normaliseName(rawName.toString((flags & 0x800) !== 0 ? 'utf8' : 'latin1')),
      method,
      flags,
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      uncompressedSize: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at = end;
  }
  return entries;
}

/** Zip64 extended information (0x0001): the 64-bit values of exactly those fields that are 0xFFFFFFFF, in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  const wide = (['uncompressedSize', 'compressedSize', 'localHeaderOffset'] as const).filter((field) => entry[field] === 0xffffffff);
  if (wide.length === 0) return;
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      if (length < wide.length * 8 || at + 4 + length > extra.length) break;
      wide.forEach((field, index) => (entry[field] = safeNumber(extra.readBigUInt64LE(at + 4 + index * 8))));
      return;
    }
    at += 4 + length;
  }
  throw new ZipFormatError(`the entry ${entry.name} lacks its zip64 sizes`);
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('a zip64 size or offset is out of range');
  return Number(value);
}

function normaliseName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

async function* readEntry(path: string, entry: ZipEntry): AsyncGenerator<Buffer> {
  if ((entry.flags & 0x1) !== 0) throw new ZipFormatError(`the entry ${entry.name} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(`the entry ${entry.name} uses compression method ${entry.method}; only stored and deflated are supported`);
  }
  const header = await readBytes(path, entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipFormatError(`the local header of ${entry.name} is missing`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  let produced = 0;
  let crc = 0;
  if (entry.compressedSize > 0) {
    const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: CHUNK_BYTES });
    const inflate = entry.method === 8 ? createInflateRaw({ chunkSize: CHUNK_BYTES }) : undefined;
    const source = inflate ? pipeline(raw, inflate, () => undefined) : raw;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        produced += chunk.length;
        if (produced > entry.uncompressedSize) {
          throw new ZipFormatError(`the entry ${entry.name} is larger than the ${entry.uncompressedSize} bytes the archive declares`);
        }
        crc = crc32(chunk, crc);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ZipFormatError) throw error;
      throw new ZipFormatError(
        `the entry ${entry.name} cannot be decompressed (${error instanceof Error ? error.message : String(error)})`,
      );
    } finally {
      raw.destroy();
      inflate?.destroy();
    }
  }
  if (produced !== entry.uncompressedSize) {
    throw new ZipFormatError(
      `the entry ${entry.name} has ${produced} bytes, the archive declares ${entry.uncompressedSize}; it is damaged`,
    );
  }
  if (crc !== entry.crc) throw new ZipFormatError(`the entry ${entry.name} is damaged (its checksum does not match)`);
}

async function readBytes(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
