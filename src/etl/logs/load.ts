/**
 * The log load: the configured log sources → reporting.fact_cloudwatch_log, after the
 * database load has committed (etl.ts calls `loadLogs`), in transactions of its own.
 *
 * - Files (the globs of `--logs-path` / `clearsight.logs.paths`; plain, JSON lines, .gz):
 *   each file from where the last load stopped (`logs:file:<path>` rows of etl_state: byte
 *   offset, line, the fingerprint of its first line). A grown file adds its new records only;
 *   a file whose first line changed or that got shorter was replaced and is read again from
 *   its start (its keys take a generation, `file:<path>#2:<offset>`); a file seen for the first
 *   time whose first line is that of a file already read (rotation: engine.log → engine.log.1
 *   → engine.log.2.gz) goes on from that file's position instead of loading it twice.
 * - CloudWatch Logs: every event of each group from the last window's end less the overlap
 *   (late ingestion), the first time from `cloudwatchDays` (default 7) ago
 *   (`logs:cloudwatch:<region>:<group>` rows). A group's position advances when the group is read.
 * - Records are streamed and loaded in batches of `batchSize` (default 5,000) records, one
 *   transaction each with the file's new position: memory stays at one chunk and one batch
 *   whatever the size of a file, a stopped load goes on from its last batch, and the key of a
 *   record (log_key) makes a record read twice a no-op. 5,000 rather than the design's 1,000:
 *   a commit and a position write per batch cost about as much as loading a few hundred
 *   records, so 1,000 would spend a fifth of the time committing; 5,000 keeps the statement's
 *   arrays at a few MB.
 * - Each record is resolved against dim_run / dim_scenario as it goes in (sql/etl/logs_insert.sql);
 *   the recent records still without a run are resolved again when runs arrive
 *   (logs_resolve.sql); fact_run_diagnostic's log columns follow for the runs whose logs changed.
 * - When records were added or resolved, the audit trail (view_scenario_audit_trail) is
 *   refreshed, concurrently: its log rows are the warnings and errors of correlated records.
 * - A source that fails (unreadable file, CloudWatch credentials or network) is a warning:
 *   the other sources still load, and the database load stays committed.
 * - With `scenarioId`, only that scenario's records (naming it, its runs or their requests)
 *   are loaded, and no position moves: the next full read still finds everything else.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { UserError } from '../../core/errors';
import type { Iso } from '../../core/types';
import type { Db, Session, Tx } from '../../db/db';
import { sqlText } from '../../db/sqlFiles';
import { syncAuditTrailLogs } from '../auditTrail';
import { CloudWatchLogSource } from '../../logs/cloudwatch';
import { FileLogSource } from '../../logs/fileSource';
import { fileRecords } from '../../logs/fileRecords';
import { parseRecord } from '../../logs/parse';
import type { LogSource, LogSourceKind } from '../../logs/types';
import { LogSourceError } from '../../logs/types';
import { factLayout, LOCK_CLASS } from '../migrate';
import { LogRowBatch, type LogRecordRow } from './rows';

/** Advisory lock object of the log load (beside migrations 1 and the ETL 2). */
export const LOGS_LOCK = 3;
export const DEFAULT_CLOUDWATCH_DAYS = 7;
export const DEFAULT_LOG_BATCH = 5000;
const DEFAULT_OVERLAP_MINUTES = 10;
/** Records still without a run are looked at again from this long before the oldest run that arrived. */
const RESOLVE_LOOKBACK_MS = 3600_000;

export interface LogLoadOptions {
  sources: readonly LogSource[];
  /** The first load of a CloudWatch group reads this many days back (default 7). */
  cloudwatchDays?: number;
  /** Only this scenario's records; positions stay where they are. */
  scenarioId?: string;
  /** Records per batch and transaction (default 5,000). */
  batchSize?: number;
  /** CloudWatch: each load reads again this many minutes before the last one's end (default 10). */
  overlapMinutes?: number;
  signal?: AbortSignal;
  now?: () => number;
  onProgress?: (message: string) => void;
}

export interface SourceLoad {
  kind: LogSourceKind;
  label: string;
  /** Records read. */
  read: number;
  /** Records added (a record read again adds nothing). */
  loaded: number;
  /** Records left out: no time, or another scenario's (`scenarioId`). */
  skipped: number;
  /** Why the source (or part of it) could not be read, or null. */
  warning: string | null;
}

export interface LogLoadResult {
  read: number;
  loaded: number;
  /** Records loaded earlier whose run arrived now. */
  resolved: number;
  /** fact_run_diagnostic rows whose log columns changed. */
  diagnostics: number;
  sources: SourceLoad[];
  warnings: string[];
  duration_ms: number;
}

interface StateRow {
  name: string;
  watermark: Iso | null;
  last_success_at: Iso | null;
  position: Record<string, unknown> | null;
}

interface FilePosition {
  offset: number;
  line: number;
  /** sha1 of the file's first line (uncompressed), null while it has none. */
  fp: string | null;
  gen: number;
  size: number;
  mtimeMs: number;
}

interface CloudWatchPosition {
  /** ms: where the first load started, and the end of the last window read. */
  from: number;
  through: number;
}

/** What the summary row `logs` says each kind is loaded for (the reader's coverage check). */
export interface KindCoverage {
  /** Records from this time on are loaded (null: everything the sources hold). */
  from: Iso | null;
  /** … up to this time. */
  through: Iso;
  labels: string[];
}

export type SummaryPosition = Partial<Record<LogSourceKind, KindCoverage>>;

interface Run {
  s: Session;
  states: Map<string, StateRow>;
  /** The positions as this load found them (a rotated file is recognised against these). */
  initial: readonly StateRow[];
  partitioned: boolean;
  months: Set<string>;
  /** `scenarioId`: the ids whose records are loaded. */
  only: Set<string> | null;
  batchSize: number;
  signal?: AbortSignal;
  runs: Set<string>;
  progress: (message: string) => void;
}

function checkNumber(v: number | undefined, name: string, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!Number.isInteger(v) || v < min || v > max) throw new UserError(`${name}: expected a whole number from ${min} to ${max}, got '${String(v)}'`);
  return v;
}

function errorText(err: unknown): string {
  if (err instanceof LogSourceError) return err.message;
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'Z_DATA_ERROR' || e?.code === 'Z_BUF_ERROR') return 'not valid gzip data';
  if (e?.code === 'EACCES') return 'permission denied';
  if (e?.code === 'ENOENT') return 'no such file';
  return err instanceof Error ? err.message : String(err);
}

/** Loads one batch, with the position that follows it, in one transaction. */
async function flush(run: Run, batch: LogRowBatch, load: SourceLoad, state?: { name: string; watermark: Iso | null; position: object }): Promise<void> {
  if (batch.size === 0 && !state) return;
  await run.s.transaction(async (tx: Tx) => {
    if (batch.size > 0) {
      await tx.query(sqlText('etl/logs_batch_settings'));
      const missing = run.partitioned ? [...batch.months].filter((m) => !run.months.has(m)) : [];
      if (missing.length > 0) await tx.query(sqlText('etl/ensure_partitions'), ['fact_cloudwatch_log', missing]);
      const [r] = await tx.query<{ added: number; runs: string[]; keys: string[] }>(sqlText('etl/logs_insert'), batch.columns());
      load.loaded += r.added;
      for (const id of r.runs) run.runs.add(id);
      // The audit trail's rows of the records added, in the same transaction.
      await syncAuditTrailLogs(tx, r.keys);
    }
    if (state && !run.only) await tx.query(sqlText('etl/logs_state_write'), [state.name, state.watermark ? state.watermark.replace('T', ' ').replace(/Z$/, '') : null, JSON.stringify(state.position)]);
  });
  if (run.partitioned) for (const m of batch.months) run.months.add(m);
}

function keep(run: Run, ids: readonly string[]): boolean {
  return !run.only || ids.some((id) => run.only?.has(id));
}

/** The sha1 of a file's first line (decompressed for .gz; at most 1 KiB of it), null when it has no complete first line. */
async function fingerprint(path: string): Promise<string | null> {
  const file = createReadStream(path, { start: 0, highWaterMark: 64 << 10 });
  const stream = /\.gz$/i.test(path) ? file.pipe(createGunzip()) : file;
  file.on('error', (e) => stream.destroy(e));
  let head = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      head = Buffer.concat([head, chunk]);
      if (head.indexOf(10) >= 0 || head.length >= 1024) break;
    }
  } finally {
    stream.destroy();
    file.destroy();
  }
  const nl = head.indexOf(10);
  if (nl < 0 && head.length < 1024) return null;
  return createHash('sha1')
    .update(head.subarray(0, nl < 0 ? 1024 : Math.min(nl, 1024)))
    .digest('hex');
}

async function loadFile(run: Run, path: string, load: SourceLoad): Promise<void> {
  const name = `logs:file:${path}`;
  const st = await stat(path);
  const gz = /\.gz$/i.test(path);
  const fp = await fingerprint(path);
  const stored = run.states.get(name)?.position as FilePosition | undefined;
  let pos: FilePosition;
  if (stored && stored.fp === fp && (gz || st.size >= stored.offset)) {
    // The same file: unchanged (nothing to read) or grown.
    if (st.size === stored.size && st.mtimeMs === stored.mtimeMs) return;
    pos = { ...stored };
  } else if (stored) {
    pos = { offset: 0, line: 1, fp, gen: stored.gen + 1, size: 0, mtimeMs: 0 };
  } else {
    // A rotated file carries on from the position of the file it was (same first line).
    const was = fp ? run.initial.find((s) => s.name.startsWith('logs:file:') && (s.position as FilePosition | null)?.fp === fp) : undefined;
    const p = was?.position as FilePosition | undefined;
    pos = p ? { offset: p.offset, line: p.line, fp, gen: p.gen, size: 0, mtimeMs: 0 } : { offset: 0, line: 1, fp, gen: 1, size: 0, mtimeMs: 0 };
  }
  const keyBase = pos.gen === 1 ? `file:${path}` : `file:${path}#${pos.gen}`;
  let watermark = run.states.get(name)?.watermark ?? null;
  const from = { offset: pos.offset, line: pos.line };
  for await (const b of fileRecords(path, from, run.batchSize, run.signal)) {
    const batch = new LogRowBatch();
    for (const r of b.records) {
      load.read++;
      const e = r.entry;
      if (!e.timestamp || !keep(run, e.ids)) {
        load.skipped++;
        continue;
      }
      batch.push({
        key: `${keyBase}:${r.offset}`,
        timestamp: e.timestamp,
        level: e.level,
        message: e.message,
        stack: e.stack,
        kind: 'files',
        group: null,
        stream: null,
        origin: path,
        line: gz ? null : r.line,
        fields: e.fields ?? null,
        ids: e.ids,
      });
    }
    if (batch.newest && (!watermark || batch.newest > watermark)) watermark = batch.newest;
    pos = { ...pos, offset: b.end.offset, line: b.end.line };
    await flush(run, batch, load, { name, watermark, position: pos });
    run.progress(`${path}: ${load.read} records read`);
  }
  // The file's size and time as read, so that an unchanged file is not opened again.
  const done = { ...pos, size: st.size, mtimeMs: st.mtimeMs };
  await flush(run, new LogRowBatch(), load, { name, watermark, position: done });
  run.states.set(name, { name, watermark, last_success_at: null, position: { ...done } });
}

async function loadFiles(run: Run, src: FileLogSource, load: SourceLoad): Promise<boolean> {
  const { files, truncated, outside } = await src.files();
  const problems: string[] = [];
  if (truncated) problems.push(`more than ${files.length} log files match ${src.label}: only the first ${files.length} were loaded`);
  if (outside.length > 0) problems.push(`${outside.length} symbolic link(s) lead outside the configured log folders: not read`);
  for (const f of files) {
    if (run.signal?.aborted) throw run.signal.reason ?? new Error('cancelled');
    try {
      await loadFile(run, f, load);
    } catch (err) {
      if (run.signal?.aborted) throw err;
      problems.push(`${f}: ${errorText(err)}`);
    }
  }
  if (problems.length > 0) load.warning = problems.join('; ');
  return problems.length === 0 || (problems.length === 1 && outside.length > 0);
}

async function loadCloudWatch(run: Run, src: CloudWatchLogSource, load: SourceLoad, window: { now: number; days: number; overlapMs: number }): Promise<CloudWatchPosition | null> {
  const { groups, notes } = await src.groups(run.signal);
  if (groups.length === 0) throw new LogSourceError('cloudwatch', notes[0] ?? 'no CloudWatch log group configured');
  const problems: string[] = [...notes];
  let covered: CloudWatchPosition | null = { from: -Infinity, through: Infinity };
  for (const group of groups) {
    const name = `logs:cloudwatch:${src.settings.region}:${group}`;
    const stored = run.states.get(name)?.position as CloudWatchPosition | undefined;
    const first = window.now - window.days * 86_400_000;
    const startTime = stored && !run.only ? Math.max(0, stored.through - window.overlapMs) : first;
    const endTime = window.now;
    let watermark = run.states.get(name)?.watermark ?? null;
    try {
      let batch = new LogRowBatch();
      for await (const events of src.events(group, startTime, endTime, run.signal)) {
        for (const ev of events) {
          load.read++;
          const text = (ev.message ?? '').replace(/\r?\n$/, '');
          const e = parseRecord(text.split(/\r?\n/));
          const eventTime = typeof ev.timestamp === 'number' ? new Date(ev.timestamp).toISOString() : null;
          const timestamp = e.timestamp ?? eventTime;
          if (!timestamp || !ev.eventId || !keep(run, e.ids)) {
            load.skipped++;
            continue;
          }
          const stream = ev.logStreamName ?? '';
          const row: LogRecordRow = {
            key: `cloudwatch:${group}:${ev.eventId}`,
            timestamp,
            level: e.level,
            message: e.message,
            stack: e.stack,
            kind: 'cloudwatch',
            group,
            stream: stream || null,
            origin: stream ? `${group} / ${stream}` : group,
            line: null,
            fields: e.fields ?? null,
            ids: e.ids,
          };
          batch.push(row);
          if (batch.size >= run.batchSize) {
            if (batch.newest && (!watermark || batch.newest > watermark)) watermark = batch.newest;
            await flush(run, batch, load);
            batch = new LogRowBatch();
          }
        }
        run.progress(`${group}: ${load.read} events read`);
      }
      if (batch.newest && (!watermark || batch.newest > watermark)) watermark = batch.newest;
      const position: CloudWatchPosition = { from: stored && !run.only ? stored.from : first, through: endTime };
      await flush(run, batch, load, { name, watermark, position });
      if (covered) covered = { from: Math.max(covered.from, position.from), through: Math.min(covered.through, position.through - window.overlapMs) };
    } catch (err) {
      if (run.signal?.aborted) throw err;
      problems.push(errorText(err));
      covered = null;
    }
  }
  if (problems.length > 0) load.warning = problems.join('; ');
  return covered;
}

/** The ids whose records belong to a scenario: it, its runs and their requests. */
async function scenarioIds(s: Session, scenarioId: string): Promise<Set<string>> {
  const rows = await s.query<{ id: string }>(sqlText('etl/logs_scenario_ids'), [scenarioId]);
  return new Set([scenarioId.toLowerCase(), ...rows.map((r) => r.id)]);
}

/**
 * Loads the sources' new records (see the top of this file). Never throws for a source:
 * its failure is in `warnings`; a database failure or cancellation rejects.
 */
export async function loadLogs(target: Db, options: LogLoadOptions): Promise<LogLoadResult> {
  const days = checkNumber(options.cloudwatchDays, '--cloudwatch-days', 1, 3650) ?? DEFAULT_CLOUDWATCH_DAYS;
  const batchSize = checkNumber(options.batchSize, 'log batch size', 1, 100_000) ?? DEFAULT_LOG_BATCH;
  const overlapMs = (checkNumber(options.overlapMinutes, 'overlap minutes', 0, 10_080) ?? DEFAULT_OVERLAP_MINUTES) * 60_000;
  const started = performance.now();
  const now = (options.now ?? Date.now)();
  const result: LogLoadResult = { read: 0, loaded: 0, resolved: 0, diagnostics: 0, sources: [], warnings: [], duration_ms: 0 };
  if (options.sources.length === 0) return result;
  await target.session(async (s) => {
    const [{ locked }] = await s.query<{ locked: boolean }>(sqlText('etl/logs_try_lock'), [LOCK_CLASS, LOGS_LOCK]);
    if (!locked) {
      result.warnings.push('logs: another log load is running: this one did not load');
      return;
    }
    try {
      const states = new Map((await s.query<StateRow>(sqlText('etl/logs_state_read'))).map((r) => [r.name, r]));
      const summary = states.get('logs') ?? null;
      const run: Run = {
        s,
        states,
        initial: [...states.values()],
        partitioned: (await factLayout(s)) === 'partitioned',
        months: new Set(),
        only: options.scenarioId ? await scenarioIds(s, options.scenarioId) : null,
        batchSize,
        signal: options.signal,
        runs: new Set(),
        progress: options.onProgress ?? (() => undefined),
      };
      const coverage: SummaryPosition = { ...((summary?.position as SummaryPosition | null) ?? {}) };
      const through = new Date(now).toISOString();
      const kindOk = new Map<LogSourceKind, { ok: boolean; from: number | null; through: number; labels: string[] }>();
      for (const src of options.sources) {
        const load: SourceLoad = { kind: src.kind, label: src.label, read: 0, loaded: 0, skipped: 0, warning: null };
        const k = kindOk.get(src.kind) ?? { ok: true, from: null, through: now, labels: [] };
        kindOk.set(src.kind, k);
        k.labels.push(src.label);
        try {
          if (src instanceof FileLogSource) {
            if (!(await loadFiles(run, src, load))) k.ok = false;
          } else if (src instanceof CloudWatchLogSource) {
            const c = await loadCloudWatch(run, src, load, { now, days, overlapMs });
            if (!c) k.ok = false;
            else {
              k.from = Math.max(k.from ?? -Infinity, c.from);
              k.through = Math.min(k.through, c.through);
            }
          } else {
            throw new LogSourceError(src.kind, `${src.label}: not a source the log load can read`);
          }
        } catch (err) {
          if (options.signal?.aborted) throw err;
          load.warning = errorText(err);
          k.ok = false;
        }
        if (load.warning) result.warnings.push(`logs: ${src.kind === 'files' ? `${src.label}: ` : ''}${load.warning}`);
        result.read += load.read;
        result.loaded += load.loaded;
        result.sources.push(load);
      }
      if (!run.only) {
        // Records that arrived before their run: the recent ones, for the runs loaded since the last log load.
        const [since] = await s.query<{ since: Iso | null }>(sqlText('etl/logs_resolve_since'), [summary?.last_success_at ?? null]);
        if (since?.since) {
          const from = new Date(Date.parse(since.since) - RESOLVE_LOOKBACK_MS).toISOString().replace('T', ' ').replace(/Z$/, '');
          const [r] = await s.transaction(async (tx) => {
            const resolved = await tx.query<{ resolved: number; runs: string[]; keys: string[]; was_scenarios: Array<string | null> }>(sqlText('etl/logs_resolve'), [from]);
            // Their audit trail rows: under the scenario they had, out; under the run's, in.
            await syncAuditTrailLogs(tx, resolved[0].keys, resolved[0].was_scenarios);
            return resolved;
          });
          result.resolved = r.resolved;
          for (const id of r.runs) run.runs.add(id);
        }
      }
      const [d] = await s.transaction((tx) => tx.query<{ changed: number }>(sqlText('etl/logs_diagnostics'), [[...run.runs], run.only ? null : (summary?.last_success_at ?? null)]));
      result.diagnostics = d.changed;
      if (!run.only) {
        for (const [kind, k] of kindOk) {
          if (!k.ok) continue;
          coverage[kind] = {
            from: k.from === null || !Number.isFinite(k.from) ? null : new Date(k.from).toISOString(),
            through: kind === 'files' ? through : new Date(k.through).toISOString(),
            labels: k.labels,
          };
        }
        await s.query(sqlText('etl/logs_state_write'), ['logs', through.replace('T', ' ').replace(/Z$/, ''), JSON.stringify(coverage)]);
      }
    } finally {
      await s.query(sqlText('etl/logs_unlock'), [LOCK_CLASS, LOGS_LOCK]);
    }
  });
  result.duration_ms = Math.round(performance.now() - started);
  return result;
}
