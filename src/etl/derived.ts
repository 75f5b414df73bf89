/**
 * The derived facts of the design's second part (sql/reporting/010 and 011): tables the ETL
 * computes in SQL from the reporting tables it has just loaded, in the same transaction, for
 * what the run touched — the scenarios and runs of its window (all of them on a rebuild, or on
 * the upgrade that creates them: migrate.ts runs the same statements as a backfill).
 *
 * One `DerivedTable` each, beside the loaded ones of tables.ts: a SELECT of its columns (a file
 * under sql/etl/, parameters `$1` scenario ids, `$2` run ids, `$3` the window's start; `$1` NULL =
 * everything), the existing rows the same scope covers, and the statements derived from them:
 *
 * - `insert`: a first load's (empty table, no index yet): `INSERT … SELECT`;
 * - `upsert`: every other run's: the rows of the scope upserted (`ON CONFLICT … DO UPDATE …
 *   WHERE … IS DISTINCT FROM …`), a row equal to the scope's stored one left out before the
 *   INSERT (ON CONFLICT would lock it, dirtying its page and writing WAL, even with nothing to
 *   update), the scope's rows the SELECT no longer gives deleted, in one statement.
 *
 * Columns another step owns (fact_run_diagnostic's log columns: the logs step) are in
 * `notLoaded`: never in these statements, so never overwritten; a new row gets their defaults.
 * fact_user_action's sessions: over everything, in the same pass (derive_user_actions_all.sql);
 * for a window, a second statement over the users whose actions changed
 * (derive_user_sessions.sql), from the session before the earliest change.
 */
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { deleteVanished, keysMatch, notStored, rowsDiffer } from './rowSql';

export interface DerivedTable {
  /** In the `reporting` schema. */
  table: string;
  /** What one row is made from (documentation). */
  from: string;
  /** The SELECT of `columns` (any order, by name), over the scope's parameters. */
  select: () => string;
  columns: readonly string[];
  key: readonly string[];
  /**
   * A SELECT of the existing rows (`t.*`) the scope covers: the upsert deletes those its SELECT no
   * longer gives. Where one WHERE would read more than the scope, disjoint parts (UNION ALL).
   */
  scope: string;
  /** Columns the ETL never writes here (defaults, the surrogate key, other steps' columns). */
  notLoaded: readonly string[];
  /** Report, for each value of the first column, the earliest value of the second among the rows written or removed. */
  touched?: readonly [string, string];
  /** Everything at once (a first load, a rebuild, a backfill): another SELECT writing more columns. */
  everything?: { select: () => string; columns: readonly string[] };
}

export const FACT_SCENARIO_STATE_CHANGE: DerivedTable = {
  table: 'fact_scenario_state_change',
  from: 'dim_scenario (lifecycle) and dim_run (run transitions): derive_state_changes.sql',
  select: () => sqlText('etl/derive_state_changes'),
  columns: ['scenario_id', 'change_key', 'entity', 'run_id', 'from_state', 'to_state', 'changed_at', 'changed_by', 'request_id', 'seconds_in_previous_state', 'metadata'],
  key: ['scenario_id', 'change_key'],
  // Disjoint by entity, each part through its own index (one OR over both let the planner
  // choose a sequential scan of the whole table for a hundred scenarios). A window's scenarios'
  // lifecycle rows by their keys (derive_state_changes.sql's four steps): primary-key probes
  // (the list of keys fenced, so that they are probed), which read those rows' pages only; by
  // scenario, the index gives every run transition of the scenarios too (six times the rows,
  // each on another heap page).
  scope: `SELECT t.* FROM reporting.fact_scenario_state_change t
     WHERE $1::uuid[] IS NULL AND t.entity = 'scenario'
    UNION ALL
    SELECT t.* FROM (SELECT s.scenario_id, 'scenario:' || k.step AS change_key
                       FROM unnest($1::uuid[]) AS s(scenario_id)
                      CROSS JOIN unnest(ARRAY['created', 'submitted', 'locked', 'updated']) AS k(step)
                     OFFSET 0) x
      JOIN reporting.fact_scenario_state_change t
        ON t.scenario_id = x.scenario_id AND t.change_key = x.change_key AND t.entity = 'scenario'
    UNION ALL
    SELECT t.* FROM reporting.fact_scenario_state_change t
     WHERE t.entity = 'run' AND ($2::uuid[] IS NULL OR t.run_id = ANY($2::uuid[]))`,
  notLoaded: ['state_change_id', 'etl_loaded_at'],
};

export const FACT_USER_ACTION: DerivedTable = {
  table: 'fact_user_action',
  from: 'fact_scenario_events with a user: derive_user_actions.sql, sessions derive_user_sessions.sql',
  select: () => sqlText('etl/derive_user_actions'),
  columns: ['scenario_id', 'action_key', 'user_id', 'action_type', 'action_at', 'run_id', 'node_id', 'request_id', 'description', 'metadata'],
  key: ['scenario_id', 'action_key'],
  scope: `SELECT t.* FROM reporting.fact_user_action t WHERE $1::uuid[] IS NULL
    UNION ALL
    SELECT t.* FROM reporting.fact_user_action t
     WHERE t.scenario_id = ANY($1::uuid[]) AND t.action_at >= coalesce($3::timestamp, '-infinity'::timestamp)
    UNION ALL
    SELECT t.* FROM reporting.fact_user_action t
     WHERE $1::uuid[] IS NOT NULL AND t.run_id = ANY($2::uuid[])
       AND NOT coalesce(t.scenario_id = ANY($1::uuid[]) AND t.action_at >= coalesce($3::timestamp, '-infinity'::timestamp), false)
    UNION ALL
    SELECT t.* FROM unnest($1::uuid[]) s
     CROSS JOIN unnest(ARRAY['SCENARIO_CREATED', 'SCENARIO_UPDATED', 'SCENARIO_SUBMITTED', 'SCENARIO_LOCKED']) k
      JOIN reporting.fact_user_action t ON t.scenario_id = s AND t.action_key = k || ':' || s
     WHERE NOT coalesce(t.action_at >= coalesce($3::timestamp, '-infinity'::timestamp), false) AND NOT coalesce(t.run_id = ANY($2::uuid[]), false)`,
  notLoaded: ['action_id', 'session_id', 'session_started_at', 'seconds_since_previous', 'etl_loaded_at'],
  touched: ['user_id', 'action_at'],
  // The sessions in the same pass (derive_user_sessions.sql is for a window's users).
  everything: {
    select: () => sqlText('etl/derive_user_actions_all'),
    columns: ['scenario_id', 'action_key', 'user_id', 'action_type', 'action_at', 'run_id', 'node_id', 'request_id', 'description', 'metadata', 'session_id', 'session_started_at', 'seconds_since_previous'],
  },
};

export const FACT_RUN_DIAGNOSTIC: DerivedTable = {
  table: 'fact_run_diagnostic',
  from: 'dim_run and its node calcs: derive_run_diagnostics.sql (log columns: the logs step)',
  select: () => sqlText('etl/derive_run_diagnostics'),
  columns: [
    'run_id',
    'scenario_id',
    'run_status',
    'run_at',
    'run_complete_at',
    'duration_seconds',
    'run_by',
    'request_id',
    'fail_reason',
    'fail_signature',
    'error_category',
    'error_category_detail',
    'total_nodes',
    'failed_nodes',
    'first_failed_node_id',
    'previous_success_run_id',
    'seconds_since_previous_success',
    'metadata',
  ],
  key: ['run_id'],
  // Runs never leave dim_run but by retention, whose delete cascades here.
  scope: `SELECT t.* FROM reporting.fact_run_diagnostic t WHERE $2::uuid[] IS NULL OR t.run_id = ANY($2::uuid[])`,
  notLoaded: ['diagnostic_id', 'log_records', 'log_errors', 'log_warnings', 'stack_trace', 'etl_loaded_at'],
};

/** Every derived table, in the order they are computed. */
export const DERIVED_TABLES: readonly DerivedTable[] = [FACT_SCENARIO_STATE_CHANGE, FACT_USER_ACTION, FACT_RUN_DIAGNOSTIC];

/** Every statement takes the three parameters, whether its SELECT reads each or not (their types are declared here). */
const PARAMS = 'scope_params AS (SELECT $1::uuid[] AS scenarios, $2::uuid[] AS runs, $3::timestamp AS since)';

function touchedSelect(d: DerivedTable, sets: string[]): string {
  if (!d.touched) return `'[]'::jsonb`;
  const [g, at] = d.touched;
  const rows = sets.map((s) => `SELECT ${g}, ${at} FROM ${s}`).join(' UNION ALL ');
  return `(SELECT coalesce(jsonb_agg(jsonb_build_array(x.${g}, to_char(x.at, 'YYYY-MM-DD HH24:MI:SS.US'))), '[]'::jsonb)
      FROM (SELECT ${g}, min(${at}) AS at FROM (${rows}) u GROUP BY ${g}) x)`;
}

/** A first load's statement: the whole SELECT into the empty table. */
export function insertStatement(d: DerivedTable): string {
  const cols = d.columns.join(', ');
  return `-- name: etl.fill_${d.table}
WITH ${PARAMS}, put AS (
    INSERT INTO reporting.${d.table} (${cols})
    SELECT ${cols} FROM (${d.select()}) s
    RETURNING ${d.touched ? d.touched.join(', ') : '1'}
)
SELECT (SELECT count(*) FROM put)::int AS written, 0 AS removed, ${touchedSelect(d, ['put'])} AS touched`;
}

/** Every other run's: the scope upserted, its vanished rows deleted, in one statement. */
export function upsertStatement(d: DerivedTable): string {
  const cols = d.columns.join(', ');
  const rest = d.columns.filter((c) => !d.key.includes(c));
  return `-- name: etl.derive_${d.table}
WITH ${PARAMS}, src AS MATERIALIZED (
${d.select()}
), cur AS MATERIALIZED (
    ${d.scope}
), gone AS (
    ${deleteVanished(`reporting.${d.table}`, d.key, 't.*')}
), put AS (
    INSERT INTO reporting.${d.table} AS t (${cols})
    SELECT ${cols} FROM src s
     WHERE ${notStored('cur', 's', d.key, rest)}
    ON CONFLICT (${d.key.join(', ')}) DO UPDATE SET
        ${[...rest.map((c) => `${c} = EXCLUDED.${c}`), 'etl_loaded_at = EXCLUDED.etl_loaded_at'].join(', ')}
    WHERE ${rowsDiffer('t', 'EXCLUDED', rest)}
    RETURNING t.*
), moved AS (
    SELECT c.* FROM cur c JOIN put p ON ${keysMatch('c', 'p', d.key)}
)
SELECT (SELECT count(*) FROM put)::int AS written, (SELECT count(*) FROM gone)::int AS removed,
       ${touchedSelect(d, ['gone', 'put', 'moved'])} AS touched`;
}

/** `d` over everything: its `everything` SELECT and columns when it has them (no `touched` report: every row is new). */
function overEverything(d: DerivedTable): DerivedTable {
  if (!d.everything) return d;
  const { touched: _unused, ...rest } = d;
  return { ...rest, select: d.everything.select, columns: d.everything.columns };
}

/** Statements derived once per table: a window's, and everything's. */
const statements = new Map<string, { insert: string; upsert: string; insertAll: string; upsertAll: string }>();
function statementsOf(d: DerivedTable): { insert: string; upsert: string; insertAll: string; upsertAll: string } {
  let s = statements.get(d.table);
  if (!s) {
    const all = overEverything(d);
    s = { insert: insertStatement(d), upsert: upsertStatement(d), insertAll: insertStatement(all), upsertAll: upsertStatement(all) };
    statements.set(d.table, s);
  }
  return s;
}

/** What a run touched: NULL scenarios = everything (a rebuild, a backfill). */
export interface DeriveScope {
  scenarios: readonly string[] | null;
  runs: readonly string[] | null;
  /** The window's start (pg timestamp text); null = the scenarios' whole history. */
  from: string | null;
}

export const EVERYTHING: DeriveScope = { scenarios: null, runs: null, from: null };

/** deriveFacts' statement parameters: `$1` scenarios, `$2` runs, `$3` the window's start (scenarios NULL: everything). */
function paramsOf(scope: DeriveScope): unknown[] {
  return scope.scenarios ? [[...scope.scenarios], [...(scope.runs ?? [])], scope.from] : [null, null, null];
}

/**
 * Computes every derived table for `scope` inside `tx` (after the loaded tables are final:
 * dim_run's stats included). `empty`: a first load into empty tables without indexes.
 * Returns the rows written per table, whether any row was written or removed, and the user
 * actions whose session was recomputed (in any scenario: the audit trail's rows to keep).
 */
export async function deriveFacts(
  tx: Tx,
  scope: DeriveScope,
  empty = false,
  /** Where the statements act: identity, or a reload's staging tables (reload.ts `into`). */
  on: (sql: string) => string = (sql) => sql,
): Promise<{ written: Record<string, number>; changed: boolean; sessionsMoved: Array<{ scenario_id: string; action_key: string }> }> {
  const params = paramsOf(scope);
  const written: Record<string, number> = {};
  let changed = false;
  let sessionsMoved: Array<{ scenario_id: string; action_key: string }> = [];
  for (const d of DERIVED_TABLES) {
    const s = statementsOf(d);
    const all = scope.scenarios === null;
    const sql = all ? (empty ? s.insertAll : s.upsertAll) : empty ? s.insert : s.upsert;
    const [r] = await tx.query<{ written: number; removed: number; touched: Array<[string, string]> | string }>(on(sql), params);
    written[d.table] = Number(r.written);
    changed ||= Number(r.written) > 0 || Number(r.removed) > 0;
    if (d === FACT_USER_ACTION && !all) {
      // The sessions of the users whose actions changed, from the session before the earliest change.
      const touched: Array<[string, string]> = typeof r.touched === 'string' ? JSON.parse(r.touched) : r.touched;
      if (touched.length > 0) {
        sessionsMoved = await tx.query<{ scenario_id: string; action_key: string }>(on(sqlText('etl/derive_user_sessions')), [touched.map((t) => t[0]), touched.map((t) => t[1])]);
      }
    }
  }
  return { written, changed, sessionsMoved };
}
