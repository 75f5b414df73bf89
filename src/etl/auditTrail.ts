/**
 * The unified timeline, reporting.view_scenario_audit_trail (sql/reporting/010): a materialized
 * UNION of the events, state changes, user actions, run diagnostics and logs. Refreshed after
 * each successful ETL run that changed one of them, once its transaction has committed (etl.ts
 * AFTER_COMMIT): CONCURRENTLY, so readers keep the previous rows while it is rebuilt; a plain
 * refresh the first time (a view never populated cannot be refreshed concurrently, and one with
 * no rows yet has no reader to spare). It rebuilds
 * the whole view: its cost is the view's size, not the run's (docs/reporting.md).
 */
import { UserError } from '../core/errors';
import type { Db } from '../db/db';
import { sqlText } from '../db/sqlFiles';

/** The view's state: populated by a refresh, or marked stale by a refresh that failed. */
export async function auditTrailState(db: Db): Promise<{ populated: boolean; hasRows: boolean; stale: boolean }> {
  const [state] = await db.query<{ populated: boolean; has_rows: boolean; stale: boolean }>(sqlText('etl/audit_trail_state'));
  if (!state) throw new UserError('the reporting schema has no view_scenario_audit_trail: run the ETL (it migrates the schema) first');
  return { populated: state.populated === true, hasRows: state.has_rows === true, stale: state.stale === true };
}

/**
 * Refreshes the view (no statement timeout: it rebuilds every row); a failure marks it stale, so
 * that the next ETL run refreshes it even when that run changes nothing.
 */
export async function refreshAuditTrail(db: Db): Promise<{ concurrently: boolean }> {
  // Concurrently over rows readers use; an empty view (a first load) is filled plainly, in a fraction of the time.
  const { hasRows: populated } = await auditTrailState(db);
  try {
    await db.transaction(async (tx) => {
      await tx.query(sqlText('etl/audit_trail_refreshing'));
      await tx.query(`REFRESH MATERIALIZED VIEW ${populated ? 'CONCURRENTLY ' : ''}reporting.view_scenario_audit_trail`);
    });
  } catch (err) {
    await db.query(sqlText('etl/audit_trail_stale')).catch(() => undefined);
    throw err;
  }
  return { concurrently: populated };
}
