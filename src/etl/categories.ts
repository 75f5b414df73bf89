/**
 * Error categories of rows loaded before the reporting schema had them: categorised in the
 * migration's transaction, by the same rules as the ETL (src/core/errorCategory.ts), a
 * batch at a time, set-based.
 */
import { designCategory, failureCategory } from '../core/errorCategory';
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';

const BATCH = 5000;

/**
 * Migrations after which failures without a category are categorised, with the statement that
 * finds the calcs (the column names of that version): 003 added the column, 009 cleared the
 * categories the infrastructure rules may change.
 */
export const CATEGORY_BACKFILLS: Readonly<Record<string, string>> = {
  error_category: 'etl/category_calcs_missing',
  verdict: 'etl/category_calcs_missing_current',
};

export async function backfillErrorCategories(tx: Queryable, calcsMissing = 'etl/category_calcs_missing'): Promise<{ runs: number; calcs: number }> {
  let runs = 0;
  for (;;) {
    const rows = await tx.query<{ run_id: string; run_status: string; fail_reason: string | null }>(sqlText('etl/category_runs_missing'), [BATCH]);
    if (rows.length === 0) break;
    await tx.query(sqlText('etl/category_runs_set'), [rows.map((r) => r.run_id), rows.map((r) => failureCategory(r.run_status, r.fail_reason) ?? 'other')]);
    runs += rows.length;
  }
  let calcs = 0;
  for (;;) {
    const rows = await tx.query<{ scenario_id: string; calc_id: string; status: string; fail_reason: string | null }>(sqlText(calcsMissing), [BATCH]);
    if (rows.length === 0) break;
    await tx.query(sqlText('etl/category_calcs_set'), [
      rows.map((r) => r.scenario_id),
      rows.map((r) => r.calc_id),
      rows.map((r) => failureCategory(r.status, r.fail_reason) ?? 'other'),
    ]);
    calcs += rows.length;
  }
  return { runs, calcs };
}

/**
 * Migration 011: dim_run.design_category of the failed runs loaded before it (the design's four,
 * from the same rules as the ETL's column: designCategory of the run's category and fail reason).
 */
export async function backfillDesignCategories(tx: Queryable): Promise<number> {
  let runs = 0;
  for (;;) {
    const rows = await tx.query<{ run_id: string; run_status: string; fail_reason: string | null }>(sqlText('etl/design_category_missing'), [BATCH]);
    if (rows.length === 0) return runs;
    await tx.query(sqlText('etl/design_category_set'), [
      rows.map((r) => r.run_id),
      rows.map((r) => designCategory(failureCategory(r.run_status, r.fail_reason) ?? 'other', r.fail_reason)),
    ]);
    runs += rows.length;
  }
}
