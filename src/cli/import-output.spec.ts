import { CLI_LISTED_ERRORS, committedText, dryRunText, errorLine, errorLines, refusedText, wouldBeRefused } from './import-output';

const REPORT = {
  fileName: 'welle-2021.csv',
  format: 'csv',
  fileSize: 2048,
  sheet: null,
  automaticMapping: true,
  rows: 3,
  valid: 2,
  invalid: 1,
  created: 2,
  unchanged: 0,
  conflicts: 0,
  unmappedColumns: [],
  errors: [{ row: 7, column: 'chancen_werbung', value: '5', message: 'Value 5 is outside the scale 1–4' }],
  errorCount: 1,
  conflictRows: [],
};

describe('errorLine', () => {
  it.each([
    [{ row: 7, column: 'x', value: '5', message: 'bad' }, 'Line 7, column "x": bad'],
    [{ row: 3, column: null, value: null, message: 'empty row' }, 'Line 3: empty row'],
    [{ path: 'columns.Q1', message: 'unknown question' }, 'Mapping columns.Q1: unknown question'],
    [{ message: 'plain' }, 'plain'],
  ])('%j → %s', (error, line) => {
    expect(errorLine(error)).toBe(line);
  });
});

describe('errorLines', () => {
  it('lists the first errors and counts the rest', () => {
    const errors = Array.from({ length: 30 }, (_, index) => ({ row: index + 2, column: 'a', value: null, message: 'm' }));
    const lines = errorLines(errors, 1500);
    expect(lines).toHaveLength(CLI_LISTED_ERRORS + 1);
    expect(lines[0]).toBe('Line 2, column "a": m');
    expect(lines.at(-1)).toBe(`… and ${1500 - CLI_LISTED_ERRORS} more`);
  });

  it('adds nothing when all are listed', () => {
    expect(errorLines([{ row: 2, column: null, message: 'm' }])).toEqual(['Line 2: m']);
  });
});

describe('wouldBeRefused', () => {
  it.each([
    [{ errorCount: 0, conflicts: 0 }, false, false],
    [{ errorCount: 1, conflicts: 0 }, true, true],
    [{ errorCount: 0, conflicts: 2 }, false, true],
    [{ errorCount: 0, conflicts: 2 }, true, false],
  ])('%j (replace %s) → %s', (report, replace, refused) => {
    expect(wouldBeRefused(report, replace)).toBe(refused);
  });
});

describe('texts', () => {
  it('dry run: counts, the first error with line and column, and the verdict', () => {
    const text = dryRunText('welle-2021', REPORT, false);
    expect(text).toContain('Dry run: welle-2021.csv (CSV, 2.0 KB) into wave welle-2021; nothing was stored.');
    expect(text).toContain('Rows: 3 (valid 2, invalid 1)');
    expect(text).toContain('Would create 2, unchanged 0, conflicts 0');
    expect(text).toContain('Unmapped columns: none');
    expect(text).toContain('  Line 7, column "chancen_werbung": Value 5 is outside the scale 1–4');
    expect(text.trimEnd().split('\n').at(-1)).toBe('An import of this file would be refused.');
  });

  it('dry run of a clean file with unmapped columns and conflicts to replace', () => {
    const text = dryRunText(
      'w',
      {
        ...REPORT,
        errors: [],
        errorCount: 0,
        invalid: 0,
        conflicts: 1,
        conflictRows: [{ row: 4, externalId: 'R_1' }],
        unmappedColumns: ['IP'],
      },
      true,
    );
    expect(text).toContain('Unmapped columns: "IP"');
    expect(text).toContain('  Line 4: R_1');
    expect(text).toContain('An import of this file would store 3 responses.');
  });

  it('commit and refusal', () => {
    expect(committedText('w', 'f.csv', { importId: 'abc', created: 2, unchanged: 1, replaced: 0 })).toMatch(
      /^Imported f\.csv into wave w: 2 created, 1 unchanged, 0 replaced\.\nImport id: abc/,
    );
    expect(refusedText('1 of 3 rows have errors', REPORT.errors)).toBe(
      'Refused, nothing was stored: 1 of 3 rows have errors\n  Line 7, column "chancen_werbung": Value 5 is outside the scale 1–4\n',
    );
  });
});
