import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIT_ACTION_LABELS, auditActionLabel } from './audit-action-labels';

const SRC = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'public' ? [] : sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * Action strings recorded in the code: `action: 'x.y'`, `action = … 'x.y' : 'x.z'`
 * and the values of maps of actions to events (`…_EVENTS`, e.g. WavesService's ACTION_EVENTS).
 */
export function recordedActions(text: string): string[] {
  const found = new Set<string>();
  const literal = /'([a-z]+\.[a-z_.-]+)'/g;
  for (const match of text.matchAll(/\baction:\s*'([a-z]+\.[a-z_.-]+)'/g)) found.add(match[1]);
  for (const match of text.matchAll(/\b(?:const|let)\s+action\s*=([^;\n]*)/g)) for (const m of match[1].matchAll(literal)) found.add(m[1]);
  for (const match of text.matchAll(/_EVENTS\b[^=\n]*=\s*\{([^}]*)\}/g)) for (const m of match[1].matchAll(literal)) found.add(m[1]);
  return [...found].sort();
}

describe('audit action labels', () => {
  it.each([
    ["{ action: 'wave.created', waveCode }", ['wave.created']],
    ["const action = blocked ? 'invitation.blocked' : 'invitation.unblocked';", ['invitation.blocked', 'invitation.unblocked']],
    ["const ACTION_EVENTS: Record<A, string> = { open: 'wave.opened', close: 'wave.closed' };", ['wave.closed', 'wave.opened']],
    ["@ApiProperty({ example: 'wave.opened' }) action: string;", []],
  ])('finds the actions in %s', (text, expected) => {
    expect(recordedActions(text)).toEqual(expected);
  });

  it('has a German label for every action recorded anywhere in src', () => {
    const actions = new Set(sourceFiles(SRC).flatMap((path) => recordedActions(readFileSync(path, 'utf8'))));
    expect(actions.size).toBeGreaterThanOrEqual(10);
    expect([...actions].filter((action) => AUDIT_ACTION_LABELS[action] === undefined)).toEqual([]);
  });

  it.each([
    ['wave.opened', 'Welle geöffnet'],
    ['wave.closed', 'Welle geschlossen'],
    ['something.new', 'something.new'],
  ])('%s → %s', (action, label) => {
    expect(auditActionLabel(action)).toBe(label);
  });
});
