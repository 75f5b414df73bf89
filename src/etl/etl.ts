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
 *   swaps them in at the end of its transaction (reload.ts): readers see the old rows until then.
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
import { buildIndexes, dropIndexes, type IndexDdl } from './load';
import { factLayout, migrate } from './migrate';
import { Reload } from './reload';
import { pruneOlderThan, type Pruned } from './retention';
import { rowPrivacy } from './rows';
import { logFailure, logSuccess, type RunRecord } from './runLog';
import { REPORTING_TABLES, TABLES_EMPTY } from './tables';
import { HighWater } from './transform';
import { lockAndReadWatermark, startOf, writeWatermark } from './watermark';

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
}

function settingsOf(options: EtlOptions): Settings {
  const batch = Math.max(100, wholeNumber(options.batchSize, 'batch size', 1, 1_000_000) ?? 5000);
  const overlapMs = (wholeNumber(options.overlapMinutes, 'overlap minutes', 0, 525_600) ?? 10) * 60_000;
  let since: Iso | null = null;
  if (options.since !== undefined) {
    since = parseIsoArg(options.since);
    if (!since) throw new UserError(`--since: not an ISO date/time: '${options.since}'`);
  }
  return { batch, overlapMs, since };
}

/** One run as it goes: what the run log and the result report. */
interface Run {
  record: RunRecord;
  loaded: Record<string, number>;
  warnings: string[];
  from: Iso | null;
  pruned?: Pruned;
  started: number;
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
 * with COPY and no index, the indexes built once at the end; a rebuild of a loaded schema
 * does the same into new tables and swaps them in at the end (reload.ts: readers see the old
 * rows until the commit).
 */
async function plan(src: Tx, tx: Tx, mode: EtlMode, settings: Settings, run: Run): Promise<Plan> {
  // The source's clock, in the extracting transaction: the watermark never passes it.
  const clock = (await src.query<{ now: Iso }>(sqlText('etl/source_clock')))[0].now;
  const start = startOf(mode, run.record.watermarkBefore, clock, settings.since, settings.overlapMs);
  if (start.warning) run.warnings.push(start.warning);
  run.from = start.from;
  const cleanSlate = start.from === null;
  // Before anything is written: what an incremental's log counts add to (counts.ts).
  if (mode === 'incremental' && !cleanSlate) run.record.countsAtStart = await countsAtStart(tx);
  const bulk = cleanSlate && (await tx.query<{ empty: boolean }>(TABLES_EMPTY))[0]?.empty === true;
  let reload: Reload | null = null;
  if (cleanSlate && !bulk) {
    // A distributed engine keeps its tables: there the rebuild deletes and loads in place (readers still see the old rows until the commit).
    if ((await tx.query<{ distributed: boolean }>(sqlText('etl/reload_distributed')))[0]?.distributed) await tx.exec(sqlText('etl/delete_all'));
    else reload = await Reload.prepare(tx, REPORTING_TABLES.map((t) => t.table));
  }
  const partitioned = (await factLayout(tx)) === 'partitioned';
  return { from: start.from, cleanSlate, bulk, reload, partitioned, high: new HighWater(start.keep, clock) };
}

/** Reads production (its own read-only transaction) and loads every table, in the reporting transaction `tx`. */
async function extractInto(tx: Tx, options: EtlOptions, settings: Settings, run: Run): Promise<Plan> {
  const { source } = options;
  let p!: Plan;
  let indexes: IndexDdl[] = [];
  const extract = async (src: Tx): Promise<void> => {
    p = await plan(src, tx, options.mode, settings, run);
    indexes = p.bulk ? await dropIndexes(tx) : (p.reload?.indexes ?? []);
    const ctx: Ctx = {
      src,
      tx,
      from: p.from,
      cleanSlate: p.cleanSlate,
      bulk: p.bulk || p.reload !== null,
      reload: p.reload,
      pipelined: src !== tx,
      // Node calcs straight from COPY: a streaming COPY needs its own connection (PGlite's is read whole first).
      copyStream: (p.bulk || p.reload !== null) && (src !== tx || source.kind === 'pglite'),
      inFlight: Promise.resolve(),
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
    await extractAndLoad(ctx);
  };
  if (source === options.target) await extract(tx);
  else await source.transaction(extract, { readOnly: true, isolation: 'repeatable read' });
  const future = p.high.futureWarning();
  if (future) run.warnings.push(future);

  // Production's transaction is over: the rest is the reporting database's work.
  run.checkCancel();
  if (p.bulk || p.reload) {
    run.progress({ phase: 'finish', message: `building ${indexes.length} indexes` });
    await buildIndexes(tx, indexes, p.reload);
  }
  if (p.reload) {
    run.progress({ phase: 'finish', message: 'swapping the reloaded tables in' });
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
  let retained: (Pruned & { cutoff: Iso }) | undefined;
  if (options.retainDays && options.mode === 'full') {
    const cutoff = new Date((options.now?.() ?? Date.now()) - options.retainDays * 86_400_000).toISOString();
    run.progress({ phase: 'finish', message: `pruning facts older than ${cutoff}` });
    run.pruned = await pruneOlderThan(tx, cutoff, p.partitioned);
    // Recorded with what was pruned: `etl --verify` stops at the cutoff.
    retained = { ...run.pruned, cutoff };
    await tx.query(sqlText('etl/refresh_scenario_stats'), [null]);
  }
  await writeWatermark(tx, p.high.value, options.mode);
  const durationMs = Math.round(performance.now() - run.started);
  await logSuccess(tx, { ...run.record, durationMs, watermark: p.high.value, loaded: run.loaded, warnings: run.warnings, pruned: retained });
  run.progress({ phase: 'finish', message: 'committing' });
  return p.high.value;
}

export async function runEtl(options: EtlOptions): Promise<EtlResult> {
  const { source, target, signal } = options;
  const settings = settingsOf(options);
  const run: Run = {
    record: {
      mode: options.mode,
      startedAt: new Date().toISOString(),
      since: settings.since,
      watermarkBefore: null,
      extracted: Object.fromEntries(SOURCE_TABLES.map((t) => [t, 0])),
      attempt: Math.max(1, Math.floor(options.attempt ?? 1)),
      durationMs: 0,
    },
    loaded: Object.fromEntries(REPORTING_TABLES.map((t) => [t.table, 0])),
    warnings: [],
    from: null,
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
    await migrate(target, { partitioned: options.partitioned });
    const watermark = await target.transaction((tx) => runInTransaction(tx, options, settings, run));
    return {
      mode: options.mode,
      extracted: run.record.extracted,
      loaded: run.loaded,
      watermark,
      duration_ms: Math.round(performance.now() - run.started),
      from: run.from,
      watermark_before: run.record.watermarkBefore,
      ...(run.pruned ? { pruned: run.pruned } : {}),
      warnings: run.warnings,
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
