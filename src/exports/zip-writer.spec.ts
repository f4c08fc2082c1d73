import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { openZip } from '../imports/readers/zip-entries';
import { columnLetters, escapeXml, excelSerial } from './xlsx-sheet';
import { zipArchive } from './zip-writer';

/** The archive's entries read back by the import's own zip reader (which checks sizes and CRC-32 of each entry). */
async function readBack(bytes: Buffer): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'zip-writer-'));
  try {
    const path = join(dir, 'a.zip');
    await writeFile(path, bytes);
    const archive = await openZip(path);
    const texts = new Map<string, string>();
    for (const entry of archive.entries) {
      const chunks: Buffer[] = [];
      for await (const chunk of archive.read(entry)) chunks.push(chunk);
      texts.set(entry.name, Buffer.concat(chunks).toString('utf8'));
    }
    return texts;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function* chunks(texts: string[]): AsyncGenerator<string> {
  for (const text of texts) yield text;
}

describe('zipArchive', () => {
  it('writes the small parts and the streamed part so a zip reader gets them back, checksums and sizes right', async () => {
    const streamed = Array.from({ length: 40 }, (_, index) => `<row r="${index}">Größe ${'x'.repeat(index * 997)} 🙂</row>`);
    const bytes = await buffer(
      Readable.from(
        zipArchive(
          [
            { name: '[Content_Types].xml', text: '<Types/>' },
            { name: 'docProps/core.xml', text: 'Straße' },
          ],
          { name: 'xl/worksheets/sheet1.xml', chunks: chunks(streamed) },
        ),
      ),
    );
    const texts = await readBack(bytes);
    expect([...texts.keys()]).toEqual(['[Content_Types].xml', 'docProps/core.xml', 'xl/worksheets/sheet1.xml']);
    expect(texts.get('docProps/core.xml')).toBe('Straße');
    expect(texts.get('xl/worksheets/sheet1.xml')).toBe(streamed.join(''));
  });

  it('writes an empty streamed part', async () => {
    const bytes = await buffer(Readable.from(zipArchive([], { name: 'a.xml', chunks: chunks([]) })));
    expect((await readBack(bytes)).get('a.xml')).toBe('');
  });

  it('fails, without writing the central directory, when the streamed part fails', async () => {
    async function* failing(): AsyncGenerator<string> {
      yield 'a';
      throw new Error('connection lost');
    }
    const parts: Buffer[] = [];
    await expect(
      (async () => {
        for await (const part of zipArchive([{ name: 'x.xml', text: 'x' }], { name: 'a.xml', chunks: failing() })) parts.push(part);
      })(),
    ).rejects.toThrow('connection lost');
    // No end of central directory record (PK\x05\x06): no reader takes the cut-off file for a complete one.
    expect(Buffer.concat(parts).includes(Buffer.from([0x50, 0x4b, 0x05, 0x06]))).toBe(false);
  });
});

describe('xlsx-sheet', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'],
  ])('column %d is %s', (index, letters) => {
    expect(columnLetters(index)).toBe(letters);
  });

  it.each([
    ['plain', 'plain'],
    ['a<b&"c"\'d>', 'a&lt;b&amp;&quot;c&quot;&apos;d&gt;'],
    ['tab\tlf\n kept, cr\r as a reference', 'tab\tlf\n kept, cr&#13; as a reference'],
    ['control\u0001\u0008\u000b\u000c\u001f\u007f\ufffe\uffff characters left out', 'control characters left out'],
    ['Größe 🙂', 'Größe 🙂'],
  ])('escapeXml(%j) is %j', (text, escaped) => {
    expect(escapeXml(text)).toBe(escaped);
  });

  it('gives dates as days since 1899-12-30 (Excel 1900 dates, as exceljs)', () => {
    expect(excelSerial(new Date('1970-01-01T00:00:00Z'))).toBe(25569);
    expect(excelSerial(new Date('2023-07-01T12:00:00Z'))).toBe(45108.5);
  });
});
