/**
 * Which reader a file needs, decided from its first bytes (the file name only sharpens the error message):
 * XLSX = a zip (`PK\x03\x04`), SAV = `$FL2` (`$FL3`, zlib-compressed, is recognised and refused), anything that
 * looks like text = CSV. Known non-table formats and binary junk are refused with a clear message.
 */
import { extname } from 'node:path';
import { SourceFormat, SourceReadError } from './source-table';

/** How many bytes the detection (and the CSV encoding sniff) looks at. */
export const HEAD_BYTES = 64 * 1024;

const KNOWN_OTHER: Array<{ magic: Buffer; what: string }> = [
  { magic: Buffer.from('%PDF-'), what: 'a PDF document' },
  { magic: Buffer.from([0x89, 0x50, 0x4e, 0x47]), what: 'a PNG image' },
  { magic: Buffer.from([0xff, 0xd8, 0xff]), what: 'a JPEG image' },
  { magic: Buffer.from('GIF8'), what: 'a GIF image' },
  { magic: Buffer.from([0x1f, 0x8b]), what: 'a gzip archive' },
  { magic: Buffer.from('Rar!'), what: 'a RAR archive' },
  { magic: Buffer.from([0x37, 0x7a, 0xbc, 0xaf]), what: 'a 7z archive' },
  {
    magic: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    what: 'an old Excel 97-2003 (.xls) or other OLE2 file; save it as .xlsx or CSV',
  },
];

const UTF16_BOMS = [Buffer.from([0xff, 0xfe]), Buffer.from([0xfe, 0xff])];

/** Decides the format from the first bytes; throws `SourceReadError` for an empty file or one that is none of the three. */
export function detectFormat(head: Buffer, fileName: string): SourceFormat {
  if (head.length === 0) throw new SourceReadError('EMPTY_FILE', 'The file is empty');
  const named = extname(fileName).toLowerCase();
  if (startsWith(head, Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    if (named === '.ods') throw unsupported('an OpenDocument spreadsheet (.ods); save it as .xlsx or CSV');
    return 'xlsx';
  }
  if (startsWith(head, Buffer.from('$FL2'))) return 'sav';
  if (startsWith(head, Buffer.from('$FL3'))) {
    throw unsupported('an SPSS .sav file with ZLIB compression (.zsav), which cannot be read; save it uncompressed');
  }
  for (const other of KNOWN_OTHER) {
    if (startsWith(head, other.magic)) throw unsupported(other.what);
  }
  if (UTF16_BOMS.some((bom) => startsWith(head, bom))) return 'csv';
  if (!looksLikeText(head)) {
    const expected =
      named === '.xlsx'
        ? ' (its name says .xlsx, but it is not a zip)'
        : named === '.sav'
          ? ' (its name says .sav, but it has no $FL2 header)'
          : '';
    throw unsupported(`binary data${expected}`);
  }
  return 'csv';
}

/**
 * Text = no NUL byte and at most 1 % other control characters (TAB, LF, CR, FF and the DOS end-of-file 0x1A allowed).
 * Bytes ≥ 0x80 are fine here: whether they are UTF-8 or Windows-1252 is the CSV reader's question.
 */
export function looksLikeText(head: Buffer): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return false;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c && byte !== 0x1a) control++;
  }
  return control <= head.length / 100;
}

function startsWith(head: Buffer, magic: Buffer): boolean {
  return head.length >= magic.length && head.subarray(0, magic.length).equals(magic);
}

function unsupported(what: string): SourceReadError {
  return new SourceReadError(
    'UNSUPPORTED_FORMAT',
    `The file is ${what}; it can be imported as CSV (UTF-8 or Windows-1252), XLSX or SPSS .sav`,
  );
}
