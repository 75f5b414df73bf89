/**
 * The reporting tables the ETL loads, one `TableSpec` each: its columns (name, PostgreSQL
 * type, value from a transformed row), key and partition column. The statements that load
 * it are derived from the spec, so a column list is written once, here:
 *
 * - `copy`: the first load's `COPY reporting.<table> (…) FROM STDIN`;
 * - `upsert`: every other load's `INSERT … SELECT … FROM unnest($1::type[], …) ON CONFLICT
 *   … DO UPDATE SET <every other column> WHERE (…) IS DISTINCT FROM (…)`: rows read again
 *   unchanged (the overlap window) are not written again;
 * - the column arrays both take (`toColumns`), the partition column's index (`partitionAt`).
 *
 * The migrations create the tables (sql/reporting/); test/unit/etl/etlSpec.test.ts checks each
 * spec against the migrated schema, in both layouts. Adding a table: README, "Adding a
 * reporting table".
 */
import { changeType, isChange, EVENT_RANK, type SrcRun } from '../core/events';
import { designCategory, failureCategory } from '../core/errorCategory';
import { changedPaths } from '../core/privacy';
import { failSignature } from '../core/signatures';
import type { Iso, TimelineEvent } from '../core/types';
import { AUDIT_TRAIL } from './auditTrail';
import { DERIVED_TABLES } from './derived';
import { notStored, rowsDiffer } from './rowSql';
import type { Columns, ExtractedCalc, ExtractedNode, ExtractedSave, ExtractedScenario, RowPrivacy, SeenUser } from './rows';

/** The column types the loads use (jsonb goes as JSON text and is cast in the statement). */
export type PgType = 'uuid' | 'text' | 'timestamp' | 'int' | 'smallint' | 'numeric' | 'boolean' | 'jsonb';

export interface Column<R> {
  name: string;
  type: PgType;
  /** Its value for one row (user columns through `p.user`: the privacy option). */
  value: (r: R, p: RowPrivacy) => unknown;
}

export interface TableSpec<R> {
  /** In the `reporting` schema. */
  table: string;
  /** What one row is made from (documentation: extract.ts reads and transforms it). */
  from: string;
  /** Loaded columns, in the order of COPY and of the `unnest` arrays. */
  columns: ReadonlyArray<Column<R>>;
  /** The primary key (in the partitioned layout: with the partition column). */
  key: readonly string[];
  /** Partitioned layout: the fact's monthly partition column (a timestamp). */
  partition?: string;
  /** Columns of the table the load leaves alone: defaults, sequences, filled by later statements. */
  notLoaded: readonly string[];
  /** An upsert of its own: the `DO UPDATE SET … WHERE …` after the conflict target (dim_user). */
  onConflict?: string;
  /** With `onConflict`: when stored row `o` has nothing to take from new row `v` (left out before the INSERT). */
  unchanged?: string;
  /** After a first load, statistics on these columns only: those queries filter and join on (default: all). */
  analyze?: readonly string[];
}

/** A spec with its derived statements. */
export interface Table<R> extends TableSpec<R> {
  readonly copy: string;
  readonly upsert: string;
  /** Index of the partition column in `columns` (undefined: not partitioned). */
  readonly partitionAt?: number;
  /** The columns' value functions, in order (the hot loop of `toColumns`). */
  readonly values: ReadonlyArray<Column<R>['value']>;
}

/** Any table, whatever its rows (a builder taking rows of some type is one taking `never`). */
export type AnyTable = Table<never>;

/** `items` joined by `, `, broken into lines of about 110 characters (the statements stay readable). */
function list(items: readonly string[], indent = '    '): string {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    if (line && line.length + item.length > 110) {
      lines.push(`${line},`);
      line = '';
    }
    line = line ? `${line}, ${item}` : item;
  }
  lines.push(line);
  return lines.join(`\n${indent}`);
}

function copyStatement(s: TableSpec<never>): string {
  return `COPY reporting.${s.table} (${s.columns.map((c) => c.name).join(', ')}) FROM STDIN`;
}

function upsertStatement(s: TableSpec<never>): string {
  const names = s.columns.map((c) => c.name);
  // jsonb travels as text and is cast once it is a column.
  const arrays = s.columns.map((c, i) => `$${i + 1}::${c.type === 'jsonb' ? 'text' : c.type}[]`);
  const casts = s.columns.some((c) => c.type === 'jsonb');
  // A partitioned fact's primary key has the partition column too: the constraint by name fits both layouts.
  const target = s.partition ? `ON CONSTRAINT ${s.table}_pkey` : `(${s.key.join(', ')})`;
  const rest = names.filter((n) => !s.key.includes(n));
  const rows = casts
    ? `SELECT ${list(s.columns.map((c) => `u.${c.name}${c.type === 'jsonb' ? '::jsonb' : ''}`))}\n  FROM unnest(${list(arrays)})\n       AS u(${list(names)})`
    : `SELECT * FROM unnest(${list(arrays)})\n       AS u(${list(names)})`;
  // Rows equal to the stored ones are left out before the INSERT (rowSql.notStored: a lock per
  // row otherwise). The overlap window re-reads rows unchanged; dim_node sends every node every run.
  const leftOut = s.onConflict ? (s.unchanged ? notStored(`reporting.${s.table}`, 'v', s.key, rest, s.unchanged) : undefined) : notStored(`reporting.${s.table}`, 'v', s.key, rest, undefined, list);
  const select = leftOut ? `SELECT v.* FROM (${rows}) v\n WHERE ${leftOut}` : rows;
  const update =
    s.onConflict ??
    [
      `DO UPDATE SET\n    ${list([...rest.map((n) => `${n} = EXCLUDED.${n}`), 'etl_loaded_at = EXCLUDED.etl_loaded_at'])}`,
      `WHERE ${rowsDiffer('t', 'EXCLUDED', rest, list)}`,
    ].join('\n');
  // The scenarios of the rows written (inserted, or updated because they changed): what an incremental touched (extract.ts).
  const returning = names.includes('scenario_id') ? '\nRETURNING t.scenario_id' : '';
  return `INSERT INTO reporting.${s.table} AS t (${list(names)})\n${select}\nON CONFLICT ${target} ${update}${returning}`;
}

/** A spec with its statements, derived once. */
export function defineTable<R>(spec: TableSpec<R>): Table<R> {
  const names = spec.columns.map((c) => c.name);
  for (const k of [...spec.key, ...(spec.partition ? [spec.partition] : []), ...(spec.analyze ?? [])]) {
    if (!names.includes(k)) throw new Error(`${spec.table}: ${k} is not a loaded column`);
  }
  const erased: TableSpec<never> = spec;
  const at = spec.partition ? names.indexOf(spec.partition) : -1;
  const values = spec.columns.map((c) => c.value);
  return { ...spec, copy: copyStatement(erased), upsert: upsertStatement(erased), values, ...(at >= 0 ? { partitionAt: at } : {}) };
}

/** The column arrays of rows (what `upsert` and `copy` take), in the spec's column order. */
export function toColumns<R>(t: Table<R>, rows: readonly R[], p: RowPrivacy): Columns {
  const values = t.values;
  const out: Columns = values.map(() => new Array(rows.length));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    for (let c = 0; c < values.length; c++) out[c][i] = values[c](r, p);
  }
  return out;
}

/** change_type of a save kept for exact snapshots that repeats the previous save's hash. */
export const NO_CHANGE = 'NO_CHANGE';

const uuid = <R>(name: string, value: (r: R) => string | null): Column<R> => ({ name, type: 'uuid', value });
const text = <R>(name: string, value: (r: R) => string | null): Column<R> => ({ name, type: 'text', value });
/**
 * Timestamps go to PostgreSQL as the ISO text they are (`2026-11-20T12:00:00.123Z`): input
 * to a `timestamp without time zone` ignores the zone designator (PostgreSQL manual, 8.5.1.3
 * "Time Stamps"), so the stored value is the UTC wall time itself, with no conversion per value.
 */
const time = <R>(name: string, value: (r: R) => Iso | null): Column<R> => ({ name, type: 'timestamp', value });
/** A user id column: pseudonymised when the copy is. */
const user = <R>(name: string, value: (r: R) => string | null): Column<R> => ({ name, type: 'text', value: (r, p) => p.user(value(r)) });
/** fail_reason and its signature (core/signatures.ts: the reason with its variable parts masked). */
const failure = <R>(reason: (r: R) => string | null): Array<Column<R>> => [
  text('fail_reason', reason),
  text('fail_signature', (r) => {
    const why = reason(r);
    return why ? failSignature(why) : null;
  }),
];

export const DIM_NODE = defineTable<ExtractedNode>({
  table: 'dim_node',
  from: 'fc_model_node with its model (extract_nodes.sql): every node, every run',
  columns: [
    uuid('node_id', (r) => r.node_id),
    uuid('model_id', (r) => r.model_id),
    text('model_name', (r) => r.model_name),
    text('disease_area', (r) => r.disease_area),
    text('therapeutic_area', (r) => r.therapeutic_area),
    text('node_name', (r) => r.node_name),
    text('node_type', (r) => r.node_type),
    text('node_group_name', (r) => r.node_group_name),
    { name: 'node_seq', type: 'int', value: (r) => r.node_seq },
  ],
  key: ['node_id'],
  notLoaded: ['etl_loaded_at'],
});

export const DIM_SCENARIO = defineTable<ExtractedScenario>({
  table: 'dim_scenario',
  from: 'fc_scenario with its model (extract_scenarios.sql)',
  columns: [
    uuid('scenario_id', (r) => r.id),
    text('scenario_name', (r) => r.scenario_display_name),
    text('scenario_status', (r) => r.status),
    uuid('model_id', (r) => r.model_id),
    text('model_name', (r) => r.model_name),
    text('model_disease_area', (r) => r.disease_area),
    text('therapeutic_area', (r) => r.therapeutic_area),
    { name: 'is_starter', type: 'boolean', value: (r) => r.is_starter },
    { name: 'start_year', type: 'int', value: (r) => r.scenario_start_year },
    { name: 'end_year', type: 'int', value: (r) => r.scenario_end_year },
    uuid('forecast_init_id', (r) => r.forecast_init_id),
    text('scenario_region', (r) => r.scenario_region),
    text('scenario_country', (r) => r.scenario_country),
    time('created_at', (r) => r.created_at),
    user('created_by', (r) => r.created_by),
    uuid('created_req_id', (r) => r.created_req_id),
    time('updated_at', (r) => r.updated_at),
    user('updated_by', (r) => r.updated_by),
    uuid('updated_req_id', (r) => r.updated_req_id),
    time('submitted_at', (r) => r.submitted_at),
    user('submitted_by', (r) => r.submitted_by),
    uuid('submitted_req_id', (r) => r.submitted_req_id),
    time('locked_at', (r) => r.locked_at),
    user('locked_by', (r) => r.locked_by),
    uuid('locked_req_id', (r) => r.locked_req_id),
  ],
  key: ['scenario_id'],
  // Derived from the facts afterwards (refresh_scenario_stats.sql).
  notLoaded: ['last_run_id', 'last_run_at', 'last_run_status', 'last_fail_reason', 'runs', 'failed_runs', 'first_event_at', 'last_event_at', 'etl_loaded_at'],
});

export const DIM_RUN = defineTable<SrcRun>({
  table: 'dim_run',
  from: 'fc_scenario_run (extract_runs.sql)',
  columns: [
    uuid('run_id', (r) => r.id),
    uuid('scenario_id', (r) => r.scenario_id),
    text('run_status', (r) => r.run_status),
    time('run_at', (r) => r.run_at),
    time('run_complete_at', (r) => r.run_complete_at),
    user('run_by', (r) => r.run_by),
    uuid('run_req_id', (r) => r.run_req_id),
    ...failure<SrcRun>((r) => r.fail_reason),
    text('error_category', (r) => failureCategory(r.run_status, r.fail_reason)),
    // The design's four (fact_run_diagnostic.error_category): the infrastructure kind from the fail reason.
    text('design_category', (r) => designCategory(failureCategory(r.run_status, r.fail_reason), r.fail_reason)),
  ],
  key: ['run_id'],
  // Derived from its calcs afterwards (refresh_run_stats.sql).
  notLoaded: ['duration_seconds', 'total_nodes', 'nodes_succeeded', 'nodes_failed', 'etl_loaded_at'],
});

export const DIM_USER = defineTable<SeenUser>({
  table: 'dim_user',
  from: 'the users of the events (transform.UserSeen)',
  columns: [
    text('user_id', (r) => r.user),
    // The source knows users by their id only (pseudonymised: the pseudonym).
    text('username', (r) => r.user),
    time('first_seen_at', (r) => r.first),
    time('last_seen_at', (r) => r.last),
  ],
  key: ['user_id'],
  notLoaded: ['etl_loaded_at'],
  // Batches and runs each see part of a user's history: the bounds only widen.
  onConflict: `DO UPDATE SET
    username = EXCLUDED.username,
    first_seen_at = LEAST(t.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = GREATEST(t.last_seen_at, EXCLUDED.last_seen_at),
    etl_loaded_at = EXCLUDED.etl_loaded_at
WHERE EXCLUDED.first_seen_at < t.first_seen_at OR EXCLUDED.last_seen_at > t.last_seen_at
   OR t.first_seen_at IS NULL OR t.last_seen_at IS NULL OR t.username IS DISTINCT FROM EXCLUDED.username`,
  unchanged: 'o.first_seen_at <= v.first_seen_at AND o.last_seen_at >= v.last_seen_at AND o.username IS NOT DISTINCT FROM v.username',
});

export const FACT_SCENARIO_EVENTS = defineTable<TimelineEvent>({
  table: 'fact_scenario_events',
  from: 'the timeline events of runs, calcs, saves and scenarios (core/events.ts)',
  columns: [
    uuid('scenario_id', (r) => r.scenario_id),
    text('event_key', (r) => r.event_key),
    text('event_type', (r) => r.event_type),
    { name: 'event_rank', type: 'smallint', value: (r) => EVENT_RANK[r.event_type] },
    time('event_timestamp', (r) => r.event_timestamp),
    user('event_user', (r) => r.event_user),
    uuid('node_id', (r) => r.node_id),
    uuid('run_id', (r) => r.run_id),
    uuid('request_id', (r) => r.request_id),
    text('event_description', (r) => r.description),
    { name: 'event_details', type: 'jsonb', value: (r) => JSON.stringify(r.details) },
  ],
  key: ['scenario_id', 'event_key'],
  partition: 'event_timestamp',
  analyze: ['scenario_id', 'event_key', 'event_type', 'event_timestamp', 'event_user', 'node_id', 'run_id', 'request_id'],
  // event_id: the design's surrogate key, from its sequence on insert, kept on update.
  notLoaded: ['event_id', 'etl_loaded_at'],
});

export const FACT_INPUT_CHANGES = defineTable<ExtractedSave>({
  table: 'fact_input_changes',
  from: 'fc_scenario_node_data (extract_saves_*.sql): every save, snapshots need them all',
  columns: [
    uuid('scenario_id', (r) => r.scenario_id),
    uuid('node_data_id', (r) => r.id),
    uuid('node_id', (r) => r.model_node_id),
    time('changed_at', (r) => r.created_at),
    user('changed_by', (r) => r.created_by),
    uuid('request_id', (r) => r.created_req_id),
    time('end_at', (r) => r.end_at),
    text('current_hash', (r) => r.input_hash),
    text('previous_hash', (r) => r.previous_hash),
    // With values withheld (etl --no-input-values): no input_data, and the paths each save changed.
    { name: 'input_data', type: 'jsonb', value: (r, p) => (p.withholdInputValues ? null : r.input_data) },
    { name: 'is_change', type: 'boolean', value: (r) => isChange(r) },
    text('change_type', (r) => (isChange(r) ? changeType(r) : NO_CHANGE)),
    {
      name: 'changed_paths',
      type: 'jsonb',
      value: (r, p) => (p.withholdInputValues ? JSON.stringify(changedPaths(r.has_previous ? (r.previous_data ?? null) : null, r.input_data, isChange(r))) : null),
    },
  ],
  key: ['scenario_id', 'node_data_id'],
  partition: 'changed_at',
  analyze: ['scenario_id', 'node_data_id', 'node_id', 'changed_at', 'changed_by', 'request_id', 'end_at', 'is_change'],
  // change_id: surrogate key (sequence); is_validated / validation_errors: the source has no validation data.
  notLoaded: ['change_id', 'is_validated', 'validation_errors', 'etl_loaded_at'],
});

export const FACT_NODE_CALCULATIONS = defineTable<ExtractedCalc>({
  table: 'fact_node_calculations',
  from: 'fc_scenario_node_calc with its run (extract_calcs_*.sql; first load: transform.calcsFromCopy)',
  columns: [
    uuid('scenario_id', (r) => r.scenario_id),
    uuid('calc_id', (r) => r.id),
    uuid('run_id', (r) => r.run_id),
    uuid('node_id', (r) => r.model_node_id),
    text('calc_status', (r) => r.status),
    ...failure<ExtractedCalc>((r) => r.fail_reason),
    time('processing_start_at', (r) => r.processing_start_at),
    time('processing_end_at', (r) => r.processing_end_at),
    { name: 'processing_duration_sec', type: 'numeric', value: (r) => r.processing_duration },
    time('run_at', (r) => r.run_at),
    text('error_category', (r) => (r.status === 'failed' ? failureCategory(r.status, r.fail_reason) : null)),
  ],
  key: ['scenario_id', 'calc_id'],
  partition: 'run_at',
  analyze: ['scenario_id', 'calc_id', 'run_id', 'node_id', 'calc_status', 'processing_end_at'],
  notLoaded: ['etl_loaded_at'],
});

/** Every table the ETL loads, dimensions first (the order of the run log's `loaded` counts). */
export const REPORTING_TABLES = [DIM_NODE, DIM_SCENARIO, DIM_RUN, DIM_USER, FACT_SCENARIO_EVENTS, FACT_INPUT_CHANGES, FACT_NODE_CALCULATIONS] as const;


// Statements over every table, derived from the lists above.

/**
 * Every table the ETL writes: the loaded ones above, then the derived facts (derived.ts). The
 * run log's counts, the first load's emptiness test, its index and foreign-key drop and rebuild,
 * and delete_all (with delete_all_derived.sql) go over this list.
 */
export const WRITTEN_TABLES: readonly string[] = [...REPORTING_TABLES.map((t) => t.table), ...DERIVED_TABLES.map((d) => d.table), AUDIT_TRAIL];

/** Whether every table the ETL writes is empty (the first load: it may load without indexes and build them at the end). */
export const TABLES_EMPTY = `SELECT ${WRITTEN_TABLES.map((t) => `NOT EXISTS (SELECT 1 FROM reporting.${t})`).join('\n   AND ')} AS empty`;

/**
 * After a first (bulk) load: planner statistics now, not when autovacuum gets to it (the
 * facts on the columns queries filter and join on, not the JSON and text payloads).
 */
export const ANALYZE = `ANALYZE ${[
  ...REPORTING_TABLES.map((t) => `reporting.${t.table}${t.analyze ? ` (${t.analyze.join(', ')})` : ''}`),
  ...DERIVED_TABLES.map((d) => `reporting.${d.table}`),
  `reporting.${AUDIT_TRAIL}`,
].join(',\n        ')}`;

/**
 * The table sizes a successful run leaves (inside its transaction), for the health check, and
 * what the retention pruned ($2: counts per table, partitions_dropped, and the `cutoff` the facts
 * kept start from, which `etl --verify` reads: sql/verify/retained_from.sql).
 */
export const LOG_COUNTS = `UPDATE reporting.etl_run_log
   SET row_counts = jsonb_build_object(
         ${WRITTEN_TABLES.map((t) => `'${t}', (SELECT count(*) FROM reporting.${t})`).join(',\n         ')}),
       pruned = $2::jsonb
 WHERE id = $1`;
