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
 * - A full reload over a loaded schema does the same into new tables in a staging schema and
 *   swaps them in at the end of its transaction (reload.ts): readers see the old rows until
 *   then. (On a distributed PostgreSQL it deletes every row first and loads with upserts.)
 * - With the partitioned layout (migrate `partitioned`), the monthly partitions a batch
 *   needs are created in the same transaction before it is loaded.
 *
 * This file is the sequence; the steps: watermark.ts (lock, where a run starts), extract.ts
 * (read and transform, one step per source table), load.ts (COPY or upsert), tables.ts (the
 * table specs the statements come from), runLog.ts (the run log).
 */
import { privacyMode, type PrivacyOptions } from '../core/privacy';
import { parseIsoArg } from '../core/time';
import type { Iso } from '../core/types';
import { UserError } from '../core/errors';
import type { Db, Tx } from '../db/db';
import { sqlText } from '../db/sqlFiles';
import { EtlCancelled, type Ctx, type EtlProgress } from './context';
import { countsAtStart } from './counts';
import { extractAndLoad, SOURCE_TABLES } from './extract';
import { deriveFacts, EVERYTHING, type DeriveScope } from './derived';
import { buildIndexes, dropIndexes, onLoaded, type BulkDdl } from './load';
import { Reload } from './reload';
import { factLayout, migrate } from './migrate';
import { applyRetention, type Pruned, type RetentionEvery } from './retention';
import { rowPrivacy } from './rows';
import { AUDIT_TRAIL, fillAuditTrail, syncAuditTrail } from './auditTrail';
import { logFailure, logSuccess, logWarning, type RunRecord } from './runLog';
import { TABLES_EMPTY, WRITTEN_TABLES } from './tables';
import { HighWater } from './transform';
import { lockAndReadWatermark, startOf, writeWatermark } from './watermark';
import { loadLogs, type LogLoadOptions, type LogLoadResult } from './logs/load';

export { EtlCancelled, type EtlProgress } from './context';

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
  /**
   * Full refresh only: move facts older than this many days to the archive and daily
   * aggregates (src/etl/retention.ts). Every run keeps the window of the last prune either way.
   */
  retainDays?: number;
  /** 'run' (default): this full refresh prunes; 'month': only the first one of each UTC month (serve). */
  retainEvery?: RetentionEvery;
  /** The clock the retention cutoff is taken from (default Date.now). */
  now?: () => number;
  /**
   * Personal data in the reporting copy (src/core/privacy.ts): pseudonymised user ids, input
   * values withheld. A copy keeps the settings it was fully loaded with: a run with others is
   * refused unless it rebuilds the whole copy (full, no `since`), and even then when it would
   * bring personal data back into a copy kept free of it (see `checkPrivacy`).
   */
  privacy?: PrivacyOptions;
  /** The log sources to load after the database load commits (src/etl/logs/load.ts); none: no log step. */
  logs?: Omit<LogLoadOptions, 'signal' | 'now'>;
  /**
   * `etl --scenario-id`: load this scenario's whole history (its row, runs, calcs, saves, events
   * and derived facts) and nothing else; the watermark stays where it is. `mode` is ignored.
   */
  scenarioId?: string;
}

export interface EtlResult {
  mode: EtlMode | 'scenario';
  extracted: Record<string, number>;
  loaded: Record<string, number>;
  watermark: Iso | null;
  duration_ms: number;
  /** Where this run started reading (null = everything). */
  from: Iso | null;
  /** What the retention pruned (full refresh with retainDays only, when it was due). */
  pruned?: Pruned & { cutoff: Iso };
  /** Rows dated before the retained window that the load brought back, removed (not counted again). */
  reloaded_removed?: number;
  watermark_before: Iso | null;
  /** Said once per run: rows dated after the source clock, a stored watermark that could not be used, an after-commit step that failed. */
  warnings: string[];
  /** The log step's outcome (only when log sources were given). */
  logs?: LogLoadResult;
  /** `--scenario-id`: the scenario loaded. */
  scenario_id?: string;
}

/**
 * The log step, after the database load committed: its own transactions; whatever goes wrong
 * in it is a warning on the run (and in its run log row), never a failed database load.
 */
async function logStep(options: EtlOptions, run: Run): Promise<LogLoadResult | undefined> {
  if (!options.logs || options.logs.sources.length === 0) return undefined;
  let logs: LogLoadResult;
  try {
    logs = await loadLogs(options.target, { ...options.logs, signal: options.signal, now: options.now });
  } catch (err) {
    const why = options.signal?.aborted ? 'cancelled' : err instanceof Error ? err.message : String(err);
    logs = { read: 0, loaded: 0, resolved: 0, diagnostics: 0, sources: [], warnings: [`logs: the log load stopped (${why}); the database load is committed`], duration_ms: 0 };
  }
  run.warnings.push(...logs.warnings);
  run.loaded.fact_cloudwatch_log = logs.loaded;
  await options.target
    .query(sqlText('etl/logs_run_log'), [run.record.startedAt.replace('T', ' ').replace(/Z$/, ''), logs.loaded, logs.warnings.length > 0 ? logs.warnings.join('\n') : null])
    .catch(() => undefined);
  return logs;
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

/** The options, checked (bad input is one clear message). */
interface Settings {
  batch: number;
  overlapMs: number;
  since: Iso | null;
  scenario: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function settingsOf(options: EtlOptions): Settings {
  const batch = Math.max(100, wholeNumber(options.batchSize, 'batch size', 1, 1_000_000) ?? 5000);
  const overlapMs = (wholeNumber(options.overlapMinutes, 'overlap minutes', 0, 525_600) ?? 10) * 60_000;
  let since: Iso | null = null;
  if (options.since !== undefined) {
    since = parseIsoArg(options.since);
    if (!since) throw new UserError(`--since: not an ISO date/time: '${options.since}'`);
  }
  let scenario: string | null = null;
  if (options.scenarioId !== undefined) {
    if (!UUID.test(options.scenarioId)) throw new UserError(`--scenario-id: not a scenario id (a UUID): '${options.scenarioId}'`);
    if (since) throw new UserError('--scenario-id loads the whole history of one scenario: use it without --since');
    if (options.retainDays) throw new UserError('--scenario-id loads one scenario: use it without --retain-days');
    scenario = options.scenarioId.toLowerCase();
  }
  return { batch, overlapMs, since, scenario };
}

/**
 * A step after a successful run's commit, on the reporting database (outside the run's
 * transaction): it reads what the run wrote. Its failure does not undo the run: it is a warning
 * in the result and in the run log. Hook point: helper steps are added to AFTER_COMMIT in order.
 */
export interface AfterCommitStep {
  name: string;
  run: (target: Db, run: AfterCommitRun) => Promise<void>;
}

/** What an after-commit step knows of the run. */
export interface AfterCommitRun {
  mode: string;
  scenarioId: string | null;
  signal?: AbortSignal;
}

/**
 * The after-commit steps, in order, after the log sources' load. (None by default: the audit
 * trail, which was refreshed here when it was a materialized view, is kept in the run's
 * transaction since migration 015, and by the log load in its own.)
 */
export const AFTER_COMMIT: AfterCommitStep[] = [];

/** After the commit: the log sources' load first (its own transactions and warnings: logStep), then the AFTER_COMMIT steps. */
async function afterCommit(target: Db, options: EtlOptions, settings: Settings, run: Run): Promise<LogLoadResult | undefined> {
  const state: AfterCommitRun = { mode: run.record.mode, scenarioId: settings.scenario, signal: options.signal };
  const logs = options.signal?.aborted ? undefined : await logStep(options, run);
  for (const step of AFTER_COMMIT) {
    if (options.signal?.aborted) return;
    run.progress({ phase: 'after-commit', message: step.name });
    try {
      await step.run(target, state);
    } catch (err) {
      const warning = `${step.name} failed after the load committed: ${err instanceof Error ? err.message : String(err)}`;
      run.warnings.push(warning);
      if (run.logId !== undefined) await logWarning(target, run.logId, warning).catch(() => undefined);
    }
  }
  return logs;
}

/** One run as it goes: what the run log and the result report. */
interface Run {
  record: RunRecord;
  loaded: Record<string, number>;
  warnings: string[];
  from: Iso | null;
  pruned?: Pruned & { cutoff: Iso };
  reloadedRemoved: number;
  started: number;
  /** Its run log row, once written. */
  logId?: number;
  progress: (p: EtlProgress) => void;
  checkCancel: () => void;
}

/** What a run reads and writes, worked out in the reporting transaction once the lock is held. */
interface Plan {
  from: Iso | null;
  cleanSlate: boolean;
  bulk: boolean;
  /** A full reload over a loaded schema: new tables, swapped in at the end (reload.ts). */
  reload: Reload | null;
  partitioned: boolean;
  high: HighWater;
}

/**
 * Where this run reads from, and how it loads: the first load (every table empty) goes in
 * with COPY and no index, the indexes built once at the end; a rebuild of a loaded schema does
 * the same into new tables, swapped in at the end (readers see the old rows until the commit),
 * or, on a distributed PostgreSQL, deletes everything first and loads with upserts.
 */
async function plan(src: Tx, tx: Tx, mode: EtlMode, settings: Settings, run: Run): Promise<Plan> {
  // The source's clock, in the extracting transaction: the watermark never passes it.
  const clock = (await src.query<{ now: Iso }>(sqlText('etl/source_clock')))[0].now;
  if (settings.scenario) {
    // One scenario, its whole history, over what is loaded: no rebuild, no watermark.
    await tx.query(sqlText('etl/incremental_settings'));
    const partitioned = (await factLayout(tx)) === 'partitioned';
    return { from: null, cleanSlate: false, bulk: false, reload: null, partitioned, high: new HighWater(run.record.watermarkBefore, clock) };
  }
  const start = startOf(mode, run.record.watermarkBefore, clock, settings.since, settings.overlapMs);
  if (start.warning) run.warnings.push(start.warning);
  run.from = start.from;
  const cleanSlate = start.from === null;
  // Before anything is written: what an incremental's log counts add to (counts.ts).
  if (mode === 'incremental' && !cleanSlate) run.record.countsAtStart = await countsAtStart(tx);
  if (!cleanSlate) await tx.query(sqlText('etl/incremental_settings'));
  const bulk = cleanSlate && (await tx.query<{ empty: boolean }>(TABLES_EMPTY))[0]?.empty === true;
  let reload: Reload | null = null;
  if (cleanSlate && !bulk) {
    const prepared = await Reload.prepare(tx, WRITTEN_TABLES);
    if (typeof prepared !== 'string') reload = prepared;
    else {
      // In place: every row deleted in the transaction (readers still see them until the commit), then upserts.
      run.warnings.push(`full reload: ${prepared}, so every row was deleted and loaded again in place (slower than building new tables)`);
      await tx.exec(sqlText('etl/delete_all_derived'));
      await tx.exec(sqlText('etl/delete_all'));
    }
  }
  const partitioned = (await factLayout(tx)) === 'partitioned';
  return { from: start.from, cleanSlate, bulk, reload, partitioned, high: new HighWater(start.keep, clock) };
}

/** Reads production (its own read-only transaction) and loads every table, in the reporting transaction `tx`. */
async function extractInto(tx: Tx, options: EtlOptions, settings: Settings, run: Run): Promise<Plan> {
  const { source } = options;
  let p!: Plan;
  let scope: DeriveScope = EVERYTHING;
  let indexes: BulkDdl = { indexes: [], keys: [] };
  const extract = async (src: Tx): Promise<void> => {
    p = await plan(src, tx, options.mode, settings, run);
    if (p.bulk) indexes = await dropIndexes(tx);
    else if (p.reload) indexes = p.reload.ddl;
    const ctx: Ctx = {
      src,
      tx,
      from: p.from,
      cleanSlate: p.cleanSlate,
      scenario: settings.scenario,
      bulk: p.bulk || p.reload !== null,
      reload: p.reload,
      pipelined: src !== tx,
      // Node calcs straight from COPY: a streaming COPY needs its own connection (PGlite's is read whole first).
      copyStream: (p.bulk || p.reload !== null) && (src !== tx || source.kind === 'pglite'),
      inFlight: Promise.resolve(),
      written: new Set(),
      partitions: p.partitioned ? new Set() : null,
      privacy: rowPrivacy(options.privacy),
      privacyMode: privacyMode(options.privacy),
      batch: settings.batch,
      high: p.high,
      extracted: run.record.extracted,
      loaded: run.loaded,
      progress: run.progress,
      checkCancel: run.checkCancel,
    };
    scope = await extractAndLoad(ctx);
  };
  if (source === options.target) await extract(tx);
  else await source.transaction(extract, { readOnly: true, isolation: 'repeatable read' });
  const future = p.high.futureWarning();
  if (future) run.warnings.push(future);

  // Production's transaction is over: the rest is the reporting database's work.
  run.checkCancel();
  // The second part's facts, from the tables just loaded, for what this run touched.
  run.progress({ phase: 'load', table: 'derived facts', message: 'deriving state changes, user actions and run diagnostics' });
  const derived = await deriveFacts(tx, scope, p.bulk || p.reload !== null, (sql) => onLoaded(p, sql));
  for (const [table, n] of Object.entries(derived.written)) run.loaded[table] = (run.loaded[table] ?? 0) + n;
  // A clean slate derived the diagnostics anew: their log columns (the logs step's) from the log records already loaded,
  // which a load keeps (else a full reload without log sources would leave every run without its log evidence).
  if (p.cleanSlate) await tx.query(onLoaded(p, sqlText('etl/logs_diagnostics')), [[], '-infinity']);
  run.checkCancel();
  // A reload's views over its new tables (the audit trail's definition among them), before the trail is filled from them.
  if (p.reload) await p.reload.buildViews(tx);
  // The audit trail, with the facts it is made of: whole into an empty table, else the touched scenarios' rows.
  run.progress({ phase: 'load', table: AUDIT_TRAIL, message: `keeping ${AUDIT_TRAIL}` });
  const on = (sql: string): string => onLoaded(p, sql);
  run.loaded[AUDIT_TRAIL] += p.bulk || p.reload ? await fillAuditTrail(tx, on) : (await syncAuditTrail(tx, scope, derived.sessionsMoved, on)).written;
  run.checkCancel();
  if (p.bulk || p.reload) {
    run.progress({ phase: 'finish', message: `building ${indexes.indexes.length} indexes and ${indexes.keys.length} foreign keys` });
    await buildIndexes(tx, indexes, p.reload);
  }
  if (p.reload) {
    run.checkCancel();
    run.progress({ phase: 'finish', message: 'swapping the new tables in' });
    await p.reload.swap(tx);
  }
  return p;
}

/** The whole run in the reporting transaction: lock, extract and load, retention, watermark, run log. */
async function runInTransaction(tx: Tx, options: EtlOptions, settings: Settings, run: Run): Promise<Iso | null> {
  run.progress({ phase: 'lock', message: 'waiting for the ETL lock' });
  run.record.watermarkBefore = await lockAndReadWatermark(tx);
  run.checkCancel();
  const p = await extractInto(tx, options, settings, run);
  run.checkCancel();
  const prune = options.retainDays && options.mode === 'full' ? { days: options.retainDays, every: options.retainEvery ?? 'run', now: options.now?.() ?? Date.now() } : undefined;
  if (prune) {
    run.progress({ phase: 'finish', message: `retention: facts older than ${prune.days} days` });
    // The deferred foreign key checks of the load first: a partition with pending checks cannot be dropped.
    await tx.query(sqlText('etl/constraints_immediate'));
  }
  const kept = await applyRetention(tx, p.partitioned, prune);
  run.pruned = kept.pruned;
  run.reloadedRemoved = kept.reloadedRemoved;
  // Recorded with what was pruned: `etl --verify` stops at the cutoff.
  if (kept.pruned || kept.reloadedRemoved > 0) {
    await tx.query(sqlText('etl/refresh_scenario_stats'), [null]);
    run.loaded[AUDIT_TRAIL] += (await syncAuditTrail(tx, EVERYTHING)).written;
  }
  // One scenario's load leaves the watermark where it was (the next incremental starts there).
  const watermark = settings.scenario ? run.record.watermarkBefore : p.high.value;
  if (!settings.scenario) await writeWatermark(tx, p.high.value, options.mode);
  const durationMs = Math.round(performance.now() - run.started);
  run.logId = await logSuccess(tx, { ...run.record, durationMs, watermark, loaded: run.loaded, warnings: run.warnings, pruned: run.pruned });
  run.progress({ phase: 'finish', message: 'committing' });
  return watermark;
}

export async function runEtl(options: EtlOptions): Promise<EtlResult> {
  const { source, target, signal } = options;
  const settings = settingsOf(options);
  const run: Run = {
    record: {
      mode: settings.scenario ? 'scenario' : options.mode,
      startedAt: new Date().toISOString(),
      since: settings.since,
      watermarkBefore: null,
      extracted: Object.fromEntries(SOURCE_TABLES.map((t) => [t, 0])),
      attempt: Math.max(1, Math.floor(options.attempt ?? 1)),
      durationMs: 0,
    },
    loaded: Object.fromEntries(WRITTEN_TABLES.map((t) => [t, 0])),
    warnings: [],
    from: null,
    reloadedRemoved: 0,
    started: performance.now(),
    progress: options.onProgress ?? (() => undefined),
    checkCancel: () => {
      if (signal?.aborted) throw new EtlCancelled();
    },
  };
  // Cancel means cancel on the server too.
  const onAbort = (): void => {
    void source.cancelRunning().catch(() => undefined);
    if (target !== source) void target.cancelRunning().catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  // Refused before anything is written anywhere (the read-only connection cannot hold the log row).
  if (target.readOnly) throw new UserError(`the ETL writes the reporting schema, but ${target.label} is the read-only (production) connection`);
  // Every failure from here on leaves its row in the run log (health and serve's alerts read
  // it), but one: a reporting connection that is production itself, which is never written to.
  let logFailed = true;
  try {
    run.checkCancel();
    // Before the schema is created: the first statements on production (unreachable: a failed row).
    if (await reachesProduction(source, target)) {
      logFailed = false;
      throw new UserError(
        `the reporting connection ${target.label} reaches the production database itself (${source.label}): the reporting schema must live in another database, production is never written to`,
      );
    }
    if (settings.scenario && !(await source.query<{ found: boolean }>(sqlText('etl/scenario_exists'), [settings.scenario]))[0]?.found) {
      logFailed = false;
      throw new UserError(`--scenario-id: no scenario ${settings.scenario} in production (fc_scenario); nothing was loaded`);
    }
    await migrate(target, { partitioned: options.partitioned });
    const watermark = await target.transaction((tx) => runInTransaction(tx, options, settings, run));
    // Committed: the steps that read what it wrote, each on its own (a failure is a warning).
    const logs = await afterCommit(target, options, settings, run);
    return {
      mode: settings.scenario ? 'scenario' : options.mode,
      extracted: run.record.extracted,
      loaded: run.loaded,
      watermark,
      duration_ms: Math.round(performance.now() - run.started),
      from: run.from,
      watermark_before: run.record.watermarkBefore,
      ...(run.pruned ? { pruned: run.pruned } : {}),
      ...(run.reloadedRemoved ? { reloaded_removed: run.reloadedRemoved } : {}),
      warnings: run.warnings,
      ...(logs ? { logs } : {}),
      ...(settings.scenario ? { scenario_id: settings.scenario } : {}),
    };
  } catch (err) {
    const error = signal?.aborted ? new EtlCancelled() : err;
    // The run rolled back; its failure is recorded on its own.
    if (logFailed) await logFailure(target, { ...run.record, durationMs: Math.round(performance.now() - run.started) }, !!signal?.aborted, error);
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
