/**
 * Validation of the state a webview saved with setState, as handed back to the panel
 * serializers after a window reload: only well-formed subjects reopen a panel.
 */
import { isDay, sanitizeFilter } from '../core/overviewFilter';
import { RUN_STATUSES } from '../core/runRules';
import type { RunStatus } from '../core/types';
import type { RunsDrill } from '../core/overviewData';
import type { DiagnosticsSubject } from './protocol/diagnostics';
import type { DiffSubject } from './protocol/diff';
import type { JourneySubject } from './protocol/journey';
import type { OverviewSubject } from './protocol/overview';
import type { SnapshotSubject } from './protocol/snapshot';
import type { TimelineSubject } from './protocol/timeline';
import { isUuid } from '../core/ids';


function subjectOf(state: unknown): Record<string, unknown> | null {
  if (!state || typeof state !== 'object') return null;
  const s = (state as { subject?: unknown }).subject;
  return s && typeof s === 'object' ? (s as Record<string, unknown>) : null;
}

export function timelineSubjectOf(state: unknown): TimelineSubject | null {
  const s = subjectOf(state);
  return s && isUuid(s.scenarioId) ? { scenarioId: s.scenarioId.toLowerCase() } : null;
}

export function snapshotSubjectOf(state: unknown): SnapshotSubject | null {
  const s = subjectOf(state);
  return s && isUuid(s.runId) ? { runId: s.runId.toLowerCase() } : null;
}

export function diagnosticsSubjectOf(state: unknown): DiagnosticsSubject | null {
  return snapshotSubjectOf(state);
}

export function diffSubjectOf(state: unknown): DiffSubject | null {
  const s = subjectOf(state);
  return s && isUuid(s.runA) && isUuid(s.runB) ? { runA: s.runA.toLowerCase(), runB: s.runB.toLowerCase() } : null;
}

/** The Overview's filter; a malformed one falls back to the defaults field by field (the panel still opens). */
export function overviewSubjectOf(state: unknown): OverviewSubject | null {
  const s = subjectOf(state);
  return s ? { filter: sanitizeFilter(s.filter) } : null;
}

/** User ids: 1–200 characters, no control characters. */
export function isUserText(x: unknown): x is string {
  return typeof x === 'string' && x.trim().length > 0 && x.trim().length <= 200 && !/[\u0000-\u001f\u007f]/.test(x);
}

/** A journey's day count: 1 … 3660, else the default 30. */
export function journeyDays(x: unknown): number {
  const n = Number(x);
  return Number.isInteger(n) && n >= 1 && n <= 3660 ? n : 30;
}

export function journeySubjectOf(state: unknown): JourneySubject | null {
  const s = subjectOf(state);
  return s && isUserText(s.user) ? { user: s.user.trim(), days: journeyDays(s.days) } : null;
}

/** An Overview drill-down from the webview, validated field by field (unknown fields dropped). */
export function sanitizeDrill(x: unknown): RunsDrill {
  const d = x && typeof x === 'object' ? (x as Record<string, unknown>) : {};
  const statuses = Array.isArray(d.statuses) ? d.statuses.filter((s): s is RunStatus => RUN_STATUSES.includes(s as RunStatus)) : [];
  return {
    statuses: statuses.length > 0 ? [...new Set(statuses)] : null,
    signature: typeof d.signature === 'string' && d.signature.length > 0 ? d.signature.slice(0, 1000) : null,
    nodeId: isUuid(d.nodeId) ? d.nodeId.toLowerCase() : null,
    scenarioId: isUuid(d.scenarioId) ? d.scenarioId.toLowerCase() : null,
    day: isDay(d.day) ? d.day : null,
  };
}

/** The key of the open-panel maps: trimmed, lower-cased ids. */
export function subjectKey(...ids: string[]): string {
  return ids.map((id) => String(id ?? '').trim().toLowerCase()).join('|');
}
