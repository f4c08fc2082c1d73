/**
 * What a reader noticed about a row (a ragged CSV line, a formula, an Excel error value, bytes that are not text)
 * as the import's cell errors. Cells the mapping does not read are not refused: a formula in a column of
 * timestamps that is ignored changes no answer.
 */
import type { SourceRow } from './readers';
import type { CellError, ImportPlan } from './row-answers';

const MAX_VALUE_IN_ERROR = 200;

/** The 0-based columns a plan reads: external id, status, completion time and every answer column. */
export function columnsRead(plan: ImportPlan): ReadonlySet<number> {
  return new Set(
    [plan.externalId.index, plan.status?.index, plan.completedAt?.index, ...plan.targets.map((target) => target.index)].filter(
      (index): index is number => index !== undefined && index >= 0,
    ),
  );
}

export function sourceProblems(row: SourceRow, plan: ImportPlan, read: ReadonlySet<number>): CellError[] {
  const errors: CellError[] = [];
  if (row.problem !== undefined) {
    errors.push({ row: row.row, column: null, value: null, code: 'ROW_MALFORMED', message: row.problem });
  }
  for (const issue of row.issues ?? []) {
    if (!read.has(issue.column)) continue;
    const cell = row.cells[issue.column];
    const text = cell === null || cell === undefined ? null : String(cell);
    errors.push({
      row: row.row,
      column: plan.header[issue.column] ?? `(column ${issue.column + 1})`,
      value: text !== null && text.length > MAX_VALUE_IN_ERROR ? `${text.slice(0, MAX_VALUE_IN_ERROR)}…` : text,
      code: 'CELL_UNREADABLE',
      message: issue.message,
    });
  }
  return errors;
}
