import { readFileSync } from 'node:fs';

/** Self size per kind of heap object (node type and constructor name) of a V8 heap snapshot. */
export interface HeapSummary {
  totalMb: number;
  nodes: number;
  byKind: Map<string, { count: number; bytes: number }>;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/**
 * Reads a `.heapsnapshot` (written by the service on SIGUSR2 with --heapsnapshot-signal, after a full GC)
 * and sums the self size of its nodes by type and name: what the heap holds, not what retains it.
 */
export function summarizeHeap(file: string): HeapSummary {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [type, name, size] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const byKind = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let offset = 0; offset < snapshot.nodes.length; offset += width) {
    const kind = types[snapshot.nodes[offset + type]];
    const label = kind === 'object' || kind === 'closure' ? `${kind} ${snapshot.strings[snapshot.nodes[offset + name]]}` : `(${kind})`;
    const bytes = snapshot.nodes[offset + size];
    const entry = byKind.get(label) ?? { count: 0, bytes: 0 };
    entry.count += 1;
    entry.bytes += bytes;
    byKind.set(label, entry);
    total += bytes;
  }
  return { totalMb: total / 2 ** 20, nodes: snapshot.nodes.length / width, byKind };
}

/** The kinds that grew most from `before` to `after`, by bytes. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top: number): Array<{ kind: string; count: number; mb: number }> {
  const kinds = new Set([...before.byKind.keys(), ...after.byKind.keys()]);
  return [...kinds]
    .map((kind) => {
      const was = before.byKind.get(kind) ?? { count: 0, bytes: 0 };
      const now = after.byKind.get(kind) ?? { count: 0, bytes: 0 };
      return { kind, count: now.count - was.count, mb: (now.bytes - was.bytes) / 2 ** 20 };
    })
    .sort((a, b) => b.mb - a.mb)
    .slice(0, top);
}
