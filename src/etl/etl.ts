/**
 * The shared ETL: production (read-only) → the `reporting` star schema.
 *
 * - full: the whole history (or from `since`), incremental: from the watermark less an overlap.
 * - One transaction on the reporting database per run, holding an advisory lock, so a
 *   killed or failed run leaves the schema as it was and two runs never interleave.
 *   The watermark is written in that same transaction: it advances only with the commit.
 * - Extraction reads source cursors in batches inside one read-only REPEATABLE READ
 *   transaction (a consistent picture of production); each batch is transformed (pure)
 *   and loaded with set-based `unnest` upserts, so any number of runs gives the same rows.
 */
import type { SrcCalc, SrcRun } from '../core/events';
import { isoToPgTimestamp, parseIsoArg } from '../core/time';
import type { Iso } from '../core/types';
import { UserError, type Db, type Queryable, type Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { ETL_LOCK, LOCK_CLASS, migrate } from './migrate';
import {
  calcColumns,
  eventColumns,
  eventsOf,
  HighWater,
  nodeColumns,
  runColumns,
  saveColumns,
  scenarioColumns,
  UserSeen,
  type Columns,
  type ExtractedNode,
  type ExtractedSave,
  type ExtractedScenario,
} from './transform';

export type EtlMode = 'full' | 'incremental';

export interface EtlOptions {
  source: Db;
  target: Db;
  mode: EtlMode;
  /** ISO: a full load from this time on (contract: `--since`). */
  since?: string;
  /** Rows per fetched and loaded batch. Default 5,000. */
  batchSize?: number;
  /** Incremental runs re-read this much before the watermark, for rows committed late. Default 10 min. */
  overlapMinutes?: number;
  signal?: AbortSignal;
  onProgress?: (p: EtlProgress) => void;
}

export interface EtlProgress {
  phase: 'lock' | 'extract' | 'load' | 'finish';
  table?: string;
  rows?: number;
  batch?: number;
  message?: string;
}

export interface EtlResult {
  mode: EtlMode;
  extracted: Record<string, number>;
  loaded: Record<string, number>;
  watermark: Iso | null;
  duration_ms: number;
  /** Where this run started reading (null = everything). */
  from: Iso | null;
  watermark_before: Iso | null;
}

const SOURCE_TABLES = ['fc_model_node', 'fc_scenario', 'fc_scenario_run', 'fc_scenario_node_data', 'fc_scenario_node_calc'] as const;
const REPORTING_TABLES = [
  'dim_node',
  'dim_scenario',
  'dim_run',
  'dim_user',
  'fact_scenario_events',
  'fact_input_changes',
  'fact_node_calculations',
] as const;

export class EtlCancelled extends UserError {
  constructor() {
    super('ETL cancelled: nothing was changed', 1);
  }
}

let cursorSeq = 0;

/** Reads a query through a server-side cursor, `batch` rows at a time. */
async function* cursor<R>(tx: Queryable, sql: string, params: readonly unknown[], batch: number): AsyncGenerator<R[]> {
  const name = `csr_etl_${++cursorSeq}`;
  await tx.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, params);
  try {
    for (;;) {
      const rows = await tx.query<R>(`FETCH FORWARD ${batch} FROM ${name}`);
      if (rows.length > 0) yield rows;
      if (rows.length < batch) break;
    }
  } finally {
    await tx.query(`CLOSE ${name}`);
  }
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export async function runEtl(options: EtlOptions): Promise<EtlResult> {
  const { source, target, signal } = options;
  const batch = Math.max(100, Math.floor(options.batchSize ?? 5000));
  const overlapMs = Math.max(0, options.overlapMinutes ?? 10) * 60_000;
  let since: Iso | null = null;
  if (options.since !== undefined) {
    since = parseIsoArg(options.since);
    if (!since) throw new UserError(`--since: not an ISO date/time: '${options.since}'`);
  }
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const progress = options.onProgress ?? (() => undefined);
  const checkCancel = (): void => {
    if (signal?.aborted) throw new EtlCancelled();
  };
  // Cancel means cancel on the server too.
  const onAbort = (): void => {
    void source.cancelRunning().catch(() => undefined);
    if (target !== source) void target.cancelRunning().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const extracted: Record<string, number> = Object.fromEntries(SOURCE_TABLES.map((t) => [t, 0]));
  const loaded: Record<string, number> = Object.fromEntries(REPORTING_TABLES.map((t) => [t, 0]));
  let watermarkBefore: Iso | null = null;
  let from: Iso | null = null;

  try {
    checkCancel();
    await migrate(target);
    const result = await target.transaction(async (tx) => {
      progress({ phase: 'lock', message: 'waiting for the ETL lock' });
      await tx.query(sqlText('admin/advisory_xact_lock'), [LOCK_CLASS, ETL_LOCK]);
      checkCancel();
      const state = (await tx.query<{ watermark: Iso | null }>(sqlText('etl/state_read')))[0];
      watermarkBefore = state?.watermark ?? null;
      if (options.mode === 'full') from = since;
      else if (watermarkBefore) from = new Date(Date.parse(watermarkBefore) - overlapMs).toISOString();
      else from = since; // no watermark yet: the first incremental run loads everything
      const cleanSlate = from === null;
      if (cleanSlate) await tx.exec(sqlText('etl/delete_all'));

      const high = new HighWater(watermarkBefore);
      const work = async (src: Queryable): Promise<void> => {
        await extractAndLoad({ src, tx, from, cleanSlate, batch, high, extracted, loaded, progress, checkCancel });
      };
      if (source === target) await work(tx);
      else await source.transaction(work, { readOnly: true, isolation: 'repeatable read' });

      checkCancel();
      await tx.query(sqlText('etl/state_write'), [high.value ? isoToPgTimestamp(high.value) : null, options.mode]);
      const duration = Math.round(performance.now() - started);
      await tx.query(sqlText('etl/log_run'), [
        options.mode,
        isoToPgTimestamp(startedAt),
        'success',
        since ? isoToPgTimestamp(since) : null,
        watermarkBefore ? isoToPgTimestamp(watermarkBefore) : null,
        high.value ? isoToPgTimestamp(high.value) : null,
        JSON.stringify(extracted),
        JSON.stringify(loaded),
        duration,
        null,
      ]);
      progress({ phase: 'finish', message: 'committing' });
      return { watermark: high.value, duration };
    });
    return {
      mode: options.mode,
      extracted,
      loaded,
      watermark: result.watermark,
      duration_ms: Math.round(performance.now() - started),
      from,
      watermark_before: watermarkBefore,
    };
  } catch (err) {
    const error = signal?.aborted ? new EtlCancelled() : err;
    // The run rolled back; record the failure on its own (best effort: the database may be gone).
    await target
      .query(sqlText('etl/log_run'), [
        options.mode,
        isoToPgTimestamp(startedAt),
        signal?.aborted ? 'cancelled' : 'failed',
        since ? isoToPgTimestamp(since) : null,
        watermarkBefore ? isoToPgTimestamp(watermarkBefore) : null,
        null,
        JSON.stringify(extracted),
        JSON.stringify({}),
        Math.round(performance.now() - started),
        error instanceof Error ? error.message.slice(0, 2000) : String(error),
      ])
      .catch(() => undefined);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

interface Ctx {
  src: Queryable;
  tx: Tx;
  from: Iso | null;
  cleanSlate: boolean;
  batch: number;
  high: HighWater;
  extracted: Record<string, number>;
  loaded: Record<string, number>;
  progress: (p: EtlProgress) => void;
  checkCancel: () => void;
}

async function load(ctx: Ctx, statement: string, table: string, cols: Columns): Promise<void> {
  const n = cols[0]?.length ?? 0;
  if (n === 0) return;
  await ctx.tx.query(sqlText(`etl/${statement}`), cols);
  ctx.loaded[table] += n;
}

async function extractAndLoad(ctx: Ctx): Promise<void> {
  const { src, tx, from, cleanSlate, batch, high, extracted, progress, checkCancel } = ctx;
  const fromParam = from ? isoToPgTimestamp(from) : null;
  const users = new UserSeen();
  const touchedScenarios = new Set<string>();
  const runIds: string[] = [];
  let batchNo = 0;
  const step = (table: string, rows: number): void => {
    batchNo++;
    progress({ phase: 'load', table, rows, batch: batchNo, message: `batch ${batchNo}: ${rows} ${table} rows` });
    checkCancel();
  };

  // Nodes (with models): small, always whole.
  const names = new Map<string, string>();
  for await (const rows of cursor<ExtractedNode>(src, sqlText('etl/extract_nodes'), [], batch)) {
    extracted.fc_model_node += rows.length;
    for (const r of rows) names.set(r.node_id, r.node_name);
    await load(ctx, 'load_dim_node', 'dim_node', nodeColumns(rows));
    step('fc_model_node', rows.length);
  }

  // Runs: new or ended since `from`, and those still open in the reporting schema.
  const open = cleanSlate ? [] : (await tx.query<{ run_id: string }>(sqlText('etl/open_runs'))).map((r) => r.run_id);
  for await (const rows of cursor<SrcRun>(src, sqlText('etl/extract_runs'), [fromParam, open], batch)) {
    extracted.fc_scenario_run += rows.length;
    const ids = rows.map((r) => r.id);
    if (!cleanSlate) await tx.query(sqlText('etl/delete_for_runs'), [ids]);
    await load(ctx, 'load_dim_run', 'dim_run', runColumns(rows));
    const events = eventsOf.runs(rows);
    users.addEvents(events);
    await load(ctx, 'load_events', 'fact_scenario_events', eventColumns(events));
    for (const r of rows) {
      high.add(r.run_at, r.run_complete_at);
      touchedScenarios.add(r.scenario_id);
      if (!cleanSlate) runIds.push(r.id);
    }
    step('fc_scenario_run', rows.length);
  }

  // Node calcs: all of them, or those of the runs read above.
  const loadCalcs = async (rows: SrcCalc[]): Promise<void> => {
    extracted.fc_scenario_node_calc += rows.length;
    await load(ctx, 'load_calcs', 'fact_node_calculations', calcColumns(rows));
    const events = eventsOf.calcs(rows, names);
    users.addEvents(events);
    await load(ctx, 'load_events', 'fact_scenario_events', eventColumns(events));
    step('fc_scenario_node_calc', rows.length);
  };
  if (cleanSlate) {
    for await (const rows of cursor<SrcCalc>(src, sqlText('etl/extract_calcs_all'), [], batch)) await loadCalcs(rows);
  } else {
    for (const ids of chunks(runIds, 1000)) {
      for await (const rows of cursor<SrcCalc>(src, sqlText('etl/extract_calcs_runs'), [ids], batch)) await loadCalcs(rows);
    }
  }

  // Input history: every save (snapshots need them all), INPUT_CHANGED for the changes.
  const savesSql = cleanSlate ? sqlText('etl/extract_saves_all') : sqlText('etl/extract_saves_since');
  for await (const rows of cursor<ExtractedSave>(src, savesSql, cleanSlate ? [] : [fromParam], batch)) {
    extracted.fc_scenario_node_data += rows.length;
    await load(ctx, 'load_saves', 'fact_input_changes', saveColumns(rows));
    const events = eventsOf.saves(rows, names);
    users.addEvents(events);
    await load(ctx, 'load_events', 'fact_scenario_events', eventColumns(events));
    for (const r of rows) {
      high.add(r.created_at, r.end_at);
      touchedScenarios.add(r.scenario_id);
    }
    step('fc_scenario_node_data', rows.length);
  }

  // Scenarios: changed since `from`, or touched by the runs and saves above.
  const touched = cleanSlate ? [] : [...touchedScenarios];
  for await (const rows of cursor<ExtractedScenario>(src, sqlText('etl/extract_scenarios'), [fromParam, touched], batch)) {
    extracted.fc_scenario += rows.length;
    if (!cleanSlate) await tx.query(sqlText('etl/delete_scenario_events'), [rows.map((r) => r.id)]);
    await load(ctx, 'load_dim_scenario', 'dim_scenario', scenarioColumns(rows));
    const events = eventsOf.scenarios(rows);
    users.addEvents(events);
    await load(ctx, 'load_events', 'fact_scenario_events', eventColumns(events));
    for (const r of rows) {
      high.add(r.created_at, r.updated_at, r.submitted_at, r.locked_at);
      touchedScenarios.add(r.id);
    }
    step('fc_scenario', rows.length);
  }

  // Users, then the derived columns of the dimensions.
  const userCols = users.columns();
  for (let i = 0; i < users.size; i += batch) {
    await load(ctx, 'load_dim_user', 'dim_user', userCols.map((c) => c.slice(i, i + batch)));
  }
  await tx.query(sqlText('etl/refresh_run_stats'), [cleanSlate ? null : runIds]);
  await tx.query(sqlText('etl/refresh_scenario_stats'), [cleanSlate ? null : [...touchedScenarios]]);
}
