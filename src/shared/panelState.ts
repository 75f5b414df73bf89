/**
 * Validation of the state a webview saved with setState, as handed back to the panel
 * serializers after a window reload: only well-formed subjects reopen a panel.
 */
import type { DiffSubject } from './protocol/diff';
import type { SnapshotSubject } from './protocol/snapshot';
import type { TimelineSubject } from './protocol/timeline';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuidText(x: unknown): x is string {
  return typeof x === 'string' && UUID.test(x);
}

function subjectOf(state: unknown): Record<string, unknown> | null {
  if (!state || typeof state !== 'object') return null;
  const s = (state as { subject?: unknown }).subject;
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : null;
}

export function timelineSubjectOf(state: unknown): TimelineSubject | null {
  const s = subjectOf(state);
  return s && isUuidText(s.scenarioId) ? { scenarioId: s.scenarioId.toLowerCase() } : null;
}

export function snapshotSubjectOf(state: unknown): SnapshotSubject | null {
  const s = subjectOf(state);
  return s && isUuidText(s.runId) ? { runId: s.runId.toLowerCase() } : null;
}

export function diffSubjectOf(state: unknown): DiffSubject | null {
  const s = subjectOf(state);
  return s && isUuidText(s.runA) && isUuidText(s.runB) ? { runA: s.runA.toLowerCase(), runB: s.runB.toLowerCase() } : null;
}

/** The key of the open-panel maps: trimmed, lower-cased ids. */
export function subjectKey(...ids: string[]): string {
  return ids.map((id) => String(id ?? '').trim().toLowerCase()).join('|');
}
