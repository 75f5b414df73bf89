/**
 * The run log (reporting.etl_run_log): one row per run, success or not. A successful run
 * writes its row inside its transaction, with the table sizes it leaves; a failed one after
 * the rollback, on its own and best effort, with no password in the message. `health`,
 * `serve`'s alerts and `etl --verify` read it.
 */
import { redact } from '../core/redact';
import { isoToPgTimestamp } from '../core/time';
import type { Iso } from '../core/types';
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import type { Pruned } from './retention';
import { LOG_COUNTS, LOG_COUNTS_DELTA, STAT_COUNTS } from './tables';

export interface RunRecord {
  mode: string;
  startedAt: Iso;
  since: Iso | null;
  watermarkBefore: Iso | null;
  extracted: Record<string, number>;
  attempt: number;
  durationMs: number;
  /** STAT_COUNTS at the start of the run's transaction (incremental runs: their log counts add what changed since). */
  statsAtStart?: unknown;
}

const ts = (v: Iso | null): string | null => (v ? isoToPgTimestamp(v) : null);

function logRun(q: Queryable, r: RunRecord, status: string, after: Iso | null, loaded: Record<string, number>, error: string | null): Promise<Array<{ id: number }>> {
  const row = [r.mode, isoToPgTimestamp(r.startedAt), status, ts(r.since), ts(r.watermarkBefore), ts(after), JSON.stringify(r.extracted), JSON.stringify(loaded)];
  return q.query<{ id: number }>(sqlText('etl/log_run'), [...row, r.durationMs, error, r.attempt]);
}

/**
 * A successful run, in its transaction: its row, the table sizes it leaves and what the
 * retention pruned. A full run counts every table; an incremental one adds what it changed to
 * the counts of the run before (tables.ts LOG_COUNTS_DELTA: its cost is the window's, not the history's).
 */
export async function logSuccess(
  tx: Queryable,
  r: RunRecord & { watermark: Iso | null; loaded: Record<string, number>; warnings: readonly string[]; pruned?: Pruned & { cutoff: Iso | null } },
): Promise<void> {
  const [logged] = await logRun(tx, r, 'success', r.watermark, r.loaded, r.warnings.length ? r.warnings.join('\n').slice(0, 2000) : null);
  const pruned = r.pruned ? JSON.stringify(r.pruned) : null;
  if (r.mode === 'full' || r.statsAtStart === undefined) await tx.query(LOG_COUNTS, [logged.id, pruned]);
  else await tx.query(LOG_COUNTS_DELTA, [logged.id, pruned, JSON.stringify(r.statsAtStart)]);
}

/** The statistics counters at the start of an incremental run's transaction (before it writes anything). */
export async function statsAtStart(tx: Queryable, r: RunRecord): Promise<void> {
  if (r.mode === 'full') return;
  r.statsAtStart = (await tx.query<{ counts: unknown }>(STAT_COUNTS))[0]?.counts;
}

/** A failed or cancelled run, after its rollback (best effort: the database may be gone, or the schema not created yet). */
export async function logFailure(db: Queryable, r: RunRecord, cancelled: boolean, error: unknown): Promise<void> {
  const message = redact(error instanceof Error ? error.message : String(error)).slice(0, 2000);
  await logRun(db, r, cancelled ? 'cancelled' : 'failed', null, {}, message).catch(() => undefined);
}
