/**
 * Gathers what the health verdict (src/core/health.ts) judges from the reporting database:
 * its clock, the last success, the newest run-log rows (the success rate's window; enough for
 * the median window plus a run of retries). Read-only, a few indexed reads.
 */
import { HEALTH_WINDOW_RUNS, healthVerdict, type HealthReport, type HealthRun, type HealthThresholds } from '../core/health';
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
  const runs = v.current === v.latest ? await db.query<HealthRun>(sqlText('ops/health_runs'), [HEALTH_WINDOW_RUNS]) : [];
  return healthVerdict({ now: state.now, schema: true, lastSuccessAt: state.last_success_at, runs }, thresholds);
}
