/** Excel's limits for sheet names: at most 31 characters, none of \ / ? * [ ] :, no apostrophe at either end, unique ignoring case. */
export const SHEET_NAME_MAX = 31;
const FORBIDDEN = /[\\/?*[\]:]/g;

/** Sheet names for the wanted names, in order: cleaned, shortened and made unique with a " (2)" suffix. */
export function uniqueSheetNames(wanted: string[]): string[] {
  const taken = new Set<string>();
  return wanted.map((name) => {
    const base = cleanSheetName(name);
    let candidate = base;
    for (let copy = 2; taken.has(candidate.toLowerCase()); copy += 1) {
      const suffix = ` (${copy})`;
      candidate = `${base.slice(0, SHEET_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(FORBIDDEN, '_')
    .replace(/^'+|'+$/g, '')
    .trim()
    .slice(0, SHEET_NAME_MAX)
    .trim();
  return cleaned || 'Tabelle';
}
