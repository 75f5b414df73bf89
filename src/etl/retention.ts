/**
 * Retention (the design: "monthly prune of data older than 90 days, moved to archive tables
 * keeping aggregates only"). Runs inside an ETL run's transaction, under its lock, after the
 * load (src/etl/etl.ts): all of it commits with the load or none of it does.
 *
 * A prune with cutoff C (a UTC midnight) moves every fact older than C out of the fact tables:
 * - runs started before C, with everything of theirs (node calcs, diagnostics, events, state
 *   changes, user actions, logs correlated to them), and the other facts dated before C
 *   (events, state changes, user actions and logs of no such run; saves superseded before C);
 * - the runs and their diagnostics are copied raw into archive_dim_run /
 *   archive_fact_run_diagnostic (one row per run); everything is counted into the daily
 *   aggregates (agg_daily_runs, agg_daily_calcs, agg_daily_logs, agg_daily_activity; migration
 *   012) before it is deleted — children before parents, whole monthly partitions dropped in the
 *   partitioned layout (after they were aggregated), batched deletes otherwise;
 * - C is recorded (reporting.settings retained_from; never moved back).
 *
 * After a prune every ETL run keeps the window: rows dated before retained_from that a load
 * brought back (a full reload reads production's whole history; a scenario touched again
 * re-derives its lifecycle events) are removed without being counted again — they were counted
 * when pruned. So each pruned row is counted once, and a second prune moves nothing.
 * Scenarios, nodes and users stay (small, and what every analysis starts from).
 */
import type { Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { isoToPgTimestamp } from '../core/time';
import type { Iso } from '../core/types';

/** What a prune moved out of each table (rows), and the partitions it dropped. */
export interface Pruned {
  fact_scenario_events: number;
  fact_input_changes: number;
  fact_node_calculations: number;
  fact_cloudwatch_log: number;
  fact_scenario_state_change: number;
  fact_user_action: number;
  fact_run_diagnostic: number;
  dim_run: number;
  /** Monthly partitions dropped whole (partitioned layout). */
  partitions_dropped: string[];
}

export type RetentionEvery = 'run' | 'month';

export interface RetentionRequest {
  /** Facts older than this many days go (the cutoff: the UTC midnight at or before now − days). */
  days: number;
  /** 'run': this run prunes; 'month': only when no prune ran since the month began (UTC). */
  every: RetentionEvery;
  /** The clock the cutoff is taken from. */
  now: number;
}

export interface RetentionOutcome {
  /** The prune of this run (undefined: none was asked for, or not due this month). */
  pruned?: Pruned & { cutoff: Iso };
  /** Rows dated before the retained window that this run's load brought back, removed uncounted. */
  reloadedRemoved: number;
  /** Where the facts kept begin after this run (null: no retention ever ran). */
  retainedFrom: Iso | null;
}

const BATCH = 10_000;

/** The facts by run or by time, children before parents; `partitioned`: a monthly fact whose old months are dropped whole. */
const FACTS = [
  { table: 'fact_node_calculations', aggregate: 'aggregate_calcs', del: 'delete_calcs', partitioned: true },
  { table: 'fact_cloudwatch_log', aggregate: 'aggregate_logs', del: 'delete_logs', partitioned: true },
  { table: 'fact_scenario_events', aggregate: 'aggregate_events', del: 'delete_events', partitioned: true },
  { table: 'fact_scenario_state_change', aggregate: 'aggregate_state_changes', del: 'delete_state_changes', partitioned: false },
  { table: 'fact_user_action', aggregate: 'aggregate_user_actions', del: 'delete_user_actions', partitioned: false },
] as const;

/** The cutoff of a retention of `days` at `now`: the UTC midnight at or before now − days. */
export function retentionCutoff(now: number, days: number): Iso {
  const t = new Date(now - days * 86_400_000);
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate())).toISOString();
}

/** Whether a monthly prune is due: none yet, or the last one ran before the current UTC month began. */
export function monthlyPruneDue(lastPrunedAt: Iso | null, now: number): boolean {
  if (!lastPrunedAt) return true;
  const d = new Date(now);
  return Date.parse(lastPrunedAt) < Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

async function batched(tx: Tx, statement: string, cutoff: string): Promise<number> {
  let total = 0;
  for (;;) {
    const [r] = await tx.query<{ n: number }>(sqlText(`retention/${statement}`), [cutoff, BATCH]);
    total += Number(r.n);
    if (Number(r.n) < BATCH) return total;
  }
}

async function dropMonths(tx: Tx, table: string, cutoff: string, onlyEmpty: boolean): Promise<string[]> {
  const [r] = await tx.query<{ dropped: string[] | null }>(sqlText('retention/drop_partitions'), [table, cutoff, onlyEmpty]);
  return r.dropped ?? [];
}

/**
 * Columns of an archived row that archiving the same run again never rewrites nor compares:
 * the ETL's bookkeeping (etl_loaded_at: set again by every load), the diagnostics' surrogate key
 * (a full reload derives the row anew), and what needs facts that went with the run (its logs:
 * the logs step's columns) or before it (the last success before the run): a run brought back
 * by a later load is derived without them, and its archived row keeps what it was pruned with.
 */
const KEPT_ONCE_ARCHIVED: Record<string, readonly string[]> = {
  archive_dim_run: ['etl_loaded_at'],
  archive_fact_run_diagnostic: [
    'etl_loaded_at',
    'diagnostic_id',
    'log_records',
    'log_errors',
    'log_warnings',
    'stack_trace',
    'previous_success_run_id',
    'seconds_since_previous_success',
  ],
};

/**
 * `INSERT INTO archive (cols) SELECT cols FROM source WHERE run_at < $1`, the columns both
 * have, upserted by run id: a run archived again (a reload brought it back) is rewritten only
 * when what production says of it changed (KEPT_ONCE_ARCHIVED aside), so archiving it twice
 * writes nothing.
 */
async function archive(tx: Tx, archiveTable: string, source: string, cutoff: string): Promise<void> {
  const names = (await tx.query<{ name: string }>(sqlText('retention/archive_columns'), [archiveTable, source])).map((c) => c.name);
  const list = names.map((c) => `"${c}"`).join(', ');
  const kept = KEPT_ONCE_ARCHIVED[archiveTable] ?? ['etl_loaded_at'];
  const compared = names.filter((c) => c !== 'run_id' && !kept.includes(c)).map((c) => `"${c}"`);
  const set = [...compared.map((c) => `${c} = EXCLUDED.${c}`), ...(names.includes('etl_loaded_at') ? ['etl_loaded_at = EXCLUDED.etl_loaded_at'] : [])];
  await tx.query(
    `INSERT INTO reporting.${archiveTable} AS a (${list}, archived_at)
     SELECT ${list}, (now() AT TIME ZONE 'UTC') FROM reporting.${source} WHERE run_at < $1::timestamp
     ON CONFLICT (run_id) DO UPDATE SET ${[...set, "archived_at = (now() AT TIME ZONE 'UTC')"].join(', ')}
      WHERE (${compared.map((c) => `a.${c}`).join(', ')}) IS DISTINCT FROM (${compared.map((c) => `EXCLUDED.${c}`).join(', ')})`,
    [cutoff],
  );
}

/**
 * Removes the facts older than `cutoff`: counted into the aggregates first when `aggregate`
 * (a prune), only deleted otherwise (rows reloaded before the retained window). The runs
 * and diagnostics are archived in both cases (an upsert by run id: archiving twice is harmless).
 */
async function removeOlder(tx: Tx, cutoffIso: Iso, partitioned: boolean, aggregate: boolean): Promise<Pruned> {
  const cutoff = isoToPgTimestamp(cutoffIso);
  const out: Pruned = {
    fact_scenario_events: 0,
    fact_input_changes: 0,
    fact_node_calculations: 0,
    fact_cloudwatch_log: 0,
    fact_scenario_state_change: 0,
    fact_user_action: 0,
    fact_run_diagnostic: 0,
    dim_run: 0,
    partitions_dropped: [],
  };
  const older = (await tx.query<Record<string, boolean>>(sqlText('retention/older_rows'), [cutoff]))[0];
  for (const f of FACTS) {
    if (!older.runs && !older[f.table]) continue;
    // Counted (and aggregated) before anything goes: whole months are dropped, then the rest deleted.
    out[f.table] = Number((await tx.query<{ n: number }>(sqlText(`retention/${f.aggregate}`), [cutoff, aggregate]))[0].n);
    if (out[f.table] === 0) continue;
    if (partitioned && f.partitioned) out.partitions_dropped.push(...(await dropMonths(tx, f.table, cutoff, false)));
    await batched(tx, f.del, cutoff);
  }
  if (older.fact_input_changes) {
    out.fact_input_changes = Number((await tx.query<{ n: number }>(sqlText('retention/aggregate_saves'), [cutoff, aggregate]))[0].n);
    await batched(tx, 'delete_saves', cutoff);
    // Saves: only months the deletes left empty (a save still in force keeps its month).
    if (partitioned) out.partitions_dropped.push(...(await dropMonths(tx, 'fact_input_changes', cutoff, true)));
  }
  if (!older.runs) return out;
  await archive(tx, 'archive_fact_run_diagnostic', 'fact_run_diagnostic', cutoff);
  out.fact_run_diagnostic = await batched(tx, 'delete_diagnostics', cutoff);
  await archive(tx, 'archive_dim_run', 'dim_run', cutoff);
  await tx.query(sqlText('retention/aggregate_runs'), [cutoff]);
  out.dim_run = await batched(tx, 'delete_runs', cutoff);
  return out;
}

const total = (p: Pruned): number =>
  p.fact_scenario_events + p.fact_input_changes + p.fact_node_calculations + p.fact_cloudwatch_log + p.fact_scenario_state_change + p.fact_user_action + p.fact_run_diagnostic + p.dim_run;

/**
 * The retention step of an ETL run (in its transaction, the lock held): the window kept
 * (rows reloaded before retained_from removed), then the prune asked for, when due.
 */
export async function applyRetention(tx: Tx, partitioned: boolean, request?: RetentionRequest): Promise<RetentionOutcome> {
  const [state] = await tx.query<{ retained_from: Iso | null; pruned_at: Iso | null }>(sqlText('retention/state'));
  let retainedFrom = state?.retained_from ?? null;
  let reloadedRemoved = 0;
  if (retainedFrom) reloadedRemoved = total(await removeOlder(tx, retainedFrom, partitioned, false));
  if (!request || (request.every === 'month' && !monthlyPruneDue(state?.pruned_at ?? null, request.now))) {
    return { reloadedRemoved, retainedFrom };
  }
  // A cutoff before the window already kept moves nothing (the window never grows back): the window's own is the one in force.
  const asked = retentionCutoff(request.now, request.days);
  const cutoff = retainedFrom && Date.parse(asked) <= Date.parse(retainedFrom) ? retainedFrom : asked;
  const pruned = await removeOlder(tx, cutoff, partitioned, true);
  await tx.query(sqlText('retention/record'), [isoToPgTimestamp(cutoff), isoToPgTimestamp(new Date(request.now).toISOString())]);
  retainedFrom = cutoff;
  return { pruned: { ...pruned, cutoff }, reloadedRemoved, retainedFrom };
}
