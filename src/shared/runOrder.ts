/**
 * Pure rules on a scenario's runs used by the panels: run order, the run before a run,
 * the last success before a run, the first run after a moment. The order and the last
 * success are those of src/core/runRules (the same as lastSuccessFirstFailure in src/core/diff).
 */
import { compareRuns, lastSuccessBefore as lastSuccessBeforeRun } from '../core/runRules';
import { compareIso } from '../core/time';
import type { Iso, RunSummary } from '../core/types';

/** Runs in the run order (compareRuns: run_at, then run_id). */
export function sortRuns(runs: readonly RunSummary[]): RunSummary[] {
  return [...runs].sort(compareRuns);
}

function runById(runs: readonly RunSummary[], runId: string): RunSummary | undefined {
  const id = runId.toLowerCase();
  return runs.find((r) => r.run_id.toLowerCase() === id);
}

/** The run just before `runId` (any status), or null when it is the first (or unknown). */
export function previousRun(runs: readonly RunSummary[], runId: string): RunSummary | null {
  const sorted = sortRuns(runs);
  const run = runById(sorted, runId);
  const i = run ? sorted.indexOf(run) : -1;
  return i > 0 ? sorted[i - 1]! : null;
}

/** The latest successful run before `runId` (lastSuccessBefore of src/core/runRules), or null (also when `runId` is unknown). */
export function lastSuccessBefore(runs: readonly RunSummary[], runId: string): RunSummary | null {
  const run = runById(runs, runId);
  return run ? lastSuccessBeforeRun(runs, run) : null;
}

/**
 * The first run that sees a save made at `at`: run_at >= at (a snapshot takes the
 * versions saved at or before run_at). Null when no run follows.
 */
export function firstRunAtOrAfter(runs: readonly RunSummary[], at: Iso): RunSummary | null {
  for (const r of sortRuns(runs)) if (compareIso(r.run_at, at) >= 0) return r;
  return null;
}
