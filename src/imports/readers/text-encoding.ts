/**
 * The encoding of a CSV file, decided once from its first bytes (HEAD_BYTES = 64 KB):
 * a UTF-16 BOM → UTF-16; a UTF-8 BOM → UTF-8; the bytes are valid UTF-8 → UTF-8; otherwise Windows-1252,
 * which is what German Excel writes for "CSV (Trennzeichen-getrennt)".
 *
 * Edge: only bytes ≥ 0x80 tell the encodings apart. A Windows-1252 file whose first 64 KB are pure ASCII and whose
 * first umlaut comes later is read as UTF-8; that umlaut then decodes to U+FFFD, and the CSV reader flags the cell
 * (`invalid-utf8`) instead of guessing. A Windows-1252 file that is also valid UTF-8 needs sequences like "Ã¤" — text
 * nobody writes — so it is not a practical case.
 */
import * as iconv from 'iconv-lite';

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252' | 'utf-16le' | 'utf-16be';

/** `complete` = the head is the whole file (a multibyte sequence cut off at its end is then an error, not a cut). */
export function sniffEncoding(head: Buffer, complete: boolean): TextEncoding {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  return isValidUtf8(head, complete) ? 'utf-8' : 'windows-1252';
}

export function isValidUtf8(bytes: Buffer, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** The iconv-lite name for an encoding (decoders strip a BOM). */
export function iconvName(encoding: TextEncoding): string {
  return encoding === 'utf-8-bom' ? 'utf-8' : encoding;
}

/** A transform stream from bytes to text in the given encoding (BOM removed; invalid UTF-8 → U+FFFD). */
export function decodeStream(encoding: TextEncoding): NodeJS.ReadWriteStream {
  return iconv.decodeStream(iconvName(encoding), { stripBOM: true });
}

export function decodeHead(head: Buffer, encoding: TextEncoding): string {
  return iconv.decode(head, iconvName(encoding), { stripBOM: true });
}
