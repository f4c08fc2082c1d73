import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The R script: reads a CSV as an R user would and prints the row count, then "name<TAB>class" per column. */
const READ_SCRIPT = `
args <- commandArgs(trailingOnly = TRUE)
na <- if (length(args) > 2 && nzchar(args[3])) strsplit(args[3], "|", fixed = TRUE)[[1]] else "NA"
d <- if (args[2] == "excel") {
  read.csv2(args[1], fileEncoding = "UTF-8-BOM", check.names = FALSE, na.strings = na)
} else {
  read.csv(args[1], fileEncoding = "UTF-8", check.names = FALSE, na.strings = na)
}
cat(nrow(d), "\\n", sep = "")
for (n in names(d)) cat(n, "\\t", class(d[[n]])[1], "\\n", sep = "")
`;

export interface RFrame {
  rows: number;
  /** Column name → R class ("numeric", "integer", "character", "logical"). */
  classes: Map<string, string>;
}

/**
 * Reads a CSV export with R (Rscript from Debian's r-base-core): `read.csv2` for the
 * excel dialect, `read.csv` for plain, with R's default `na.strings` unless given.
 */
export function readWithR(csv: Buffer | string, dialect: 'excel' | 'plain', naStrings: string[] = []): RFrame {
  const dir = mkdtempSync(join(tmpdir(), 'r-csv-'));
  try {
    const file = join(dir, 'export.csv');
    const script = join(dir, 'read.R');
    writeFileSync(file, csv);
    writeFileSync(script, READ_SCRIPT);
    const result = spawnSync('Rscript', ['--vanilla', script, file, dialect, naStrings.join('|')], {
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
      timeout: 60_000,
    });
    if (result.error) throw result.error;
    if (result.status !== 0) throw new Error(`Rscript failed (${result.status}): ${result.stderr}`);
    const [count, ...lines] = result.stdout.trim().split('\n');
    return { rows: Number(count), classes: new Map(lines.map((line) => line.split('\t') as [string, string])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whether R reads a column as numbers (an all-empty column is "logical", holding only NA: no text either). */
export function isNumericInR(rClass: string | undefined): boolean {
  return rClass === 'numeric' || rClass === 'integer' || rClass === 'logical';
}
