export * from './source-table';
export { openSource, withHead } from './open-source';
export { detectFormat, looksLikeText, HEAD_BYTES } from './format-detection';
export { openCsv, detectDelimiter, MAX_RECORD_BYTES } from './csv-source';
export type { CsvDelimiter, CsvSourceInput } from './csv-source';
export { sniffEncoding, isValidUtf8 } from './text-encoding';
export type { TextEncoding } from './text-encoding';
export { openXlsx } from './xlsx-source';
export { openSav } from './sav-source';
