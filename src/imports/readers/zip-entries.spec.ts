import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { zipArchive, ZipWriterEntry, ZipWriterOptions } from '../../../test/fixtures/imports/zip-writer';
import { CHUNK_BYTES, openZip, ZipArchive, ZipFormatError } from './zip-entries';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-entries-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileOf(bytes: Buffer): Promise<string> {
  const path = join(dir, `z${Math.random().toString(36).slice(2)}.zip`);
  await writeFile(path, bytes);
  return path;
}

async function archive(entries: ZipWriterEntry[], options?: ZipWriterOptions): Promise<ZipArchive> {
  return openZip(await fileOf(zipArchive(entries, options)));
}

async function text(zip: ZipArchive, name: string): Promise<string> {
  const entry = zip.entry(name);
  if (!entry) throw new Error(`no entry ${name}`);
  const chunks: Buffer[] = [];
  for await (const chunk of zip.read(entry)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function zipError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ZipFormatError) return error.message;
    throw error;
  }
  throw new Error('expected a ZipFormatError');
}

const ENTRIES: ZipWriterEntry[] = [
  { name: 'stored.txt', data: 'gespeichert, nicht komprimiert', method: 0 },
  { name: 'xl/Deflated.xml', data: '<a>' + 'Größe '.repeat(5000) + '</a>', method: 8 },
  { name: 'leer.txt', data: '', method: 0 },
];

describe('openZip: reading entries', () => {
  it.each([
    ['a plain archive', {}],
    ['an archive with a comment after the end record', { comment: 'erstellt für den Test' }],
    ['a zip64 archive (zip64 end record, locator and extra fields)', { zip64: true }],
  ] as Array<[string, ZipWriterOptions]>)('%s: stored and deflated entries read back byte for byte', async (_name, options) => {
    const zip = await archive(ENTRIES, options);
    expect(zip.entries.map((entry) => [entry.name, entry.method])).toEqual([
      ['stored.txt', 0],
      ['xl/Deflated.xml', 8],
      ['leer.txt', 0],
    ]);
    expect(await text(zip, 'stored.txt')).toBe('gespeichert, nicht komprimiert');
    expect(await text(zip, 'xl/deflated.xml')).toBe('<a>' + 'Größe '.repeat(5000) + '</a>'); // part names are case-insensitive
    expect(await text(zip, 'leer.txt')).toBe('');
    expect(zip.entry('fehlt.txt')).toBeUndefined();
  });

  it('entries written with data descriptors (sizes only after the data) are read by the central directory', async () => {
    const zip = await archive([
      { name: 'a.xml', data: '<a>eins</a>', dataDescriptor: true },
      { name: 'b.txt', data: 'zwei', method: 0, dataDescriptor: true },
    ]);
    expect(await text(zip, 'a.xml')).toBe('<a>eins</a>');
    expect(await text(zip, 'b.txt')).toBe('zwei');
  });

  it('entries can be read in any order, and one read can stop early', async () => {
    const zip = await archive(ENTRIES);
    const entry = zip.entry('xl/Deflated.xml');
    if (!entry) throw new Error('missing');
    for await (const chunk of zip.read(entry)) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(await text(zip, 'stored.txt')).toBe('gespeichert, nicht komprimiert');
  });

  it('a 64 MB deflated entry (64 KB compressed) streams in chunks of at most 64 KB', async () => {
    const zip = await archive([{ name: 'nullen.bin', data: Buffer.alloc(64 * 1024 * 1024) }]);
    const entry = zip.entries[0];
    expect(entry.compressedSize).toBeLessThan(128 * 1024);
    let total = 0;
    let largest = 0;
    for await (const chunk of zip.read(entry)) {
      total += chunk.length;
      largest = Math.max(largest, chunk.length);
    }
    expect(total).toBe(64 * 1024 * 1024);
    expect(largest).toBeLessThanOrEqual(CHUNK_BYTES);
  });
});

describe('openZip: damaged archives and junk', () => {
  it.each([
    ['nothing but a zip signature', Buffer.from('PK\x03\x04'), 'the file is too short to be a zip archive'],
    [
      'a PK header followed by junk',
      Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.from('kein Zip, nur Text. '.repeat(200))]),
      'no end of central directory record; the file is cut off or not a zip archive',
    ],
    [
      'the first half of a real archive',
      zipArchive(ENTRIES).subarray(0, 200),
      'no end of central directory record; the file is cut off or not a zip archive',
    ],
  ])('%s', async (_name, bytes, message) => {
    expect(await zipError(openZip(await fileOf(bytes)))).toBe(message);
  });

  it('an end record pointing outside the file', async () => {
    const bytes = zipArchive(ENTRIES);
    bytes.writeUInt32LE(0x7fffffff, bytes.length - 6); // central directory offset
    expect(await zipError(openZip(await fileOf(bytes)))).toBe(
      'a zip record points outside the file; the file is cut off or not a zip archive',
    );
  });

  it('an entry that is larger than declared (a zip bomb lying about its size) stops at the declared size', async () => {
    const zip = await archive([{ name: 'bombe.xml', data: Buffer.alloc(10 * 1024 * 1024), declaredSize: 1000 }]);
    expect(await zipError(text(zip, 'bombe.xml'))).toBe('the entry bombe.xml is larger than the 1000 bytes the archive declares');
  });

  it('an entry with fewer bytes than declared', async () => {
    const lying = await archive([{ name: 'kurz.xml', data: 'kurz', declaredSize: 40 }]);
    expect(await zipError(text(lying, 'kurz.xml'))).toBe('the entry kurz.xml has 4 bytes, the archive declares 40; it is damaged');
  });

  it('a wrong checksum', async () => {
    const zip = await archive([{ name: 'a.txt', data: 'hallo', method: 0, declaredCrc: 1 }]);
    expect(await zipError(text(zip, 'a.txt'))).toBe('the entry a.txt is damaged (its checksum does not match)');
  });

  it('deflated data that is not deflate', async () => {
    const zip = await archive([{ name: 'a.xml', data: 'hallo', method: 0 }]);
    zip.entries[0].method = 8;
    expect(await zipError(text(zip, 'a.xml'))).toMatch(/^the entry a\.xml cannot be decompressed \(/);
  });

  it('another compression method (bzip2 = 12) is refused by its number', async () => {
    const zip = await archive([{ name: 'a.xml', data: 'hallo', method: 12 }]);
    expect(await zipError(text(zip, 'a.xml'))).toBe('the entry a.xml uses compression method 12; only stored and deflated are supported');
  });

  it('a deflated stream cut off in the middle', async () => {
    const data = Buffer.from('x'.repeat(100000) + 'y'.repeat(100000));
    const cut = deflateRawSync(data).subarray(0, 50);
    const zip = await archive([{ name: 'a.xml', data: cut, method: 0, declaredSize: data.length }]);
    zip.entries[0].method = 8;
    expect(await zipError(text(zip, 'a.xml'))).toMatch(/^the entry a\.xml (cannot be decompressed|has \d+ bytes)/);
  });
});
