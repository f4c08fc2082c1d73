/**
 * What `cli import` prints (issue 15): the dry-run report, the result of a commit, and a refusal with its first
 * errors. English like the other commands of the CLI; pure, so that the wording is tested without a database.
 */

/** How many errors the CLI lists; the count of all of them is printed beside. */
export const CLI_LISTED_ERRORS = 20;

/** A row error as the import service gives it ({row, column, value, message}), or a mapping problem ({path, message}). */
export interface PrintableError {
  row?: number;
  column?: string | null;
  value?: string | null;
  path?: string;
  message: string;
}

export interface PrintableReport {
  fileName: string;
  format: string;
  fileSize: number;
  sheet: string | null;
  automaticMapping: boolean;
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  unchanged: number;
  conflicts: number;
  unmappedColumns: string[];
  errors: PrintableError[];
  errorCount: number;
  conflictRows: Array<{ row: number; externalId: string }>;
}

/** `Line 7, column "chancen_werbung": …`; `Line 7: …` for the row as a whole; `mapping columns.Q1: …` for a mapping problem. */
export function errorLine(error: PrintableError): string {
  if (error.row === undefined) return error.path ? `Mapping ${error.path}: ${error.message}` : error.message;
  const where = error.column === null || error.column === undefined ? `Line ${error.row}` : `Line ${error.row}, column "${error.column}"`;
  return `${where}: ${error.message}`;
}

/** The first errors, one a line, and how many more there are. */
export function errorLines(errors: readonly PrintableError[], total: number = errors.length): string[] {
  const listed = errors.slice(0, CLI_LISTED_ERRORS).map(errorLine);
  const more = Math.max(total, errors.length) - listed.length;
  return more > 0 ? [...listed, `… and ${more} more`] : listed;
}

export function fileSizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Would a commit of the dry-run's file be refused (errors, or conflicts without --replace-conflicts)? */
export function wouldBeRefused(report: Pick<PrintableReport, 'errorCount' | 'conflicts'>, replaceConflicts: boolean): boolean {
  return report.errorCount > 0 || (report.conflicts > 0 && !replaceConflicts);
}

/** The dry run's report: counts, unmapped columns, the first errors and conflicts. Ends with a line feed. */
export function dryRunText(waveCode: string, report: PrintableReport, replaceConflicts: boolean): string {
  const lines = [
    `Dry run: ${report.fileName} (${report.format.toUpperCase()}${report.sheet ? `, sheet "${report.sheet}"` : ''}, ${fileSizeText(report.fileSize)}) into wave ${waveCode}; nothing was stored.`,
    `Mapping: ${report.automaticMapping ? "automatic (the service's own raw export)" : 'as given'}`,
    `Rows: ${report.rows} (valid ${report.valid}, invalid ${report.invalid})`,
    `Would create ${report.created}, unchanged ${report.unchanged}, conflicts ${report.conflicts}${
      report.conflicts > 0 ? (replaceConflicts ? ' (would be replaced)' : ' (refused without --replace-conflicts)') : ''
    }`,
    `Unmapped columns: ${report.unmappedColumns.length === 0 ? 'none' : report.unmappedColumns.map((column) => `"${column}"`).join(', ')}`,
  ];
  if (report.errorCount > 0) lines.push(`Errors: ${report.errorCount}`, ...errorLines(report.errors, report.errorCount).map(indent));
  if (report.conflicts > 0) {
    lines.push(
      `Conflicts (external id exists with other answers): ${report.conflicts}`,
      ...report.conflictRows.slice(0, CLI_LISTED_ERRORS).map((conflict) => indent(`Line ${conflict.row}: ${conflict.externalId}`)),
    );
  }
  lines.push(
    wouldBeRefused(report, replaceConflicts)
      ? 'An import of this file would be refused.'
      : `An import of this file would store ${report.created + (replaceConflicts ? report.conflicts : 0)} responses.`,
  );
  return `${lines.join('\n')}\n`;
}

export interface PrintableCommit {
  importId: string | null;
  created: number;
  unchanged: number;
  replaced: number;
}

export function committedText(waveCode: string, fileName: string, result: PrintableCommit): string {
  if (result.importId === null) {
    return `Nothing new in ${fileName} for wave ${waveCode}: all ${result.unchanged} responses are there already; no import was kept.\n`;
  }
  return (
    `Imported ${fileName} into wave ${waveCode}: ${result.created} created, ${result.unchanged} unchanged, ${result.replaced} replaced.\n` +
    `Import id: ${result.importId} (undo: DELETE /api/waves/${waveCode}/imports/${result.importId})\n`
  );
}

/** A refusal: the service's message, then the first errors. Nothing was stored. */
export function refusedText(message: string, errors: readonly PrintableError[] | undefined, total?: number): string {
  const listed = errorLines(errors ?? [], total);
  return [`Refused, nothing was stored: ${message}`, ...listed.map(indent)].join('\n') + '\n';
}

function indent(line: string): string {
  return `  ${line}`;
}
