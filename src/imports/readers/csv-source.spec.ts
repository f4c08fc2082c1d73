import * as iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { once as onceEvent } from 'node:events';
import { CASES, limeSurveyHeader, limeSurveyRow } from '../../../test/fixtures/imports/make-fixtures';
import { MAX_PROBLEM_ROWS } from './csv-source';
import { openSource } from './open-source';
import { SourceReadError, SourceRow, SourceTable } from './source-table';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const LABELS = ['trifft gar nicht zu', 'trifft eher zu', 'teils/teils', 'trifft voll zu', 'keine Angabe'];
const FIXTURES = join(__dirname, '../../../test/fixtures/imports');

async function readAll(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return rows;
}

function fromBytes(bytes: Buffer | string, fileName = 'upload.csv', options: { skipRows?: number[] } = {}): Promise<SourceTable> {
  const buffer = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  // several chunks, so that records and multibyte characters cross chunk borders
  const chunks: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += 7) chunks.push(buffer.subarray(at, at + 7));
  return openSource({ stream: Readable.from(chunks), fileName, ...options });
}

async function readError(promise: Promise<unknown>): Promise<SourceReadError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SourceReadError) return error;
    throw error;
  }
  throw new Error('expected a SourceReadError');
}

const cellsOf = (cells: string[]) => cells.map((cell) => (cell === '' ? null : cell));
/** Case 103's zentrum holds a line break, so its record spans lines 4–5 and the next record starts at line 6. */
const FIXTURE_LINES = [2, 3, 4, 6, 7, 8, 9, 10];

describe('CSV fixtures read back exactly', () => {
  it('LimeSurvey export (UTF-8 with BOM, comma, every cell quoted, CRLF)', async () => {
    const table = await openSource({ path: join(FIXTURES, 'limesurvey-2019.csv'), fileName: 'limesurvey-2019.csv' });
    expect(table.format).toBe('csv');
    expect(table.meta).toEqual({ encoding: 'utf-8-bom', delimiter: ',' });
    expect(table.headerRow).toBe(1);
    expect(table.header).toEqual(limeSurveyHeader());
    expect(table.header[6]).toBe('chancen[prozesseffizienz]');
    const rows = await readAll(table);
    expect(rows).toEqual(CASES.map((c, index) => ({ row: FIXTURE_LINES[index], cells: cellsOf(limeSurveyRow(c)) })));
    expect(rows[0].cells[6]).toBe('trifft voll zu');
    expect(rows[2].cells[4]).toBe('Zentrum Lörrach\nAußenstelle Öhringen');
  });

  it('German Excel CSV (Windows-1252, semicolon, umlauts, en dash, ß in the header)', async () => {
    const table = await openSource({ path: join(FIXTURES, 'excel-de-2019.csv'), fileName: 'excel-de-2019.csv' });
    expect(table.meta).toEqual({ encoding: 'windows-1252', delimiter: ';' });
    expect(table.header[table.header.length - 1]).toBe('Bemerkung (Größe Ä/ö/ß)');
    const rows = await readAll(table);
    expect(rows.map((row) => row.row)).toEqual(FIXTURE_LINES);
    expect(rows.map((row) => row.cells[3])).toEqual(CASES.map((c) => c.zentrum));
    expect(rows[4].cells[21]).toBe('Größere Firma – Geschäftsführung überzeugt');
    expect(rows.every((row) => row.problem === undefined && row.issues === undefined)).toBe(true);
    // the same answers as the LimeSurvey file, column by column (startlanguage is not in the Excel file)
    const lime = await readAll(await openSource({ path: join(FIXTURES, 'limesurvey-2019.csv'), fileName: 'l.csv' }));
    rows.forEach((row, index) => expect(row.cells.slice(4, 21)).toEqual(lime[index].cells.slice(5, 22)));
  });

  it('Qualtrics export: rows 2 and 3 (question texts, ImportId JSON) skipped, numbering kept', async () => {
    const table = await openSource({ path: join(FIXTURES, 'qualtrics-2019.csv'), fileName: 'qualtrics-2019.csv', skipRows: [2, 3] });
    expect(table.meta).toEqual({ encoding: 'utf-8', delimiter: ',' });
    expect(table.header).toEqual([
      'StartDate',
      'EndDate',
      'Status',
      'Progress',
      'Finished',
      'ResponseId',
      'Q1',
      'Q2',
      'Q3_1',
      'Q3_2',
      'Q3_3',
      'Q3_4',
      'Q3_5',
    ]);
    const rows = await readAll(table);
    expect(rows.map((row) => row.row)).toEqual([4, 5, 6, 8, 9, 10, 11, 12]);
    expect(rows[1].cells).toEqual([
      '2019-05-06 11:30:00',
      '2019-05-06 11:40:00',
      '0',
      '100',
      '1',
      'R_xxxxxxxxxxxxx2u',
      'Zentrum Würzburg, Büro "Süd"',
      '2',
      '4',
      '6',
      '3',
      '2',
      '1',
    ]);
    expect(rows[3].cells[6]).toBeNull();
  });

  it('Qualtrics export without skipRows: the question-text row is the first data row', async () => {
    const rows = await readAll(await openSource({ path: join(FIXTURES, 'qualtrics-2019.csv'), fileName: 'q.csv' }));
    expect(rows[0].row).toBe(2);
    expect(rows[0].cells[8]).toBe('Inwieweit eröffnet KI folgende Chancen für den Mittelstand? - gesteigerte Prozesseffizienz');
    expect(rows[1].cells[0]).toBe('{"ImportId":"startDate","timeZone":"Europe/Berlin"}');
  });
});

describe('CSV encodings', () => {
  const text = 'zentrum;rolle\r\nLörrach;Straße\r\nÖhringen – Süd;ß\r\n';
  it.each([
    ['UTF-8 without BOM', Buffer.from(text, 'utf8'), 'utf-8'],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8-bom'],
    ['Windows-1252', iconv.encode(text, 'windows-1252'), 'windows-1252'],
    ['UTF-16LE with BOM', iconv.encode(text, 'utf-16le', { addBOM: true }), 'utf-16le'],
  ])('%s', async (_name, bytes, encoding) => {
    const table = await fromBytes(bytes);
    expect(table.meta.encoding).toBe(encoding);
    expect(table.header).toEqual(['zentrum', 'rolle']);
    expect(await readAll(table)).toEqual([
      { row: 2, cells: ['Lörrach', 'Straße'] },
      { row: 3, cells: ['Öhringen – Süd', 'ß'] },
    ]);
  });

  it('invalid UTF-8 after the 64 KB the sniff reads is flagged per cell, not guessed', async () => {
    const filler = Array.from({ length: 3000 }, (_v, index) => `${index};ascii only text here\n`).join('');
    const bytes = Buffer.concat([Buffer.from('id;zentrum\n' + filler, 'utf8'), Buffer.from('9999;L\xf6rrach\n', 'latin1')]);
    expect(bytes.length).toBeGreaterThan(64 * 1024);
    const rows = await readAll(await fromBytes(bytes));
    const last = rows[rows.length - 1];
    expect(last.row).toBe(3002);
    expect(last.cells).toEqual(['9999', 'L\uFFFDrrach']);
    expect(last.issues).toEqual([{ column: 1, kind: 'invalid-utf8', message: expect.stringContaining('not valid UTF-8') }]);
    expect(rows.slice(0, -1).every((row) => row.issues === undefined)).toBe(true);
  });
});

describe('CSV structure', () => {
  it.each([
    [
      'LF line ends',
      'a,b\n1,2\n3,4\n',
      [
        { row: 2, cells: ['1', '2'] },
        { row: 3, cells: ['3', '4'] },
      ],
    ],
    [
      'CRLF and no final line end',
      'a,b\r\n1,2\r\n3,4',
      [
        { row: 2, cells: ['1', '2'] },
        { row: 3, cells: ['3', '4'] },
      ],
    ],
    [
      'mixed CRLF and LF',
      'a,b\r\n1,2\n3,4\r\n',
      [
        { row: 2, cells: ['1', '2'] },
        { row: 3, cells: ['3', '4'] },
      ],
    ],
    ['trailing empty lines', 'a,b\n1,2\n\n\n', [{ row: 2, cells: ['1', '2'] }]],
    [
      'blank lines inside are left out, numbering kept',
      'a,b\n\n1,2\n   \n3,4\n',
      [
        { row: 3, cells: ['1', '2'] },
        { row: 5, cells: ['3', '4'] },
      ],
    ],
    ['rows of empty cells (Excel\'s ";;;") are left out', 'a;b;c\n;;\n1;2;3\n', [{ row: 3, cells: ['1', '2', '3'] }]],
    ['empty cells → null, quoted empty too', 'a,b,c\n,"",x\n', [{ row: 2, cells: [null, null, 'x'] }]],
    ['quoted delimiter and doubled quotes', 'a;b\n"x;y";"sagte ""ja"""\n', [{ row: 2, cells: ['x;y', 'sagte "ja"'] }]],
    [
      'a quoted line break keeps the record at its first line; the next record at its own line',
      'a,b\n1,"zwei\nZeilen"\n2,"drei\r\nganze\r\nZeilen"\n3,x\n',
      [
        { row: 2, cells: ['1', 'zwei\nZeilen'] },
        { row: 4, cells: ['2', 'drei\r\nganze\r\nZeilen'] },
        { row: 7, cells: ['3', 'x'] },
      ],
    ],
    ['a stray quote inside an unquoted cell stays literal', 'a,b\n1,5" Monitor\n', [{ row: 2, cells: ['1', '5" Monitor'] }]],
    ['spaces are kept in cells, trimmed in the header', ' a , b \n 1 ,2\n', [{ row: 2, cells: [' 1 ', '2'] }]],
  ])('%s', async (_name, text, expected) => {
    expect(await readAll(await fromBytes(text))).toEqual(expected);
  });

  it('header cells are trimmed', async () => {
    expect((await fromBytes(' a , b \n1,2\n')).header).toEqual(['a', 'b']);
  });

  it('a row with fewer or more cells than the header is delivered with a problem naming its line', async () => {
    const rows = await readAll(await fromBytes('a;b;c\n1;2;3\n1;2\n"x\ny";2;3;4\n5;6;7\n'));
    expect(rows).toEqual([
      { row: 2, cells: ['1', '2', '3'] },
      { row: 3, cells: ['1', '2'], problem: 'Line 3 has 2 cells, the header has 3' },
      { row: 4, cells: ['x\ny', '2', '3', '4'], problem: 'Line 4 has 4 cells, the header has 3' },
      { row: 6, cells: ['5', '6', '7'] },
    ]);
  });

  it('skipRows leaves out the given lines, also before the header', async () => {
    const table = await fromBytes('Export vom 1.6.2019\nid,x\nText der Frage,Text\n1,2\n', 'x.csv', { skipRows: [1, 3] });
    expect(table.headerRow).toBe(2);
    expect(table.header).toEqual(['id', 'x']);
    expect(await readAll(table)).toEqual([{ row: 4, cells: ['1', '2'] }]);
  });

  it('a header without data rows is a table of zero rows', async () => {
    const table = await fromBytes('\uFEFFid;zentrum\r\n');
    expect(table.header).toEqual(['id', 'zentrum']);
    expect(await readAll(table)).toEqual([]);
  });

  it.each([
    ['an empty file', '', 'The file is empty'],
    ['a UTF-8 BOM only', '\uFEFF', 'has no header line'],
    ['blank lines only', '\r\n\r\n  \n', 'has no header line'],
  ])('%s → EMPTY_FILE', async (_name, text, message) => {
    const error = await readError(fromBytes(text));
    expect(error.code).toBe('EMPTY_FILE');
    expect(error.message).toContain(message);
  });

  it("a quote that is never closed stops the rows with CSV_MALFORMED at the record's first line", async () => {
    const table = await fromBytes('a,b\n1,2\n3,"offen\n4,5\n6,7\n');
    const rows: SourceRow[] = [];
    const error = await readError(
      (async () => {
        for await (const row of table.rows) rows.push(row);
      })(),
    );
    expect(rows).toEqual([{ row: 2, cells: ['1', '2'] }]);
    expect(error.code).toBe('CSV_MALFORMED');
    expect(error.row).toBe(3);
    expect(error.message).toBe('Line 3: a quoted cell is opened and never closed');
  });

  it('the rows can be read once; a second iteration says so', async () => {
    const table = await fromBytes('a\n1\n');
    await readAll(table);
    await expect(readAll(table)).rejects.toThrow('The rows of this file have already been read');
  });
});

/** A stream of `data` in 64 KB chunks that counts how many bytes the reader pulled. */
function countingStream(data: Buffer): { stream: Readable; pulled: () => number } {
  let pulled = 0;
  function* chunks(): Generator<Buffer> {
    for (let offset = 0; offset < data.length; offset += 64 * 1024) {
      const chunk = data.subarray(offset, offset + 64 * 1024);
      pulled += chunk.length;
      yield chunk;
    }
  }
  return { stream: Readable.from(chunks(), { objectMode: false }), pulled: () => pulled };
}

describe('CSV junk', () => {
  it('5 MB of random bytes: refused at once as binary data (50 MB behaves the same: only the first chunks are read)', async () => {
    const source = countingStream(randomBytes(5 * 1024 * 1024));
    const error = await readError(openSource({ stream: source.stream, fileName: 'junk.csv' }));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain('binary data');
    expect(source.pulled()).toBeLessThanOrEqual(512 * 1024);
  });

  it('5 MB of printable junk with quotes: a clear error within the first rows (50 MB the same: it stops after 1000 bad rows)', async () => {
    const alphabet = Buffer.from('abc;,"\n \t\r xyz0123456789\xe4\xf6\xfc', 'latin1');
    const junk = randomBytes(5 * 1024 * 1024);
    for (let index = 0; index < junk.length; index++) junk[index] = alphabet[junk[index] % alphabet.length];
    const source = countingStream(junk);
    let rows = 0;
    let problems = 0;
    let failure: SourceReadError | undefined;
    try {
      const table = await openSource({ stream: source.stream, fileName: 'junk.csv' });
      for await (const row of table.rows) {
        rows++;
        if (row.problem !== undefined) problems++;
      }
    } catch (error) {
      if (!(error instanceof SourceReadError)) throw error;
      failure = error;
    }
    expect(failure?.code).toBe('CSV_MALFORMED');
    expect(failure?.message).toMatch(/^Line \d+: (1000 rows have a different number of cells|a quoted cell)/);
    expect(problems).toBeLessThan(MAX_PROBLEM_ROWS);
    // It stopped early: the rest of the file was never read.
    expect(source.pulled()).toBeLessThan(junk.length);

    console.log(`printable junk: ${rows} rows (${problems} with problems)${failure ? `, then ${failure.message}` : ''}`);
  });
});

describe('CSV streaming', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'import-readers-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a 100 000 × 60 file (> 30 MB) with heap growth below 50 MB', async () => {
    const path = join(dir, 'large.csv');
    const out = createWriteStream(path);
    const columns = 60;
    out.write(Array.from({ length: columns }, (_v, index) => `frage_${index}`).join(';') + '\r\n');
    // 20 row bodies that differ (codes and labels), each row with its own id: cheap to write, realistic to parse
    const bodies = Array.from({ length: 20 }, (_b, body) =>
      Array.from({ length: columns - 1 }, (_v, index) => {
        const column = index + 1;
        return column % 3 === 0 ? LABELS[(body + column) % LABELS.length] : String(((body + column) % 4) + 1);
      }).join(';'),
    );
    for (let start = 0; start < 100_000; start += 5000) {
      const lines: string[] = [];
      for (let row = start; row < start + 5000; row++) lines.push(`R${row};${bodies[row % bodies.length]}`);
      if (!out.write(lines.join('\r\n') + '\r\n')) await onceEvent(out, 'drain');
    }
    out.end();
    await onceEvent(out, 'finish');
    const size = out.bytesWritten;
    expect(size).toBeGreaterThan(30 * 1024 * 1024);

    // retained heap = heap after a full collection, sampled every 25 000 rows: what the reader holds on to
    const written = Date.now();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let retained = 0;
    let peak = 0;
    let count = 0;
    let last = 0;
    const table = await openSource({ path, fileName: 'large.csv' });
    for await (const row of table.rows) {
      count++;
      last = row.row;
      if (row.cells.length !== columns || row.problem !== undefined) throw new Error(`row ${row.row} is wrong`);
      if (count % 1000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      if (count % 25_000 === 0) {
        gc();
        retained = Math.max(retained, process.memoryUsage().heapUsed - baseline);
      }
    }
    expect(count).toBe(100_000);
    expect(last).toBe(100_001);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

    console.log(
      `streamed ${mb(size)} MB in ${Date.now() - written} ms: retained heap growth ≤ ${mb(retained)} MB, peak heap growth (garbage included) ${mb(peak)} MB`,
    );
    expect(retained).toBeLessThan(50 * 1024 * 1024);
    expect(retained).toBeLessThan(size / 3);
    // A time limit only against a hang: it takes ~15 s alone, 45 s on a busy 2-core machine (speed is the bench's).
  }, 180_000);
});
