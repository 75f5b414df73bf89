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
import { logCounts, type CountsAtStart } from './counts';

export interface RunRecord {
  mode: string;
  startedAt: Iso;
  since: Iso | null;
  watermarkBefore: Iso | null;
  extracted: Record<string, number>;
  attempt: number;
  durationMs: number;
  /** Incremental runs: the statistics and write marks at the start of the transaction (counts.ts). */
  countsAtStart?: CountsAtStart;
}

const ts = (v: Iso | null): string | null => (v ? isoToPgTimestamp(v) : null);

function logRun(q: Queryable, r: RunRecord, status: string, after: Iso | null, loaded: Record<string, number>, error: string | null): Promise<Array<{ id: number }>> {
  const row = [r.mode, isoToPgTimestamp(r.startedAt), status, ts(r.since), ts(r.watermarkBefore), ts(after), JSON.stringify(r.extracted), JSON.stringify(loaded)];
  return q.query<{ id: number }>(sqlText('etl/log_run'), [...row, r.durationMs, error, r.attempt]);
}

/**
 * A successful run, in its transaction: its row, the table sizes it leaves (counts.ts: counted,
 * or the previous run's plus this run's changes when nobody else wrote a table since) and what
 * the retention pruned.
 */
export async function logSuccess(
  tx: Queryable,
  r: RunRecord & { watermark: Iso | null; loaded: Record<string, number>; warnings: readonly string[]; pruned?: Pruned & { cutoff: Iso | null } },
): Promise<number> {
  const [logged] = await logRun(tx, r, 'success', r.watermark, r.loaded, r.warnings.length ? r.warnings.join('\n').slice(0, 2000) : null);
  await logCounts(tx, logged.id, r.pruned ? JSON.stringify(r.pruned) : null, r.countsAtStart);
  return Number(logged.id);
}

/** A warning added to a committed run's row (a step after its commit failed; the run stays a success). */
export async function logWarning(db: Queryable, id: number, warning: string): Promise<void> {
  await db.query(sqlText('etl/log_warning'), [id, redact(warning)]);
}

/** A failed or cancelled run, after its rollback (best effort: the database may be gone, or the schema not created yet). */
export async function logFailure(db: Queryable, r: RunRecord, cancelled: boolean, error: unknown): Promise<void> {
  const message = redact(error instanceof Error ? error.message : String(error)).slice(0, 2000);
  await logRun(db, r, cancelled ? 'cancelled' : 'failed', null, {}, message).catch(() => undefined);
}
