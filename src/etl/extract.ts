/**
 * Extraction: production's tables read through cursors in batches (inside the read-only
 * REPEATABLE READ transaction), each batch transformed (transform.ts) and loaded (load.ts)
 * into its table spec (tables.ts). One step per source table, in an order where each step
 * has what it needs: node names before the events that name nodes, runs before their
 * calcs, the scenarios touched by runs and saves, then the users of all events.
 */
import type { SrcRun } from '../core/events';
import { privacyConflict, type PrivacyMode } from '../core/privacy';
import { isoToPgTimestamp } from '../core/time';
import type { TimelineEvent } from '../core/types';
import { UserError } from '../core/errors';
import type { Queryable } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import type { Ctx } from './context';
import { EVERYTHING, type DeriveScope } from './derived';
import { flush, load, loadCopyRows, onLoaded } from './load';
import type { ExtractedCalc, ExtractedNode, ExtractedSave, ExtractedScenario } from './rows';
import { DIM_NODE, DIM_RUN, DIM_SCENARIO, DIM_USER, FACT_INPUT_CHANGES, FACT_NODE_CALCULATIONS, FACT_SCENARIO_EVENTS, TABLES_EMPTY, toColumns } from './tables';
import { calcsFromCopy, eventsOf, UserSeen } from './transform';

/** The production tables read, as the run log counts them. */
export const SOURCE_TABLES = ['fc_model_node', 'fc_scenario', 'fc_scenario_run', 'fc_scenario_node_data', 'fc_scenario_node_calc'] as const;

let cursorSeq = 0;

/**
 * Reads a query through a server-side cursor, `batch` rows at a time. The next batch is
 * fetched while the caller transforms and loads the current one (source and target are
 * separate connections, so extraction and loading overlap).
 */
async function* cursor<R>(tx: Queryable, sql: string, params: readonly unknown[], batch: number): AsyncGenerator<R[]> {
  const name = `csr_etl_${++cursorSeq}`;
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  const fetch = (): Promise<R[]> => {
    const p = tx.query<R>(`FETCH FORWARD ${batch} FROM ${name}`);
    p.catch(() => undefined); // awaited below; never unhandled while the caller is busy
    return p;
  };
  let pending: Promise<R[]> | null = fetch();
  try {
    while (pending) {
      const rows: R[] = await pending;
      pending = rows.length < batch ? null : fetch();
      if (rows.length > 0) yield rows;
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
    await tx.query(`CLOSE ${name}`);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function duplicateRun(runId: string, a: string, b: string): UserError {
  return new UserError(
    a === b
      ? `run id ${runId} appears twice in fc_scenario_run (scenario ${a}): production lacks its primary key; nothing was loaded`
      : `run id ${runId} appears in two scenarios (${a} and ${b}) in fc_scenario_run: production lacks its primary key; nothing was loaded`,
    'unavailable',
  );
}

/**
 * The privacy mode of the copy (src/core/privacy.ts): a run that adds to it loads with the mode
 * (and key) it has, or rows of two modes would mix; a run that rebuilds it (or fills an empty
 * one) records its own, but never brings personal data back into a copy kept free of it.
 */
async function checkPrivacy(ctx: Ctx): Promise<void> {
  const stored = new Map((await ctx.tx.query<{ name: string; value: string }>(sqlText('etl/privacy_read'))).map((r) => [r.name, r.value]));
  const mode: PrivacyMode = { users: stored.get('privacy_users') ?? 'raw', input_values: stored.get('privacy_input_values') === 'withheld' ? 'withheld' : 'kept' };
  const rebuild = ctx.cleanSlate || (await ctx.tx.query<{ empty: boolean }>(TABLES_EMPTY))[0]?.empty === true;
  const conflict = privacyConflict(mode, ctx.privacyMode, rebuild);
  if (conflict) throw new UserError(conflict);
  if (rebuild) await ctx.tx.query(sqlText('etl/privacy_write'), [ctx.privacyMode.users, ctx.privacyMode.input_values]);
}

/** What the steps of one extraction hand on to the next. */
class Extraction {
  readonly fromParam: string | null;
  /** Node names, for the events of saves and calcs. */
  readonly names = new Map<string, string>();
  readonly users = new UserSeen();
  readonly touchedScenarios = new Set<string>();
  /** The runs read (incremental: their calcs are read again), with their scenarios. */
  readonly runIds: string[] = [];
  readonly runScenarioIds: string[] = [];
  /** Incremental: the runs read, for the run columns of their calcs. */
  readonly runsById = new Map<string, SrcRun>();
  /**
   * Incremental: what the runs read now have (their calcs, their events: keys and times); what
   * they had and no longer have is deleted after the upserts, the rest left untouched.
   */
  readonly kept = { calcIds: [] as string[], calcRunAts: [] as string[], eventKeys: [] as string[], eventTimes: [] as string[] };
  private batchNo = 0;

  constructor(readonly ctx: Ctx) {
    this.fromParam = ctx.from ? isoToPgTimestamp(ctx.from) : null;
  }

  /**
   * The loads in flight finished: the scenarios whose rows they wrote are touched. An
   * incremental reads its overlap again; a scenario whose rows come back unchanged costs the
   * derived facts, statistics and audit trail nothing.
   */
  async touchWritten(): Promise<void> {
    await flush(this.ctx);
    for (const s of this.ctx.written) this.touchedScenarios.add(s);
  }

  /** A batch loaded: reported, and a cancel honoured. */
  step(source: string, rows: number): void {
    this.batchNo++;
    this.ctx.progress({ phase: 'load', table: source, rows, batch: this.batchNo, message: `batch ${this.batchNo}: ${rows} ${source} rows` });
    this.ctx.checkCancel();
  }

  /** Timeline events of a batch: loaded, and their users seen. */
  async events(events: readonly TimelineEvent[]): Promise<void> {
    this.users.addEvents(events);
    if (!this.ctx.cleanSlate) {
      for (const e of events) {
        if (e.run_id === null) continue;
        this.kept.eventKeys.push(e.event_key);
        this.kept.eventTimes.push(e.event_timestamp);
      }
    }
    await load(this.ctx, FACT_SCENARIO_EVENTS, toColumns(FACT_SCENARIO_EVENTS, events, this.ctx.privacy));
  }

  /** The batches of an extract statement, each counted as read from `source`. */
  async *read<R>(source: string, sql: string, params: readonly unknown[]): AsyncGenerator<R[]> {
    for await (const rows of cursor<R>(this.ctx.src, sql, params, this.ctx.batch)) {
      this.ctx.extracted[source] += rows.length;
      yield rows;
    }
  }
}

/** Nodes (with models): small, always whole. */
async function nodes(x: Extraction): Promise<void> {
  for await (const rows of x.read<ExtractedNode>('fc_model_node', sqlText('etl/extract_nodes'), [])) {
    for (const r of rows) x.names.set(r.node_id, r.node_name);
    await load(x.ctx, DIM_NODE, toColumns(DIM_NODE, rows, x.ctx.privacy));
    x.step('fc_model_node', rows.length);
  }
}

/** Runs: new or ended since `from`, and those still open in the reporting schema. */
async function runs(x: Extraction): Promise<void> {
  const { ctx } = x;
  const { tx, cleanSlate } = ctx;
  const open = cleanSlate || ctx.scenario ? [] : (await tx.query<{ run_id: string }>(sqlText('etl/open_runs'))).map((r) => r.run_id);
  const runScenario = new Map<string, string>();
  const [sql, params] = ctx.scenario ? [sqlText('etl/extract_runs_scenario'), [ctx.scenario]] : [sqlText('etl/extract_runs'), [x.fromParam, open]];
  for await (const rows of x.read<SrcRun>('fc_scenario_run', sql, params)) {
    const ids = rows.map((r) => r.id);
    // A run id twice (production without its primary key) would merge two runs into one row.
    for (const r of rows) {
      const other = runScenario.get(r.id);
      if (other !== undefined) throw duplicateRun(r.id, other, r.scenario_id);
      runScenario.set(r.id, r.scenario_id);
    }
    if (!cleanSlate) {
      await flush(ctx);
      const [clash] = await tx.query<{ run_id: string; loaded_scenario_id: string; scenario_id: string }>(sqlText('etl/run_scenario_conflicts'), [
        ids,
        rows.map((r) => r.scenario_id),
      ]);
      if (clash) throw duplicateRun(clash.run_id, clash.loaded_scenario_id, clash.scenario_id);
      // A run read again keeps its calcs and events: upserted (unchanged ones untouched), then
      // those it no longer has deleted (vanished(), after its calcs).
    }
    await load(ctx, DIM_RUN, toColumns(DIM_RUN, rows, ctx.privacy));
    await x.events(eventsOf.runs(rows));
    for (const r of rows) {
      ctx.high.add(r.run_at, r.run_complete_at);
      x.touchedScenarios.add(r.scenario_id);
      if (!cleanSlate) {
        x.runIds.push(r.id);
        x.runScenarioIds.push(r.scenario_id);
        x.runsById.set(r.id, r);
      }
    }
    x.step('fc_scenario_run', rows.length);
  }
}

/** Node calcs: all of them (first load: COPY rows through), or those of the runs read. */
async function calcs(x: Extraction): Promise<void> {
  const { ctx } = x;
  const loadRows = async (rows: ExtractedCalc[]): Promise<void> => {
    await load(ctx, FACT_NODE_CALCULATIONS, toColumns(FACT_NODE_CALCULATIONS, rows, ctx.privacy));
    await x.events(eventsOf.calcs(rows, x.names));
    x.step('fc_scenario_node_calc', rows.length);
  };
  if (ctx.copyStream) {
    for await (const data of ctx.src.copyOut(sqlText('etl/extract_calcs_copy'), ctx.batch)) {
      const t = calcsFromCopy(data, x.names);
      ctx.extracted.fc_scenario_node_calc += t.count;
      await loadCopyRows(ctx, FACT_NODE_CALCULATIONS, t);
      await x.events(t.events);
      x.step('fc_scenario_node_calc', t.count);
    }
  } else if (ctx.cleanSlate) {
    for await (const rows of x.read<ExtractedCalc>('fc_scenario_node_calc', sqlText('etl/extract_calcs_all'), [])) await loadRows(rows);
  } else {
    type CalcOnly = Omit<ExtractedCalc, 'scenario_id' | 'run_at' | 'run_complete_at' | 'run_by' | 'run_req_id'>;
    for (const ids of chunks(x.runIds, 1000)) {
      for await (const rows of x.read<CalcOnly>('fc_scenario_node_calc', sqlText('etl/extract_calcs_runs'), [ids])) {
        // The run's columns from the run read above (same snapshot): what extract_calcs_all joins.
        await loadRows(
          rows.map((c) => {
            const r = x.runsById.get(c.run_id)!;
            x.kept.calcIds.push(c.id);
            x.kept.calcRunAts.push(r.run_at);
            return { ...c, scenario_id: r.scenario_id, run_at: r.run_at, run_complete_at: r.run_complete_at, run_by: r.run_by, run_req_id: r.run_req_id };
          }),
        );
      }
    }
    await vanished(x);
  }
}

/**
 * The runs read again (incremental, --scenario-id), their calcs and events upserted: what they
 * had and no longer have goes (a calc removed, a failure retried, a run reopened, a row moved
 * to another month in the partitioned layout); its scenarios are touched.
 */
async function vanished(x: Extraction): Promise<void> {
  const { ctx } = x;
  if (x.runIds.length === 0) return;
  await flush(ctx);
  const scenarios = [...new Set(x.runScenarioIds)];
  const { calcIds, calcRunAts, eventKeys, eventTimes } = x.kept;
  const gone = [
    ...(await ctx.tx.query<{ scenario_id: string }>(sqlText('etl/delete_vanished_calcs'), [x.runIds, scenarios, calcIds, calcRunAts])),
    ...(await ctx.tx.query<{ scenario_id: string }>(sqlText('etl/delete_vanished_run_events'), [x.runIds, scenarios, eventKeys, eventTimes])),
  ];
  for (const r of gone) x.touchedScenarios.add(r.scenario_id);
}

/**
 * Input history: every save (snapshots need them all), INPUT_CHANGED for the changes. (Most
 * saves are changes whose event needs most fields decoded: the row path is as fast here.)
 */
async function saves(x: Extraction): Promise<void> {
  const { ctx } = x;
  const withhold = ctx.privacy.withholdInputValues;
  const [sql, params] = ctx.scenario
    ? [sqlText('etl/extract_saves_scenario'), [ctx.scenario, withhold]]
    : ctx.cleanSlate
      ? [sqlText('etl/extract_saves_all'), [withhold]]
      : [sqlText('etl/extract_saves_since'), [x.fromParam, withhold]];
  for await (const rows of x.read<ExtractedSave>('fc_scenario_node_data', sql, params)) {
    await load(ctx, FACT_INPUT_CHANGES, toColumns(FACT_INPUT_CHANGES, rows, ctx.privacy));
    await x.events(eventsOf.saves(rows, x.names));
    // Their scenarios are touched when a row was written (new or changed): ctx.written.
    for (const r of rows) ctx.high.add(r.created_at, r.end_at);
    x.step('fc_scenario_node_data', rows.length);
  }
}

/**
 * Scenarios: changed since `from`, or touched by the runs and saves above; all of them
 * when a migration asked for it (a column new to dim_scenario).
 */
async function scenarios(x: Extraction): Promise<void> {
  const { ctx } = x;
  const rescan = (await ctx.tx.query(sqlText('etl/rescan_scenarios_take'))).length > 0;
  await x.touchWritten();
  const touched = ctx.cleanSlate ? [] : [...x.touchedScenarios];
  // One scenario: that row only (a time no row reaches, and its id).
  const from = ctx.scenario ? 'infinity' : rescan ? null : x.fromParam;
  if (ctx.scenario) touched.push(ctx.scenario);
  for await (const rows of x.read<ExtractedScenario>('fc_scenario', sqlText('etl/extract_scenarios'), [from, touched])) {
    await load(ctx, DIM_SCENARIO, toColumns(DIM_SCENARIO, rows, ctx.privacy));
    const events = eventsOf.scenarios(rows);
    await x.events(events);
    if (!ctx.cleanSlate) {
      // Upserted above (unchanged ones untouched); lifecycle steps no longer there go now.
      await flush(ctx);
      const stale = await ctx.tx.query<{ scenario_id: string }>(sqlText('etl/delete_stale_scenario_events'), [
        rows.map((r) => r.id),
        events.map((e) => e.event_key),
        events.map((e) => e.event_timestamp),
      ]);
      for (const r of stale) x.touchedScenarios.add(r.scenario_id);
    }
    // A scenario read again unchanged is not touched (its row and events were not written: ctx.written).
    for (const r of rows) ctx.high.add(r.created_at, r.updated_at, r.submitted_at, r.locked_at);
    x.step('fc_scenario', rows.length);
  }
}

/** Users (from every event above), then the derived columns of the dimensions. */
async function usersAndStats(x: Extraction): Promise<void> {
  const { ctx } = x;
  const userCols = x.users.columns(ctx.privacy);
  for (let i = 0; i < x.users.size; i += ctx.batch) {
    await load(ctx, DIM_USER, userCols.map((c) => c.slice(i, i + ctx.batch)));
  }
  await x.touchWritten();
  await ctx.tx.query(onLoaded(ctx, sqlText('etl/refresh_run_stats')), ctx.cleanSlate ? [null, null] : [x.runIds, x.runScenarioIds]);
  await ctx.tx.query(onLoaded(ctx, sqlText('etl/refresh_scenario_stats')), [ctx.cleanSlate ? null : [...x.touchedScenarios]]);
}

/**
 * Reads production from `ctx.from` and loads every reporting table, in one pass. Returns what
 * it touched, the scope of the derived facts (derived.ts): everything on a rebuild.
 */
export async function extractAndLoad(ctx: Ctx): Promise<DeriveScope> {
  await checkPrivacy(ctx);
  const x = new Extraction(ctx);
  try {
    for (const step of [nodes, runs, calcs, saves, scenarios, usersAndStats]) await step(x);
  } finally {
    await ctx.inFlight.catch(() => undefined);
  }
  return ctx.cleanSlate ? EVERYTHING : { scenarios: [...x.touchedScenarios], runs: x.runIds, from: x.fromParam };
}
