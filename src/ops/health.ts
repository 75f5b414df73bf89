/**
 * Gathers what the health verdict (src/core/health.ts) judges from the reporting database:
 * its clock, the last success, the newest run-log rows (the success rate's window; enough for
 * the median window plus a run of retries) and the run log's days for the growth metric
 * (the growth window and the judged day, with the day before each). Read-only, a few reads.
 */
import { DEFAULT_THRESHOLDS, HEALTH_WINDOW_RUNS, healthVerdict, type GrowthDay, type HealthReport, type HealthRun, type HealthThresholds } from '../core/health';
import { isoToPgTimestamp } from '../core/time';
import type { Iso } from '../core/types';
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { reportingVersion } from '../etl/migrate';

export async function checkHealth(db: Db, thresholds: Partial<HealthThresholds> = {}): Promise<HealthReport> {
  const v = await reportingVersion(db);
  if (v.current === 0) return healthVerdict({ now: new Date().toISOString(), schema: false, lastSuccessAt: null, runs: [] }, thresholds);
  const [state] = await db.query<{ now: Iso; last_success_at: Iso | null }>(sqlText('ops/health_state'));
  // A schema not yet migrated by this version's ETL may lack the run-log columns read here:
  // until the next run migrates it, only the data age is judged.
  const current = v.current === v.latest;
  const runs = current ? await db.query<HealthRun>(sqlText('ops/health_runs'), [HEALTH_WINDOW_RUNS]) : [];
  // The judged day (yesterday at the latest), the window before it and the day before that.
  const days = (thresholds.growthWindowDays ?? DEFAULT_THRESHOLDS.growthWindowDays) + 2;
  const since = new Date(Date.parse(`${state.now.slice(0, 10)}T00:00:00Z`) - days * 86_400_000).toISOString();
  const growth = current ? await db.query<GrowthDay>(sqlText('ops/health_growth'), [isoToPgTimestamp(since)]) : undefined;
  return healthVerdict({ now: state.now, schema: true, lastSuccessAt: state.last_success_at, runs, growth }, thresholds);
}
