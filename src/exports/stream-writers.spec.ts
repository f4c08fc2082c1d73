import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { buffer } from 'node:stream/consumers';
import { CellValue } from './cell-safety';
import { CsvDialect } from './csv-dialect';
import { csvStream, xlsxStream } from './stream-writers';

/**
 * A source that counts what was pulled and tells when it was closed (as the database cursor
 * releases its connection): `closed` resolves when the writer ends the iteration.
 */
function source(count: number, row: (index: number) => CellValue[]) {
  const state = { pulled: 0, closed: false };
  let markClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    markClosed = resolve;
  });
  async function* rows(): AsyncGenerator<CellValue[]> {
    try {
      for (let index = 0; index < count; index += 1) {
        state.pulled += 1;
        yield row(index);
      }
    } finally {
      state.closed = true;
      markClosed();
    }
  }
  return { rows: rows(), state, closed };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Resolves once the writer stopped pulling: the count stayed the same for `turns` turns of the
 * event loop. Counts turns, not milliseconds, so a slow machine waits longer instead of checking
 * early; a writer that ignored backpressure would pull the whole source before this resolves.
 */
async function stoppedPulling(state: { pulled: number }, turns = 20): Promise<number> {
  let last = -1;
  let unchanged = 0;
  while (unchanged < turns) {
    await turn();
    unchanged = state.pulled === last ? unchanged + 1 : 0;
    last = state.pulled;
  }
  return last;
}

const completedAt = new Date('2023-07-01T10:00:00Z');
const header = ['response_id', 'completed_at', 'chancen_werbung', 'zentrum'];
const row = (index: number): CellValue[] => [`r-${index}`, completedAt, index % 4, index === 0 ? '=HYPERLINK("x")' : `Zentrum ${index}`];

describe('csvStream', () => {
  it('writes the header and every row in the dialect, neutralized, and closes the source', async () => {
    const { rows, state } = source(3, row);
    const text = (await buffer(csvStream(header, rows, CsvDialect.Excel))).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parse(text, { bom: true, delimiter: ';' })).toEqual([
      header,
      ['r-0', '2023-07-01T10:00:00.000Z', '0', `'=HYPERLINK("x")`],
      ['r-1', '2023-07-01T10:00:00.000Z', '1', 'Zentrum 1'],
      ['r-2', '2023-07-01T10:00:00.000Z', '2', 'Zentrum 2'],
    ]);
    expect(state.closed).toBe(true);
  });

  it('stops pulling rows and closes the source when the reader goes away', async () => {
    const { rows, state, closed } = source(1_000_000, row);
    const stream = csvStream(header, rows, CsvDialect.Plain);
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    await closed;
    expect(state.pulled).toBeLessThan(100_000);
  });
});

describe('backpressure', () => {
  it.each([
    ['csv', (rows: AsyncIterable<CellValue[]>) => csvStream(header, rows, CsvDialect.Excel)],
    ['xlsx', (rows: AsyncIterable<CellValue[]>) => xlsxStream('x', header, rows)],
  ])('%s: pulls only what a reader that does not read can buffer, not the whole source', async (_, write) => {
    const { rows, state, closed } = source(1_000_000, row);
    const stream = write(rows);
    stream.pause();
    const pulled = await stoppedPulling(state);
    expect(pulled).toBeGreaterThan(0);
    expect(pulled).toBeLessThan(20_000);
    expect(state.closed).toBe(false);
    // Reading again lets the writer go on pulling: it had stopped for the reader, not for good. (XLSX: a chunk read
    // may free only the zip's output; the writer goes on once the sheet's zip entry has drained, so read until it pulls.)
    stream.resume();
    for (let turns = 0; state.pulled === pulled && turns < 10_000; turns += 1) await turn();
    stream.pause();
    await stoppedPulling(state);
    expect(state.pulled).toBeGreaterThan(pulled);
    stream.destroy();
    await closed;
  });
});

describe('xlsxStream', () => {
  it('writes one sheet with a frozen header, dates, numbers and neutralized text', async () => {
    const { rows, state } = source(500, row);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buffer(xlsxStream('ki-2023', header, rows))) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('ki-2023') as ExcelJS.Worksheet;
    expect(sheet.getRow(1).values).toEqual([undefined, ...header]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.rowCount).toBe(501);
    expect(sheet.getRow(2).values).toEqual([undefined, 'r-0', completedAt, 0, `'=HYPERLINK("x")`]);
    expect(sheet.getCell('B2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(sheet.getRow(501).values).toEqual([undefined, 'r-499', completedAt, 3, 'Zentrum 499']);
    expect(state.closed).toBe(true);
  });

  it('keeps a text’s line breaks as given (CR LF, LF) and leaves out the characters XML cannot hold', async () => {
    const texts = ['Zeile 1\r\nZeile 2', 'nur\nLF', 'ohne\uffff\ufffe\u0001 Unzeichen'];
    const { rows } = source(texts.length, (index) => [`r-${index}`, completedAt, 1, texts[index]]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await buffer(xlsxStream('x', header, rows))) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('x') as ExcelJS.Worksheet;
    expect([2, 3, 4].map((row) => sheet.getCell(`D${row}`).value)).toEqual(['Zeile 1\r\nZeile 2', 'nur\nLF', 'ohne Unzeichen']);
  });

  it('ends and closes the source when a reader that stopped reading goes away, with rows that barely compress', async () => {
    // Rows that barely compress fill the output, the zip writer and the sheet's zip entry while nobody reads.
    const noise = (index: number) =>
      Array.from({ length: 40 }, (_, cell) => ((index * 7919 + cell * 104729) % 1_000_003).toString(36)).join('');
    const { rows, state, closed } = source(1_000_000, (index) => [`r-${index}`, completedAt, index % 4, noise(index)]);
    const stream = xlsxStream('x', header, rows);
    stream.pause();
    await stoppedPulling(state);
    stream.destroy();
    await closed;
    expect(state.closed).toBe(true);
  });

  it('stops pulling rows and closes the source when the output is destroyed', async () => {
    const { rows, state, closed } = source(1_000_000, row);
    const stream = xlsxStream('x', header, rows);
    await new Promise((resolve) => stream.once('readable', resolve));
    stream.destroy();
    await closed;
    expect(state.pulled).toBeLessThan(1_000_000);
  });
});

describe('a source that fails', () => {
  async function* failing(): AsyncGenerator<CellValue[]> {
    yield ['r-0', null, 1, 'x'];
    throw new Error('connection lost');
  }

  it.each([
    ['csv', () => csvStream(header, failing(), CsvDialect.Excel)],
    ['xlsx', () => xlsxStream('x', header, failing())],
  ])('%s: the reader gets the error, not a file that looks complete', async (_, write) => {
    await expect(buffer(write())).rejects.toThrow('connection lost');
  });
});
