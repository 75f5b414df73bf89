/**
 * Pure rules on a scenario's runs used by the panels: run order, the run before a run,
 * the last success before a run, the first run after a moment.
 */
import { cmpStr } from '../core/diff';
import { compareIso } from '../core/time';
import type { Iso, RunSummary } from '../core/types';

/** Runs by run_at, then run_id (the same order as lastSuccessFirstFailure in src/core/diff). */
export function sortRuns(runs: readonly RunSummary[]): RunSummary[] {
  return [...runs].sort((a, b) => compareIso(a.run_at, b.run_at) || cmpStr(a.run_id, b.run_id));
}

function indexOfRun(sorted: RunSummary[], runId: string): number {
  const id = runId.toLowerCase();
  return sorted.findIndex((r) => r.run_id.toLowerCase() === id);
}

/** The run just before `runId` (any status), or null when it is the first (or unknown). */
export function previousRun(runs: readonly RunSummary[], runId: string): RunSummary | null {
  const sorted = sortRuns(runs);
  const i = indexOfRun(sorted, runId);
  return i > 0 ? sorted[i - 1]! : null;
}

/** The latest successful run before `runId`, or null. */
export function lastSuccessBefore(runs: readonly RunSummary[], runId: string): RunSummary | null {
  const sorted = sortRuns(runs);
  const i = indexOfRun(sorted, runId);
  for (let k = i - 1; k >= 0; k--) if (sorted[k]!.run_status === 'success') return sorted[k]!;
  return null;
}

/**
 * The first run that sees a save made at `at`: run_at >= at (a snapshot takes the
 * versions saved at or before run_at). Null when no run follows.
 */
export function firstRunAtOrAfter(runs: readonly RunSummary[], at: Iso): RunSummary | null {
  for (const r of sortRuns(runs)) if (compareIso(r.run_at, at) >= 0) return r;
  return null;
}
