/**
 * Spreadsheet safety (CSV/formula injection, OWASP "CSV Injection"): a text
 * cell that starts with one of these characters is read as a formula by Excel,
 * LibreOffice or Google Sheets (`=HYPERLINK(...)`, `+1+cmd|...`, `@SUM(...)`).
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r'];

/** A cell of an export: text, a number, a date, or empty. */
export type CellValue = string | number | Date | null;

/**
 * Prefixes a dangerous text with an apostrophe, the mark spreadsheets use for
 * "this is text": the value stays visible and readable (`'=1+1`), nothing is
 * dropped, and re-neutralizing is a no-op. Used for CSV and XLSX alike, so a
 * sheet that is saved as CSV again stays safe. Numbers are never touched:
 * `-2` as a number is a number, `"-2"` as free text becomes `'-2`.
 */
export function neutralizeText(text: string): string {
  return FORMULA_TRIGGERS.some((trigger) => text.startsWith(trigger)) ? `'${text}` : text;
}

export function neutralizeCell(value: CellValue): CellValue {
  return typeof value === 'string' ? neutralizeText(value) : value;
}
