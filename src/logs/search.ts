/** A run's log lines from every configured source, in time order (pure except the sources). */
import { compareIso } from '../core/time';
import type { Iso, RunSummary } from '../core/types';
import type { LogLine, LogSearchOptions, LogSource, LogSourceKind, RunLogQuery } from './types';
import { DEFAULT_LOG_CAP, DEFAULT_MARGIN_MINUTES, LogSourceError } from './types';

/**
 * The query for a run: its id, its request id and its scenario id, from `run_at − margin`
 * to `run_complete_at + margin` (a run still going: to `now + margin`).
 */
export function runLogQuery(
  run: Pick<RunSummary, 'run_id' | 'run_req_id' | 'scenario_id' | 'run_at' | 'run_complete_at'>,
  marginMinutes = DEFAULT_MARGIN_MINUTES,
  now: () => number = Date.now,
): RunLogQuery {
  const margin = Math.max(0, marginMinutes) * 60_000;
  const start = Date.parse(run.run_at);
  const end = run.run_complete_at ? Date.parse(run.run_complete_at) : Math.max(start, now());
  const ids: string[] = [];
  for (const id of [run.run_id, run.run_req_id, run.scenario_id]) {
    const l = id?.toLowerCase();
    if (l && !ids.includes(l)) ids.push(l);
  }
  return { run_id: run.run_id.toLowerCase(), ids, from: new Date(start - margin).toISOString(), to: new Date(end + margin).toISOString() };
}

/** Time order; undated records after dated ones; then by source, origin and line (stable). */
export function compareLogLines(a: LogLine, b: LogLine): number {
  if (a.timestamp !== b.timestamp) {
    if (a.timestamp === null) return 1;
    if (b.timestamp === null) return -1;
    const c = compareIso(a.timestamp, b.timestamp);
    if (c !== 0) return c;
  }
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  if (a.origin !== b.origin) return a.origin < b.origin ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0);
}

export interface SourceOutcome {
  kind: LogSourceKind;
  label: string;
  count: number;
  truncated: boolean;
  /** The one clear message when the source could not be searched. */
  error: string | null;
  notes: string[];
}

export interface RunLogs {
  query: RunLogQuery;
  lines: LogLine[];
  /** true when a source stopped at the cap. */
  truncated: boolean;
  cap: number;
  sources: SourceOutcome[];
  /** Where the lines come from, for people ("from the reporting schema, loaded at …" / "live from …"); set by the engine. */
  readFrom?: string;
}

/**
 * Searches every source (one after the other: each has its own cap) and merges the lines
 * in time order. A source that fails is reported in `sources[].error`; the others still
 * count. Cancellation (the signal) rejects.
 */
export async function collectRunLogs(query: RunLogQuery, sources: readonly LogSource[], options: LogSearchOptions = {}): Promise<RunLogs> {
  const cap = options.cap ?? DEFAULT_LOG_CAP;
  const lines: LogLine[] = [];
  const outcomes: SourceOutcome[] = [];
  for (const s of sources) {
    try {
      const r = await s.search(query, { cap, signal: options.signal });
      lines.push(...r.lines);
      outcomes.push({ kind: s.kind, label: s.label, count: r.lines.length, truncated: r.truncated, error: null, notes: r.notes });
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const message = err instanceof LogSourceError ? err.message : `${s.kind}: ${err instanceof Error ? err.message : String(err)}`;
      outcomes.push({ kind: s.kind, label: s.label, count: 0, truncated: false, error: message, notes: [] });
    }
  }
  lines.sort(compareLogLines);
  return { query, lines, truncated: outcomes.some((o) => o.truncated), cap, sources: outcomes };
}

/** The sentence saying a search stopped at its cap (null when it did not). */
export function capMessage(logs: RunLogs): string | null {
  const cut = logs.sources.filter((s) => s.truncated);
  if (cut.length === 0) return null;
  return `stopped at ${logs.cap.toLocaleString('en-US')} matching lines (${cut.map((s) => s.label).join('; ')}): narrow the paths or the time margin to see the rest`;
}

/** The contract's shape of a line (`clearsight-rca logs --json`). */
export function logLineJson(l: LogLine): { timestamp: Iso | null; level: string | null; source: LogSourceKind; message: string; stack: string | null } {
  return { timestamp: l.timestamp, level: l.level, source: l.source, message: l.message, stack: l.stack };
}

/** Error texts of the lines (message, then message + stack), oldest first: input of categorizeFailure. */
export function errorTexts(lines: readonly LogLine[]): string[] {
  return lines.filter((l) => l.level === 'ERROR' || l.level === 'FATAL').map((l) => (l.stack ? `${l.message}\n${l.stack}` : l.message));
}
