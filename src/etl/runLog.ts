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
import { LOG_COUNTS } from './tables';

export interface RunRecord {
  mode: string;
  startedAt: Iso;
  since: Iso | null;
  watermarkBefore: Iso | null;
  extracted: Record<string, number>;
  attempt: number;
  durationMs: number;
}

const ts = (v: Iso | null): string | null => (v ? isoToPgTimestamp(v) : null);

function logRun(q: Queryable, r: RunRecord, status: string, after: Iso | null, loaded: Record<string, number>, error: string | null): Promise<Array<{ id: number }>> {
  const row = [r.mode, isoToPgTimestamp(r.startedAt), status, ts(r.since), ts(r.watermarkBefore), ts(after), JSON.stringify(r.extracted), JSON.stringify(loaded)];
  return q.query<{ id: number }>(sqlText('etl/log_run'), [...row, r.durationMs, error, r.attempt]);
}

/**
 * A successful run, in its transaction: its row, the table sizes it leaves and what the
 * retention pruned. Every table is counted (`count(*)`), incremental runs too: the health
 * check compares the counts of two runs to see rows lost outside the ETL, which counting what
 * the ETL itself changed would not see. (It is the incremental's one statement whose cost is
 * the history's: docs/performance.md, "The incremental: what each statement costs".)
 */
export async function logSuccess(
  tx: Queryable,
  r: RunRecord & { watermark: Iso | null; loaded: Record<string, number>; warnings: readonly string[]; pruned?: Pruned & { cutoff: Iso | null } },
): Promise<void> {
  const [logged] = await logRun(tx, r, 'success', r.watermark, r.loaded, r.warnings.length ? r.warnings.join('\n').slice(0, 2000) : null);
  await tx.query(LOG_COUNTS, [logged.id, r.pruned ? JSON.stringify(r.pruned) : null]);
}

/** A failed or cancelled run, after its rollback (best effort: the database may be gone, or the schema not created yet). */
export async function logFailure(db: Queryable, r: RunRecord, cancelled: boolean, error: unknown): Promise<void> {
  const message = redact(error instanceof Error ? error.message : String(error)).slice(0, 2000);
  await logRun(db, r, cancelled ? 'cancelled' : 'failed', null, {}, message).catch(() => undefined);
}
