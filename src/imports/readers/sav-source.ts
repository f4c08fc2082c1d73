/**
 * SPSS .sav → SourceTable with `sav-reader`: its `open()` reads only the dictionary (variables, labels, value labels),
 * then records are read one at a time from the stream. Header = variable names; row = record number + 1 (so the first
 * case is row 2, as if the variable names were line 1). System-missing → null; user-missing values keep their value (the
 * declaration is in `meta.missingValues`, their labels in `meta.valueLabels`); strings are trimmed, '' → null; numbers with a
 * date format (DATE, ADATE, EDATE, SDATE, JDATE, DATETIME) → ISO text like the XLSX reader. Strings are decoded as UTF-8
 * (sav-reader's choice; PSPP and SPSS ≥ 16 in Unicode mode write UTF-8; `meta.encoding` says what the file declares).
 * ZLIB-compressed files ($FL3, .zsav) are refused by the format detection.
 */
import type { Readable } from 'node:stream';
import { SavFileReader } from 'sav-reader';
import {
  isEmptyRow,
  once,
  OpenSourceOptions,
  SourceCell,
  SourceMeta,
  SourceMissingValues,
  SourceReadError,
  SourceRow,
  SourceTable,
  SourceValueLabel,
} from './source-table';

interface SavVariable {
  name: string;
  type: number; // 0 numeric, 1 string
  label?: string | null;
  missing?: unknown;
  printFormat?: { type: number };
  __is_child_string_var?: boolean;
}
interface SavReaderLike {
  meta: {
    header: { product?: string; encoding?: string; n_cases?: number };
    sysvars: SavVariable[];
    getValueLabels(name: string): Array<{ val: number | string; label: string }> | null | undefined;
  };
  open(): Promise<void>;
  readNextRow(includeNulls?: boolean): Promise<Record<string, unknown> | null>;
}
/** sav-reader exports only its file and buffer readers; their parent class reads any stream. */
const SavStreamReader = Object.getPrototypeOf(SavFileReader) as new (readable: Readable) => SavReaderLike;

/** SPSS print format types that hold a date (seconds since 14 Oct 1582). */
const DATE_FORMATS = new Set([20, 22, 23, 24, 38, 39]);
const SPSS_EPOCH_TO_UNIX_SECONDS = 12219379200;

export async function openSav(stream: Readable, options: OpenSourceOptions = {}): Promise<SourceTable> {
  // sav-reader's AsyncReader finds the end of the data by reading past it and then waits for a 'readable' event; a
  // stream that has already signalled its end (a small upload re-chunked by Readable.from) sends none, and the read
  // would wait forever. One more 'readable' after 'end' lets it see the end.
  stream.once('end', () => setImmediate(() => stream.emit('readable')));
  const reader = new SavStreamReader(stream);
  const close = () => stream.destroy();
  try {
    await reader.open();
  } catch (error) {
    close();
    throw unreadable(error);
  }
  const variables = reader.meta.sysvars.filter((variable) => !variable.__is_child_string_var);
  const header = variables.map((variable) => variable.name);
  const skip = new Set(options.skipRows ?? []);

  const declared = reader.meta.header.n_cases;
  const known = typeof declared === 'number' && declared >= 0;

  async function* rows(): AsyncGenerator<SourceRow> {
    try {
      for (let row = 2; ; row++) {
        // A file that says how many cases it has is read to exactly that many (nothing after them is data).
        if (known && row - 1 > declared) return;
        let record: Record<string, unknown> | null;
        try {
          record = await reader.readNextRow(true);
        } catch (error) {
          throw unreadable(error, row);
        }
        if (!record) {
          if (known) throw unreadable(`the file ends after ${row - 2} of its ${declared} cases`, row);
          return;
        }
        if (skip.has(row)) continue;
        const values = record;
        const cells = variables.map((variable) => savCell(variable, values[variable.name]));
        if (isEmptyRow(cells)) continue;
        yield { row, cells };
      }
    } finally {
      close();
    }
  }

  return { format: 'sav', header, headerRow: 1, rows: once(rows()), meta: savMeta(reader, variables), close };
}

function savMeta(reader: SavReaderLike, variables: SavVariable[]): SourceMeta {
  const columnLabels: Record<string, string> = {};
  const valueLabels: Record<string, SourceValueLabel[]> = {};
  const missingValues: Record<string, SourceMissingValues> = {};
  for (const variable of variables) {
    if (variable.label) columnLabels[variable.name] = variable.label.trim();
    const labels = reader.meta.getValueLabels(variable.name);
    if (labels && labels.length > 0) {
      valueLabels[variable.name] = labels.map((entry) => ({
        value: typeof entry.val === 'string' ? entry.val.trimEnd() : entry.val,
        label: entry.label.trim(),
      }));
    }
    const missing = variable.type === 0 ? missingOf(variable.missing) : undefined;
    if (missing) missingValues[variable.name] = missing;
  }
  const header = reader.meta.header;
  const meta: SourceMeta = { columnLabels, valueLabels, missingValues };
  if (header.encoding) meta.encoding = header.encoding;
  if (header.product) meta.product = header.product.replace(/^@\(#\)\s*/, '').trim();
  if (typeof header.n_cases === 'number' && header.n_cases >= 0) meta.declaredRows = header.n_cases;
  return meta;
}

/** sav-reader's missing spec: a number, an array of numbers, or {min, max, value?}. */
export function missingOf(spec: unknown): SourceMissingValues | undefined {
  if (typeof spec === 'number') return { values: [spec] };
  if (Array.isArray(spec)) return { values: spec.filter((value): value is number => typeof value === 'number') };
  if (typeof spec === 'object' && spec !== null && 'min' in spec && 'max' in spec) {
    const range = spec as { min: number; max: number; value?: number };
    const result: SourceMissingValues = { range: { low: range.min, high: range.max } };
    if (typeof range.value === 'number') result.values = [range.value];
    return result;
  }
  return undefined;
}

/** One value as sav-reader gives it → a SourceCell (exported for its table test). */
export function savCell(variable: Pick<SavVariable, 'type' | 'printFormat'>, value: unknown): SourceCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? null : text;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= -Number.MAX_VALUE) return null; // SYSMIS
  if (variable.printFormat && DATE_FORMATS.has(variable.printFormat.type)) {
    const iso = new Date((value - SPSS_EPOCH_TO_UNIX_SECONDS) * 1000).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
  }
  return value;
}

function unreadable(error: unknown, row?: number): SourceReadError {
  if (error instanceof SourceReadError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  const where = row === undefined ? '' : ` at case ${row - 1}`;
  return new SourceReadError('SAV_UNREADABLE', `The SPSS file cannot be read${where} (${detail.slice(0, 200)})`, row);
}
