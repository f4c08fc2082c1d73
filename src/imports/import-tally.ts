/**
 * What one pass over a file found, row by row: the counts of the dry-run report, the first errors and conflicts
 * (kept up to a bound, so that memory does not grow with a file full of errors) and how many there were in all.
 */
import type { CellError } from './row-answers';

/** Errors (and conflicts) listed in a report; the counts cover all of them. */
export const MAX_REPORTED_ERRORS = 1000;

export interface ConflictRow {
  row: number;
  externalId: string;
}

export interface ImportCounts {
  /** Data rows read (rows to skip left out). */
  rows: number;
  /** Rows whose answers passed every check. */
  valid: number;
  /** Rows with at least one error. */
  invalid: number;
  /** Valid rows whose external id the wave does not have yet. */
  created: number;
  /** Valid rows whose external id the wave has, with the same status and answers. */
  unchanged: number;
  /** Valid rows whose external id the wave has, with other answers or another status. */
  conflicts: number;
}

export class ImportTally implements ImportCounts {
  rows = 0;
  valid = 0;
  invalid = 0;
  created = 0;
  unchanged = 0;
  conflicts = 0;
  /** Every error of every row, also those beyond the listed ones. */
  errorCount = 0;
  readonly errors: CellError[] = [];
  readonly conflictRows: ConflictRow[] = [];

  /** A row with errors (all of them are counted; the first MAX_REPORTED_ERRORS of the file are kept). */
  refuse(errors: readonly CellError[]): void {
    this.invalid += 1;
    this.fail(errors);
  }

  /** Errors that are not a row's own (the file stops being readable). */
  fail(errors: readonly CellError[]): void {
    this.errorCount += errors.length;
    for (const error of errors) {
      if (this.errors.length >= MAX_REPORTED_ERRORS) break;
      this.errors.push(error);
    }
  }

  conflict(row: ConflictRow): void {
    this.conflicts += 1;
    if (this.conflictRows.length < MAX_REPORTED_ERRORS) this.conflictRows.push(row);
  }

  counts(): ImportCounts {
    const { rows, valid, invalid, created, unchanged, conflicts } = this;
    return { rows, valid, invalid, created, unchanged, conflicts };
  }
}
