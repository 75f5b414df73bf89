/**
 * The unified timeline, reporting.view_scenario_audit_trail: the design's materialized UNION of
 * the events, state changes, user actions, run diagnostics and logs (definition:
 * reporting.audit_trail_rows, migration 015), kept as a table the ETL writes in the same
 * transaction as the facts it is made of, for the scenarios the run touched. A materialized
 * view is refreshed whole (6–12 s at S, 22 s at 4S for any change); this costs the touched
 * scenarios' rows. Readers see it change with the facts, at the commit.
 *
 * - a first load, a full reload (into empty tables, before their indexes): `fillAuditTrail`;
 * - an incremental or `--scenario-id`: `syncAuditTrail` over what the run may have written
 *   (the derived facts' scope), rows upserted, vanished ones deleted; retention: all of them;
 * - the log load, batch by batch: `syncAuditTrailLogs`, the records it added or resolved.
 */
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import type { DeriveScope } from './derived';
import { deleteVanished, notStored, rowsDiffer } from './rowSql';

export const AUDIT_TRAIL = 'view_scenario_audit_trail';

type On = (sql: string) => string;
const asIs: On = (sql) => sql;

const COLUMNS = ['audit_key', 'audit_source', 'scenario_id', '"timestamp"', 'event_type', 'user_id', 'run_id', 'node_id', 'correlation_id', 'description', 'error_category', 'metadata'];
const KEY = ['scenario_id', 'audit_key'];
const VALUES = COLUMNS.filter((c) => !KEY.includes(c));

/**
 * A trail statement: the scope's CTEs (a file under sql/etl/: `src`, the rows as the definition
 * gives them; with `deletes`, `cur`, the trail's rows in the same scope), then what every trail
 * statement does with them: the rows of `cur` that `src` no longer has deleted, the rows of `src`
 * upserted (a row equal to the stored one left out before the INSERT, ON CONFLICT would lock it,
 * writing WAL, even with nothing to update: compared with `cur` in memory where there is one, else
 * probed in the table; a stored row outside `cur` goes through ON CONFLICT, which is still right).
 * Returns the rows written and removed.
 */
function trailStatement(file: string, deletes: boolean): string {
  const gone = deletes
    ? `, gone AS (
    ${deleteVanished('reporting.view_scenario_audit_trail', KEY, '1')}
)`
    : '';
  // The file's name comment goes first, where server logs and pg_stat_statements show it.
  const whole = sqlText(file);
  const name = /^--\s*name:\s*\S+\n/.exec(whole)?.[0] ?? '';
  const text = whole.slice(name.length);
  return `${name}WITH ${text}${gone}, put AS (
    INSERT INTO reporting.view_scenario_audit_trail AS t (${COLUMNS.join(', ')})
    SELECT ${COLUMNS.map((c) => `s.${c}`).join(', ')} FROM src s
     WHERE ${notStored(deletes ? 'cur' : 'reporting.view_scenario_audit_trail', 's', KEY, VALUES)}
    ON CONFLICT (${KEY.join(', ')}) DO UPDATE SET
        ${VALUES.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
    WHERE ${rowsDiffer('t', 'EXCLUDED', VALUES)}
    RETURNING 1
)
SELECT (SELECT count(*) FROM put)::int AS written, ${deletes ? '(SELECT count(*) FROM gone)::int' : '0'} AS removed`;
}

const statements = new Map<string, string>();
function statement(file: string, deletes: boolean): string {
  let s = statements.get(file);
  if (s === undefined) statements.set(file, (s = trailStatement(file, deletes)));
  return s;
}

/** Into the empty table: every row of the definition. Returns the rows written. */
export async function fillAuditTrail(tx: Queryable, on: On = asIs): Promise<number> {
  const rows = await tx.query<{ n: number }>(`WITH put AS (${on(sqlText('etl/audit_trail_fill'))} RETURNING 1) SELECT count(*)::int AS n FROM put`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * An ETL run's part, in its transaction: the rows in the scope of what it may have written or
 * removed (the derived facts' scope, `DeriveScope`: scenarios, runs, window start) and of the
 * user actions whose session it recomputed, made equal to the definition's. Scenarios null:
 * every row (retention, an in-place reload, a repair). Returns the rows written and removed.
 */
export async function syncAuditTrail(
  tx: Queryable,
  scope: DeriveScope,
  moved: ReadonlyArray<{ scenario_id: string; action_key: string }> = [],
  on: On = asIs,
): Promise<{ written: number; removed: number }> {
  const rows = !scope.scenarios
    ? await tx.query<{ written: number; removed: number }>(on(statement('etl/audit_trail_sync_all', true)))
    : scope.scenarios.length === 0 && moved.length === 0
      ? [{ written: 0, removed: 0 }]
      : await tx.query<{ written: number; removed: number }>(on(statement('etl/audit_trail_sync', true)), [
          [...scope.scenarios],
          [...(scope.runs ?? [])],
          scope.from,
          moved.map((m) => m.scenario_id),
          moved.map((m) => m.action_key),
        ]);
  return { written: Number(rows[0]?.written ?? 0), removed: Number(rows[0]?.removed ?? 0) };
}

/**
 * The log load's part (its own transactions, a batch at a time): the rows of the log records
 * `keys` it added or resolved, after those with the scenario they had before (`wasScenarios`,
 * in the keys' order) are removed. Costs the batch's records, not the scenarios' histories.
 */
export async function syncAuditTrailLogs(tx: Queryable, keys: readonly string[], wasScenarios?: ReadonlyArray<string | null>): Promise<number> {
  if (keys.length === 0) return 0;
  if (wasScenarios?.some((s) => s !== null)) await tx.query(sqlText('etl/audit_trail_logs_drop'), [[...keys], [...wasScenarios]]);
  const [r] = await tx.query<{ written: number }>(statement('etl/audit_trail_logs_put', false), [[...keys]]);
  return Number(r?.written ?? 0);
}
