/**
 * The ETL lock and the watermark (reporting.etl_state): where a run starts reading, and
 * what it leaves for the next. Both live in the run's transaction: the lock is released,
 * and the watermark advances, only with the commit.
 */
import { compareIso, isFiniteTime, isoToPgTimestamp } from '../core/time';
import type { Iso } from '../core/types';
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { ETL_LOCK, LOCK_CLASS } from './migrate';

/** Waits for any other ETL run (transaction-scoped advisory lock); returns the stored watermark. */
export async function lockAndReadWatermark(tx: Tx): Promise<Iso | null> {
  await tx.query(sqlText('admin/advisory_xact_lock'), [LOCK_CLASS, ETL_LOCK]);
  return (await tx.query<{ watermark: Iso | null }>(sqlText('etl/state_read')))[0]?.watermark ?? null;
}

interface Start {
  /** Where this run reads from (null = everything). */
  from: Iso | null;
  /** The watermark the run's high-water mark starts from (incremental runs keep the last one). */
  keep: Iso | null;
  /** Said when the stored watermark could not be used. */
  warning?: string;
}

/**
 * Where a run reads from: full, from `since` (null: everything); incremental, from the
 * watermark less the overlap, or everything when there is no usable watermark (none yet,
 * not a time, or after the source's clock).
 */
export function startOf(mode: 'full' | 'incremental', watermark: Iso | null, clock: Iso, since: Iso | null, overlapMs: number): Start {
  if (mode === 'full') return { from: since, keep: null };
  if (watermark !== null && (!isFiniteTime(watermark) || compareIso(watermark, clock) > 0)) {
    const why = isFiniteTime(watermark) ? '' : ' (not a time)';
    return { from: since, keep: null, warning: `the stored watermark ${watermark} is after the source clock ${clock}${why}: ignored, this run reads everything` };
  }
  if (watermark === null) return { from: since, keep: null };
  return { from: new Date(Date.parse(watermark) - overlapMs).toISOString(), keep: watermark };
}

export async function writeWatermark(tx: Tx, watermark: Iso | null, mode: string): Promise<void> {
  await tx.query(sqlText('etl/state_write'), [watermark ? isoToPgTimestamp(watermark) : null, mode]);
}
