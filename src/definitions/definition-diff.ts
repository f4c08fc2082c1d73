import { Codebook, CodebookQuestion, CodebookScale } from './codebook';

/**
 * What changed between two versions of one survey, from their codebooks.
 * Pure: no Nest, no database.
 *
 * Items are matrix rows; for a single-choice question present in both
 * versions its choices are compared as items (item = choice value); a
 * question present in one version only counts with its codebook items
 * (for single-choice and free-text questions: the question itself).
 */

export interface DiffItem {
  question: string;
  item: string;
  title: string;
}

export interface DiffReworded {
  question: string;
  /** null when the question's own title changed. */
  item: string | null;
  from: string;
  to: string;
}

export interface DiffScaleChange {
  question: string;
  /** Summary of the scale in the older version, e.g. "5 Stufen: trifft gar nicht zu · … (Top-Box 2)". */
  from: string;
  to: string;
  /** What changed, e.g. "5 Stufen → 4 Stufen". */
  detail: string;
}

export interface DiffMove {
  question: string;
  fromPage: string;
  toPage: string;
  fromPosition: number;
  toPosition: number;
}

export interface DefinitionDiff {
  added: DiffItem[];
  removed: DiffItem[];
  reworded: DiffReworded[];
  scaleChanged: DiffScaleChange[];
  moved: DiffMove[];
}

interface Entry {
  code: string;
  title: string;
}

/** What is compared item by item when a question is in both versions. */
function comparedEntries(question: CodebookQuestion): Entry[] {
  if (question.kind === 'choice') return (question.choices ?? []).map((choice) => ({ code: choice.value, title: choice.label }));
  if (question.kind === 'text') return [];
  return question.items;
}

export function summarizeScale(scale: CodebookScale | undefined): string {
  if (!scale) return 'keine Skala';
  return `${scale.levels.length} Stufen: ${scale.levels.map((level) => level.label).join(' · ')} (Top-Box ${scale.topBox})`;
}

function scaleDetail(from: CodebookQuestion, to: CodebookQuestion): string | undefined {
  const parts: string[] = [];
  if (from.type !== to.type) parts.push(`Fragetyp ${from.type} → ${to.type}`);
  const [a, b] = [from.scale, to.scale];
  if (a && b) {
    if (a.levels.length !== b.levels.length) {
      parts.push(`${a.levels.length} Stufen → ${b.levels.length} Stufen`);
    } else {
      a.levels.forEach((level, index) => {
        const other = b.levels[index];
        if (level.value !== other.value || level.label !== other.label) {
          parts.push(`Stufe ${level.value} "${level.label}" → Stufe ${other.value} "${other.label}"`);
        }
      });
    }
    if (a.topBox !== b.topBox) parts.push(`Top-Box ${a.topBox} → ${b.topBox}`);
  } else if (a || b) {
    parts.push(`${summarizeScale(a).split(':')[0]} → ${summarizeScale(b).split(':')[0]}`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Codes of the longest common subsequence of two orders: the questions that kept their relative order. */
function keptOrder(from: string[], to: string[]): Set<string> {
  const lengths = Array.from({ length: from.length + 1 }, () => new Array<number>(to.length + 1).fill(0));
  for (let i = from.length - 1; i >= 0; i--) {
    for (let j = to.length - 1; j >= 0; j--) {
      lengths[i][j] = from[i] === to[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  const kept = new Set<string>();
  for (let i = 0, j = 0; i < from.length && j < to.length;) {
    if (from[i] === to[j]) {
      kept.add(from[i]);
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) {
      i++;
    } else {
      j++;
    }
  }
  return kept;
}

export function diffDefinitions(from: Codebook, to: Codebook): DefinitionDiff {
  const diff: DefinitionDiff = { added: [], removed: [], reworded: [], scaleChanged: [], moved: [] };
  const before = new Map(from.questions.map((question) => [question.code, question]));
  const after = new Map(to.questions.map((question) => [question.code, question]));

  for (const question of from.questions) {
    if (!after.has(question.code)) {
      diff.removed.push(...question.items.map((item) => ({ question: question.code, item: item.code, title: item.title })));
    }
  }
  for (const question of to.questions) {
    const old = before.get(question.code);
    if (!old) {
      diff.added.push(...question.items.map((item) => ({ question: question.code, item: item.code, title: item.title })));
      continue;
    }
    if (old.title !== question.title) diff.reworded.push({ question: question.code, item: null, from: old.title, to: question.title });
    const oldEntries = new Map(comparedEntries(old).map((entry) => [entry.code, entry]));
    const newEntries = comparedEntries(question);
    const newCodes = new Set(newEntries.map((entry) => entry.code));
    for (const entry of oldEntries.values()) {
      if (!newCodes.has(entry.code)) diff.removed.push({ question: question.code, item: entry.code, title: entry.title });
    }
    for (const entry of newEntries) {
      const previous = oldEntries.get(entry.code);
      if (!previous) diff.added.push({ question: question.code, item: entry.code, title: entry.title });
      else if (previous.title !== entry.title)
        diff.reworded.push({ question: question.code, item: entry.code, from: previous.title, to: entry.title });
    }
    const detail = scaleDetail(old, question);
    if (detail)
      diff.scaleChanged.push({ question: question.code, from: summarizeScale(old.scale), to: summarizeScale(question.scale), detail });
  }

  const common = (questions: CodebookQuestion[]) =>
    questions.filter((question) => before.has(question.code) && after.has(question.code)).map((question) => question.code);
  const kept = keptOrder(common(from.questions), common(to.questions));
  for (const question of to.questions) {
    const old = before.get(question.code);
    if (old && (old.page !== question.page || !kept.has(question.code))) {
      diff.moved.push({
        question: question.code,
        fromPage: old.page,
        toPage: question.page,
        fromPosition: old.position,
        toPosition: question.position,
      });
    }
  }
  return diff;
}

export type DiffKind = 'added' | 'removed' | 'reworded' | 'scale' | 'moved';

export interface DiffRow {
  kind: DiffKind;
  question: string;
  item: string;
  detail: string;
}

/** The diff as rows of one table: kind | question | item | detail. */
export function diffRows(diff: DefinitionDiff): DiffRow[] {
  return [
    ...diff.added.map((entry) => ({ kind: 'added' as const, question: entry.question, item: entry.item, detail: entry.title })),
    ...diff.removed.map((entry) => ({ kind: 'removed' as const, question: entry.question, item: entry.item, detail: entry.title })),
    ...diff.reworded.map((entry) => ({
      kind: 'reworded' as const,
      question: entry.question,
      item: entry.item ?? '',
      detail: `"${entry.from}" → "${entry.to}"`,
    })),
    ...diff.scaleChanged.map((entry) => ({ kind: 'scale' as const, question: entry.question, item: '', detail: entry.detail })),
    ...diff.moved.map((entry) => ({
      kind: 'moved' as const,
      question: entry.question,
      item: '',
      detail: `${entry.fromPage} #${entry.fromPosition + 1} → ${entry.toPage} #${entry.toPosition + 1}`,
    })),
  ];
}

/** A plain-text table of the rows, columns padded to their widest cell. */
export function formatDiffTable(rows: DiffRow[]): string {
  if (rows.length === 0) return 'No differences.\n';
  const header: DiffRow = { kind: 'kind' as DiffKind, question: 'question', item: 'item', detail: 'detail' };
  const columns = ['kind', 'question', 'item'] as const;
  const widths = columns.map((column) => Math.max(...[header, ...rows].map((row) => row[column].length)));
  const line = (row: DiffRow) => [...columns.map((column, index) => row[column].padEnd(widths[index])), row.detail].join(' | ').trimEnd();
  const rule = [...widths.map((width) => '-'.repeat(width)), '------'].join('-+-');
  return [line(header), rule, ...rows.map(line)].join('\n') + '\n';
}
