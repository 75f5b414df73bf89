/**
 * The unified timeline, reporting.view_scenario_audit_trail (sql/reporting/010): a materialized
 * UNION of the events, state changes, user actions, run diagnostics and logs. Refreshed after
 * each successful ETL run, once its transaction has committed (etl.ts AFTER_COMMIT):
 * CONCURRENTLY, so readers keep the previous rows while it is rebuilt; a plain refresh the first
 * time (a view never populated cannot be refreshed concurrently).
 */
import { UserError } from '../core/errors';
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';

export async function refreshAuditTrail(db: Queryable): Promise<{ concurrently: boolean }> {
  const [state] = await db.query<{ populated: boolean }>(sqlText('etl/audit_trail_populated'));
  if (!state) throw new UserError('the reporting schema has no view_scenario_audit_trail: run the ETL (it migrates the schema) first');
  const concurrently = state.populated === true;
  await db.query(`REFRESH MATERIALIZED VIEW ${concurrently ? 'CONCURRENTLY ' : ''}reporting.view_scenario_audit_trail`);
  return { concurrently };
}
