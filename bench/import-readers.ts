/**
 * Read speed and memory of the import readers (src/imports/readers) on a generated 100 000 × 60 file, CSV and XLSX.
 *   npx ts-node --transpile-only bench/import-readers.ts            (BENCH_IMPORT_ROWS=20000 for a quick run)
 * Files are written to a fresh temp folder and removed afterwards; each file is read in a fresh process. Prints
 * rows/s (garbage collections for the measurement left out), peak RSS and retained heap (after full collections); it
 * reports, it does not fail. Not part of `npm test` (about a minute); the next round adds it to `npm run bench`.
 * XLSX is read twice: from the path (the service's case: the upload is a temp file) and from a stream (spooled first).
 */
import * as ExcelJS from 'exceljs';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource } from '../src/imports/readers';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const COLUMNS = 60;
const LABELS = ['trifft gar nicht zu', 'trifft eher zu', 'teils/teils', 'trifft voll zu', 'keine Angabe'];

function cell(row: number, column: number): string | number {
  if (column === 0) return `R${row}`;
  return column % 3 === 0 ? LABELS[(row * 7 + column) % LABELS.length] : ((row * 7 + column) % 4) + 1;
}
const header = Array.from({ length: COLUMNS }, (_v, index) => (index === 0 ? 'response_id' : `frage_${index}`));

async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  out.write('\uFEFF' + header.join(';') + '\r\n');
  for (let start = 0; start < ROWS; start += 1000) {
    const lines: string[] = [];
    for (let row = start; row < Math.min(ROWS, start + 1000); row++) {
      lines.push(Array.from({ length: COLUMNS }, (_v, column) => cell(row, column)).join(';'));
    }
    if (!out.write(lines.join('\r\n') + '\r\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function writeXlsx(path: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Daten');
  sheet.addRow(header).commit();
  for (let row = 0; row < ROWS; row++) {
    sheet.addRow(Array.from({ length: COLUMNS }, (_v, column) => cell(row, column))).commit();
  }
  sheet.commit();
  await workbook.commit();
}

interface Measured {
  rows: number;
  ms: number;
  peakRssMb: number;
  /** Heap after a full collection, every 10 000 rows, minus the heap before opening: what the reader holds on to. */
  retainedHeapMb: number;
}

/** Runs in a fresh process (`read <path>`, node --expose-gc) so that writing the files does not count. */
async function measure(path: string, fromStream = false): Promise<Measured> {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  let retained = 0;
  const started = process.hrtime.bigint();
  // a stream input (an upload not yet on disk) is spooled to a temp file by the XLSX reader: that time counts too
  const table = await openSource(fromStream ? { stream: createReadStream(path), fileName: path } : { path, fileName: path });
  let rows = 0;
  let gcMs = 0;
  for await (const row of table.rows) {
    if (row.cells.length !== COLUMNS) throw new Error(`row ${row.row}: ${row.cells.length} cells`);
    if (++rows % 1000 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (rows % 10_000 === 0) {
      const before = process.hrtime.bigint();
      gc();
      retained = Math.max(retained, process.memoryUsage().heapUsed - heapBefore);
      gcMs += Number(process.hrtime.bigint() - before) / 1e6;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6 - gcMs;
  return { rows, ms, peakRssMb: peakRss / 1024 / 1024, retainedHeapMb: retained / 1024 / 1024 };
}

function measureInChild(path: string, fromStream = false): Measured {
  const output = execFileSync(
    process.execPath,
    ['--expose-gc', require.resolve('ts-node/dist/bin.js'), '--transpile-only', __filename, fromStream ? 'read-stream' : 'read', path],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(output.trim().split('\n').pop() ?? '{}') as Measured;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-import-readers-'));
  try {
    const csv = join(dir, 'wave.csv');
    const xlsx = join(dir, 'wave.xlsx');
    await writeCsv(csv);
    await writeXlsx(xlsx);
    const lines = [
      `### Import readers: ${ROWS.toLocaleString('en')} rows × ${COLUMNS} columns (${new Date().toISOString()}, ${cpus().length} cores, load ${loadavg()[0].toFixed(1)})`,
      '',
      '| format | file MB | rows | seconds | rows/s | peak RSS MB | retained heap MB |',
      '|---|---|---|---|---|---|---|',
    ];
    for (const [format, path, fromStream] of [
      ['CSV (UTF-8 BOM, ;)', csv, false],
      ['XLSX (shared strings)', xlsx, false],
      ['XLSX from a stream (spooled to a temp file)', xlsx, true],
    ] as const) {
      const size = (await stat(path)).size / 1024 / 1024;
      const result = measureInChild(path, fromStream);
      lines.push(
        `| ${format} | ${size.toFixed(1)} | ${result.rows} | ${(result.ms / 1000).toFixed(1)} | ${Math.round((result.rows / result.ms) * 1000)} | ${result.peakRssMb.toFixed(0)} | ${result.retainedHeapMb.toFixed(1)} |`,
      );
    }
    console.log(lines.join('\n'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'read' || process.argv[2] === 'read-stream') {
  void measure(process.argv[3], process.argv[2] === 'read-stream').then((result) => console.log(JSON.stringify(result)));
} else {
  void main();
}
