/**
 * The rules on a run's status and order, said once: what a failed run is, the order of a
 * scenario's runs, and the last success before a run. Every TypeScript site uses these; the
 * SQL statements keep the failed set as a literal (the partial indexes of
 * sql/reporting/007 and 009 are planned on it) and test/unit/core/runRules.test.ts checks
 * that every literal in sql/ is this set.
 */
import { compareIso } from './time';
import type { Iso, RunStatus } from './types';

/** The statuses of a failed run: it failed or timed out. */
export const FAILED_RUN_STATUSES = ['failed', 'timeout'] as const satisfies readonly RunStatus[];

/** The statuses of a finished run: it succeeded or failed. */
export const FINISHED_RUN_STATUSES = ['success', ...FAILED_RUN_STATUSES] as const satisfies readonly RunStatus[];

/** The statuses of an open run, whose facts can still change: queued or running. */
export const OPEN_RUN_STATUSES = ['queued', 'running'] as const satisfies readonly RunStatus[];

/** Every run status: open or finished. */
export const RUN_STATUSES: readonly RunStatus[] = [...OPEN_RUN_STATUSES, ...FINISHED_RUN_STATUSES];

const FAILED: ReadonlySet<string> = new Set(FAILED_RUN_STATUSES);
const OPEN: ReadonlySet<string> = new Set(OPEN_RUN_STATUSES);

/** Whether a run with this status failed (failed or timed out). */
export function isFailedRun(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && FAILED.has(status);
}

/** Whether a run with this status is open (queued or running). */
export function isOpenRun(status: string | null | undefined): boolean {
  return status !== null && status !== undefined && OPEN.has(status);
}

/** Whether a run with this status succeeded. */
export function isSuccessfulRun(status: string | null | undefined): boolean {
  return status === 'success';
}

interface RunKey {
  run_id: string;
  run_at: Iso;
}

/** Plain code-unit string order: deterministic whatever the process locale. */
export function cmpStr(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The order of a scenario's runs: run_at, then run_id (ties). */
export function compareRuns(a: RunKey, b: RunKey): number {
  return compareIso(a.run_at, b.run_at) || cmpStr(a.run_id, b.run_id);
}

/**
 * The last success before `run`: the latest successful run of `runs` that comes before it
 * in the run order (compareRuns); null when there is none. `runs` need not be sorted.
 */
export function lastSuccessBefore<R extends RunKey & { run_status: string }>(runs: readonly R[], run: RunKey): R | null {
  let best: R | null = null;
  for (const r of runs) {
    if (!isSuccessfulRun(r.run_status) || compareRuns(r, run) >= 0) continue;
    if (best === null || compareRuns(r, best) > 0) best = r;
  }
  return best;
}
