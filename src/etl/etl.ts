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
 *   The next batch is fetched, and the previous one loaded, while one is transformed.
 * - The first load (every reporting table empty) drops the tables' indexes inside its
 *   transaction, loads with COPY (node calcs pass from COPY out to COPY in as bytes, see
 *   transform.calcsFromCopy), builds each index once and ANALYZEs: same rows, same
 *   transaction semantics (readers of the empty schema wait for the commit).
 * - With the partitioned layout (migrate `partitioned`), the monthly partitions a batch
 *   needs are created in the same transaction before it is loaded.
 */
import type { SrcRun } from '../core/events';
import { privacyConflict, privacyMode, type PrivacyMode, type PrivacyOptions } from '../core/privacy';
import { redact } from '../core/redact';
import { compareIso, isFiniteTime, isoToPgTimestamp, parseIsoArg } from '../core/time';
import type { Iso } from '../core/types';
import { UserError, type Db, type Queryable, type Tx } from '../db/db';
import { copyRows } from '../db/copyFormat';
import { sqlText } from '../db/sqlFiles';
import { ETL_LOCK, factLayout, LOCK_CLASS, migrate } from './migrate';
import { pruneOlderThan, type Pruned } from './retention';
import {
  calcColumns,
  calcsFromCopy,
  eventColumns,
  eventsOf,
  HighWater,
  nodeColumns,
  rowPrivacy,
  runColumns,
  saveColumns,
  scenarioColumns,
  UserSeen,
  type Columns,
  type CopyTransformed,
  type ExtractedCalc,
  type ExtractedNode,
  type ExtractedSave,
  type ExtractedScenario,
  type RowPrivacy,
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
  /**
   * When this run creates the reporting schema: fact tables partitioned by month (see
   * sql/reporting/layouts/partitioned.sql). An existing schema keeps its layout.
   */
  partitioned?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: EtlProgress) => void;
  /** Which try of a scheduled run this is (1 = the first; retries count up), in the run log. */
  attempt?: number;
  /** Full refresh only: prune facts older than this many days (src/etl/retention.ts). */
  retainDays?: number;
  /** The clock the retention cutoff is taken from (default Date.now). */
  now?: () => number;
  /**
   * Personal data in the reporting copy (src/core/privacy.ts): pseudonymised user ids, input
   * values withheld. A copy keeps the settings it was fully loaded with: a run with others is
   * refused unless it rebuilds the whole copy (full, no `since`), and even then when it would
   * bring personal data back into a copy kept free of it (see `checkPrivacy`).
   */
  privacy?: PrivacyOptions;
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
  /** What the retention pruned (full refresh with retainDays only). */
  pruned?: Pruned;
  watermark_before: Iso | null;
  /** Said once per run: rows dated after the source clock, a stored watermark that could not be used. */
  warnings: string[];
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

/** A whole-number option in [min, max]; undefined stays undefined; anything else is bad input. */
function wholeNumber(v: number | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) throw new UserError(`${name}: expected a whole number from ${min} to ${max}, got '${String(v)}'`);
  return v;
}

/**
 * Whether the reporting database is production itself (two names or addresses for the same
 * server and database): what the servers say they are. Its reads are the first statements
 * on each connection, so a production that cannot be reached fails here.
 */
async function reachesProduction(source: Db, target: Db): Promise<boolean> {
  if (source === target || source.kind !== 'pg' || target.kind !== 'pg') return false;
  type Identity = { database: string; oid: string; started: string; port: string };
  const [a] = await source.query<Identity>(sqlText('admin/database_identity'));
  const [b] = await target.query<Identity>(sqlText('admin/database_identity'));
  return !!a && !!b && a.database === b.database && a.oid === b.oid && a.started === b.started && a.port === b.port;
}

export async function runEtl(options: EtlOptions): Promise<EtlResult> {
  const { source, target, signal } = options;
  const batch = Math.max(100, wholeNumber(options.batchSize, 'batch size', 1, 1_000_000) ?? 5000);
  const attempt = Math.max(1, Math.floor(options.attempt ?? 1));
  const overlapMs = (wholeNumber(options.overlapMinutes, 'overlap minutes', 0, 525_600) ?? 10) * 60_000;
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
  let pruned: Pruned | undefined;
  /** The retention cutoff (facts before it pruned), recorded with what was pruned: `etl --verify` stops there. */
  let retainedFrom: Iso | null = null;

  const warnings: string[] = [];

  // Refused before anything is written anywhere (the read-only connection cannot hold the log row).
  if (target.readOnly) throw new UserError(`the ETL writes the reporting schema, but ${target.label} is the read-only (production) connection`);
  // Every failure from here on leaves its row in the run log (health and serve's alerts read
  // it), but one: a reporting connection that is production itself, which is never written to.
  let logFailure = true;

  try {
    checkCancel();
    // Before the schema is created: the first statements on production (unreachable: a failed row).
    if (await reachesProduction(source, target)) {
      logFailure = false;
      throw new UserError(
        `the reporting connection ${target.label} reaches the production database itself (${source.label}): the reporting schema must live in another database, production is never written to`,
      );
    }
    await migrate(target, { partitioned: options.partitioned });
    const result = await target.transaction(async (tx) => {
      progress({ phase: 'lock', message: 'waiting for the ETL lock' });
      await tx.query(sqlText('admin/advisory_xact_lock'), [LOCK_CLASS, ETL_LOCK]);
      checkCancel();
      const state = (await tx.query<{ watermark: Iso | null }>(sqlText('etl/state_read')))[0];
      watermarkBefore = state?.watermark ?? null;

      let high!: HighWater;
      let indexes: IndexDdl[] = [];
      let bulk = false;
      let partitioned = false;
      const work = async (src: Tx): Promise<void> => {
        // The source's clock, in the extracting transaction: the watermark never passes it.
        const clock = (await src.query<{ now: Iso }>(sqlText('etl/source_clock')))[0].now;
        let start = watermarkBefore;
        if (options.mode === 'incremental' && start !== null && (!isFiniteTime(start) || compareIso(start, clock) > 0)) {
          warnings.push(
            `the stored watermark ${start} is after the source clock ${clock}${isFiniteTime(start) ? '' : ' (not a time)'}: ignored, this run reads everything`,
          );
          start = null;
        }
        if (options.mode === 'full') from = since;
        else if (start) from = new Date(Date.parse(start) - overlapMs).toISOString();
        else from = since; // no (usable) watermark: the first incremental run loads everything
        const cleanSlate = from === null;
        // The first load (every table empty): rows go in with COPY and no index, the indexes
        // are built once at the end, all inside this transaction. Otherwise rows are upserted.
        bulk = cleanSlate && (await tx.query<{ empty: boolean }>(sqlText('etl/tables_empty')))[0]?.empty === true;
        if (cleanSlate && !bulk) await tx.exec(sqlText('etl/delete_all'));
        indexes = bulk ? await dropIndexes(tx) : [];
        partitioned = (await factLayout(tx)) === 'partitioned';
        // --full recomputes the watermark from what it reads; incremental keeps the last one.
        high = new HighWater(options.mode === 'full' ? null : start, clock);
        const ctx: Ctx = {
          src,
          tx,
          from,
          cleanSlate,
          bulk,
          pipelined: src !== tx,
          // Node calcs straight from COPY: a streaming COPY needs its own connection (PGlite's is read whole first).
          copyStream: bulk && (src !== tx || source.kind === 'pglite'),
          inFlight: Promise.resolve(),
          partitions: partitioned ? new Set() : null,
          privacy: rowPrivacy(options.privacy),
          privacyMode: privacyMode(options.privacy),
          batch,
          high,
          extracted,
          loaded,
          progress,
          checkCancel,
        };
        try {
          await extractAndLoad(ctx);
        } finally {
          await ctx.inFlight.catch(() => undefined);
        }
      };
      if (source === target) await work(tx);
      else await source.transaction(work, { readOnly: true, isolation: 'repeatable read' });
      const future = high.futureWarning();
      if (future) warnings.push(future);

      checkCancel();
      if (bulk) {
        progress({ phase: 'finish', message: `building ${indexes.length} indexes` });
        await tx.query(sqlText('etl/bulk_settings'));
        for (const ix of indexes) await tx.query(ix.create_sql);
        await tx.query(sqlText('etl/analyze'));
      }
      checkCancel();
      if (options.retainDays && options.mode === 'full') {
        const cutoff = new Date((options.now?.() ?? Date.now()) - options.retainDays * 86_400_000).toISOString();
        progress({ phase: 'finish', message: `pruning facts older than ${cutoff}` });
        pruned = await pruneOlderThan(tx, cutoff, partitioned);
        retainedFrom = cutoff;
        await tx.query(sqlText('etl/refresh_scenario_stats'), [null]);
      }
      await tx.query(sqlText('etl/state_write'), [high.value ? isoToPgTimestamp(high.value) : null, options.mode]);
      const duration = Math.round(performance.now() - started);
      const [logged] = await tx.query<{ id: number }>(sqlText('etl/log_run'), [
        options.mode,
        isoToPgTimestamp(startedAt),
        'success',
        since ? isoToPgTimestamp(since) : null,
        watermarkBefore ? isoToPgTimestamp(watermarkBefore) : null,
        high.value ? isoToPgTimestamp(high.value) : null,
        JSON.stringify(extracted),
        JSON.stringify(loaded),
        duration,
        warnings.length ? warnings.join('\n').slice(0, 2000) : null,
        attempt,
      ]);
      await tx.query(sqlText('etl/log_counts'), [logged.id, pruned ? JSON.stringify({ ...pruned, cutoff: retainedFrom }) : null]);
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
      ...(pruned ? { pruned } : {}),
      warnings,
    };
  } catch (err) {
    const error = signal?.aborted ? new EtlCancelled() : err;
    // The run rolled back; record the failure on its own (best effort: the database may be gone,
    // or the schema not created yet), with no password in the message.
    if (logFailure) {
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
          redact(error instanceof Error ? error.message : String(error)).slice(0, 2000),
          attempt,
        ])
        .catch(() => undefined);
    }
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

interface IndexDdl {
  table_name: string;
  index_name: string;
  drop_sql: string;
  create_sql: string;
}

/** Drops the indexes of the loaded tables (inside the transaction); returns how to build them again. */
async function dropIndexes(tx: Tx): Promise<IndexDdl[]> {
  const indexes = await tx.query<IndexDdl>(sqlText('etl/bulk_indexes'), [[...REPORTING_TABLES]]);
  for (const ix of [...indexes].reverse()) await tx.query(ix.drop_sql);
  return indexes;
}

const LOAD_STATEMENT: Record<(typeof REPORTING_TABLES)[number], string> = {
  dim_node: 'load_dim_node',
  dim_scenario: 'load_dim_scenario',
  dim_run: 'load_dim_run',
  dim_user: 'load_dim_user',
  fact_scenario_events: 'load_events',
  fact_input_changes: 'load_saves',
  fact_node_calculations: 'load_calcs',
};

interface Ctx {
  src: Tx;
  tx: Tx;
  from: Iso | null;
  cleanSlate: boolean;
  /** First load into empty tables without indexes: COPY instead of upserts. */
  bulk: boolean;
  /** Source and target are separate connections: loads overlap extraction (see `load`). */
  pipelined: boolean;
  /** Bulk path: node calcs come as COPY rows and go out as COPY rows (transform.calcsFromCopy). */
  copyStream: boolean;
  inFlight: Promise<unknown>;
  /** Partitioned layout: the monthly partitions known to exist (`table:YYYY-MM`); null = plain tables. */
  partitions: Set<string> | null;
  privacy: RowPrivacy;
  privacyMode: PrivacyMode;
  batch: number;
  high: HighWater;
  extracted: Record<string, number>;
  loaded: Record<string, number>;
  progress: (p: EtlProgress) => void;
  checkCancel: () => void;
}

/** The partition column of each partitioned fact, as its index in the load columns. */
const PARTITION_COLUMN: Partial<Record<(typeof REPORTING_TABLES)[number], number>> = {
  fact_scenario_events: 4, // event_timestamp
  fact_input_changes: 3, // changed_at
  fact_node_calculations: 10, // run_at
};

/** Partitioned layout: creates the months a batch needs that this run has not seen yet (one statement). */
async function ensurePartitions(ctx: Ctx, table: (typeof REPORTING_TABLES)[number], cols: Columns): Promise<void> {
  const at = PARTITION_COLUMN[table];
  if (!ctx.partitions || at === undefined) return;
  const months = new Set<string>();
  for (const v of cols[at]) months.add(typeof v === 'string' ? v.slice(0, 7) : '');
  await ensureMonths(ctx, table, months);
}

async function ensureMonths(ctx: Ctx, table: (typeof REPORTING_TABLES)[number], months: ReadonlySet<string>): Promise<void> {
  if (!ctx.partitions) return;
  const missing = new Set<string>();
  for (const month of months) if (!ctx.partitions.has(`${table}:${month}`)) missing.add(month);
  if (missing.size === 0) return;
  await flush(ctx);
  await ctx.tx.query(sqlText('etl/ensure_partitions'), [table, [...missing].map((m) => `${m}-01`)]);
  for (const m of missing) ctx.partitions.add(`${table}:${m}`);
}

/**
 * Sends one load. With source and target on separate connections the statement is sent
 * and the next batch is transformed while the server loads this one: at most one load
 * waits behind the one running (statements on a connection run in the order sent), and
 * `flush` waits for the last. A failed load fails the next call or the flush.
 */
async function send(ctx: Ctx, statement: () => Promise<unknown>): Promise<void> {
  if (!ctx.pipelined) {
    await statement();
    return;
  }
  const previous = ctx.inFlight;
  const current = statement();
  current.catch(() => undefined); // awaited by the next load or the flush
  ctx.inFlight = current;
  await previous;
}

/** Loads one batch: COPY into the empty tables of a first load, else upserts. */
async function load(ctx: Ctx, table: (typeof REPORTING_TABLES)[number], cols: Columns): Promise<void> {
  const n = cols[0]?.length ?? 0;
  if (n === 0) return;
  await ensurePartitions(ctx, table, cols);
  ctx.loaded[table] += n;
  await send(ctx, () =>
    ctx.bulk ? ctx.tx.copyFrom(sqlText(`etl/copy_${table}`), copyRows(cols)) : ctx.tx.query(sqlText(`etl/${LOAD_STATEMENT[table]}`), cols),
  );
}

/** Loads rows already in COPY's format (first load, node calcs). */
async function loadCopyRows(ctx: Ctx, table: 'fact_node_calculations', t: CopyTransformed): Promise<void> {
  if (t.count === 0) return;
  await ensureMonths(ctx, table, t.months);
  ctx.loaded[table] += t.count;
  await send(ctx, () => ctx.tx.copyFrom(sqlText(`etl/copy_${table}`), t.rows));
}

async function flush(ctx: Ctx): Promise<void> {
  const last = ctx.inFlight;
  ctx.inFlight = Promise.resolve();
  await last;
}

function duplicateRun(runId: string, a: string, b: string): UserError {
  return new UserError(
    a === b
      ? `run id ${runId} appears twice in fc_scenario_run (scenario ${a}): production lacks its primary key; nothing was loaded`
      : `run id ${runId} appears in two scenarios (${a} and ${b}) in fc_scenario_run: production lacks its primary key; nothing was loaded`,
    2,
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
  const rebuild = ctx.cleanSlate || (await ctx.tx.query<{ empty: boolean }>(sqlText('etl/tables_empty')))[0]?.empty === true;
  const conflict = privacyConflict(mode, ctx.privacyMode, rebuild);
  if (conflict) throw new UserError(conflict);
  if (rebuild) await ctx.tx.query(sqlText('etl/privacy_write'), [ctx.privacyMode.users, ctx.privacyMode.input_values]);
}

async function extractAndLoad(ctx: Ctx): Promise<void> {
  const { src, tx, from, cleanSlate, batch, high, extracted, progress, checkCancel, privacy } = ctx;
  await checkPrivacy(ctx);
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
    await load(ctx, 'dim_node', nodeColumns(rows));
    step('fc_model_node', rows.length);
  }

  // Runs: new or ended since `from`, and those still open in the reporting schema.
  const open = cleanSlate ? [] : (await tx.query<{ run_id: string }>(sqlText('etl/open_runs'))).map((r) => r.run_id);
  const runScenario = new Map<string, string>();
  for await (const rows of cursor<SrcRun>(src, sqlText('etl/extract_runs'), [fromParam, open], batch)) {
    extracted.fc_scenario_run += rows.length;
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
      await tx.query(sqlText('etl/delete_run_events'), [ids]);
      await tx.query(sqlText('etl/delete_for_runs'), [ids]);
    }
    await load(ctx, 'dim_run', runColumns(rows, privacy));
    const events = eventsOf.runs(rows);
    users.addEvents(events);
    await load(ctx, 'fact_scenario_events', eventColumns(events, privacy));
    for (const r of rows) {
      high.add(r.run_at, r.run_complete_at);
      touchedScenarios.add(r.scenario_id);
      if (!cleanSlate) runIds.push(r.id);
    }
    step('fc_scenario_run', rows.length);
  }

  // Node calcs: all of them, or those of the runs read above.
  const loadCalcs = async (rows: ExtractedCalc[]): Promise<void> => {
    extracted.fc_scenario_node_calc += rows.length;
    await load(ctx, 'fact_node_calculations', calcColumns(rows));
    const events = eventsOf.calcs(rows, names);
    users.addEvents(events);
    await load(ctx, 'fact_scenario_events', eventColumns(events, privacy));
    step('fc_scenario_node_calc', rows.length);
  };
  if (ctx.copyStream) {
    for await (const data of src.copyOut(sqlText('etl/extract_calcs_copy'), batch)) {
      const t = calcsFromCopy(data, names);
      extracted.fc_scenario_node_calc += t.count;
      await loadCopyRows(ctx, 'fact_node_calculations', t);
      users.addEvents(t.events);
      await load(ctx, 'fact_scenario_events', eventColumns(t.events, privacy));
      step('fc_scenario_node_calc', t.count);
    }
  } else if (cleanSlate) {
    for await (const rows of cursor<ExtractedCalc>(src, sqlText('etl/extract_calcs_all'), [], batch)) await loadCalcs(rows);
  } else {
    for (const ids of chunks(runIds, 1000)) {
      for await (const rows of cursor<ExtractedCalc>(src, sqlText('etl/extract_calcs_runs'), [ids], batch)) await loadCalcs(rows);
    }
  }

  // Input history: every save (snapshots need them all), INPUT_CHANGED for the changes. (Most
  // saves are changes whose event needs most fields decoded: the row path is as fast here.)
  const savesSql = cleanSlate ? sqlText('etl/extract_saves_all') : sqlText('etl/extract_saves_since');
  const withhold = privacy.withholdInputValues;
  for await (const rows of cursor<ExtractedSave>(src, savesSql, cleanSlate ? [withhold] : [fromParam, withhold], batch)) {
    extracted.fc_scenario_node_data += rows.length;
    await load(ctx, 'fact_input_changes', saveColumns(rows, privacy));
    const events = eventsOf.saves(rows, names);
    users.addEvents(events);
    await load(ctx, 'fact_scenario_events', eventColumns(events, privacy));
    for (const r of rows) {
      high.add(r.created_at, r.end_at);
      touchedScenarios.add(r.scenario_id);
    }
    step('fc_scenario_node_data', rows.length);
  }

  // Scenarios: changed since `from`, or touched by the runs and saves above; all of them
  // when a migration asked for it (a column new to dim_scenario).
  const rescan = (await tx.query(sqlText('etl/rescan_scenarios_take'))).length > 0;
  const touched = cleanSlate ? [] : [...touchedScenarios];
  const scenariosFrom = rescan ? null : fromParam;
  for await (const rows of cursor<ExtractedScenario>(src, sqlText('etl/extract_scenarios'), [scenariosFrom, touched], batch)) {
    extracted.fc_scenario += rows.length;
    await load(ctx, 'dim_scenario', scenarioColumns(rows, privacy));
    const events = eventsOf.scenarios(rows);
    users.addEvents(events);
    await load(ctx, 'fact_scenario_events', eventColumns(events, privacy));
    if (!cleanSlate) {
      // Upserted above (unchanged ones untouched); lifecycle steps no longer there go now.
      await flush(ctx);
      await tx.query(sqlText('etl/delete_stale_scenario_events'), [rows.map((r) => r.id), events.map((e) => e.event_key), events.map((e) => e.event_timestamp)]);
    }
    for (const r of rows) {
      high.add(r.created_at, r.updated_at, r.submitted_at, r.locked_at);
      touchedScenarios.add(r.id);
    }
    step('fc_scenario', rows.length);
  }

  // Users, then the derived columns of the dimensions.
  const userCols = users.columns(privacy);
  for (let i = 0; i < users.size; i += batch) {
    await load(ctx, 'dim_user', userCols.map((c) => c.slice(i, i + batch)));
  }
  await flush(ctx);
  await tx.query(sqlText('etl/refresh_run_stats'), [cleanSlate ? null : runIds]);
  await tx.query(sqlText('etl/refresh_scenario_stats'), [cleanSlate ? null : [...touchedScenarios]]);
}
