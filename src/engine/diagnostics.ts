/**
 * Run diagnostics: a run, its failed nodes, its error category and its log lines from every
 * configured source. Shared by `clearsight-rca logs`, the Run Diagnostics panel, the RCA
 * note and `serve`.
 */
import { categorizeFailure, type Categorized } from '../core/errorCategory';
import type { RcaLogs } from '../core/rcaNote';
import type { NodeCalc, RunSummary } from '../core/types';
import { lineLocation } from '../logs/format';
import { FileLogSource } from '../logs/fileSource';
import { collectRunLogs, errorTexts, runLogQuery, type RunLogs } from '../logs/search';
import type { LogLine, LogSource, LogSourceKind } from '../logs/types';
import { DEFAULT_LOG_CAP, DEFAULT_MARGIN_MINUTES } from '../logs/types';
import type { Db } from '../db/db';
import { chooseLogSources } from '../etl/logs/reportingSource';
import type { Analyses } from './analyses';
import type { Engine } from './engine';

export interface LogSettings {
  /** File globs (`clearsight.logs.paths`, `--logs-path`). */
  paths: readonly string[];
  /** Folder relative globs start from. */
  cwd: string;
  /** Extra sources (CloudWatch), already configured. */
  extra?: readonly LogSource[];
}

/** The sources the settings name, optionally only those of one kind. */
export function logSources(settings: LogSettings, only?: LogSourceKind): LogSource[] {
  const all: LogSource[] = [];
  if (settings.paths.length > 0) all.push(new FileLogSource(settings.paths, settings.cwd));
  all.push(...(settings.extra ?? []));
  return only ? all.filter((s) => s.kind === only) : all;
}

export interface LogOptions {
  /** Search the sources themselves even when the reporting schema holds the run's logs. */
  live?: boolean;
  /** Only this kind (the reporting schema's records too). */
  only?: LogSourceKind;
  marginMinutes?: number;
  cap?: number;
  signal?: AbortSignal;
  now?: () => number;
}

export interface RunDiagnostics {
  run: RunSummary;
  failed_nodes: NodeCalc[];
  /** null for a run that did not fail. */
  category: Categorized | null;
  logs: RunLogs;
  /** The first ERROR/FATAL line (the RCA note's "Errors in the logs"), or null. */
  first_error: LogLine | null;
}

/** The RCA note's "Errors in the logs" from a run's log search. */
export function rcaLogs(logs: RunLogs): RcaLogs {
  const errors = logs.lines.filter((l) => l.level === 'ERROR' || l.level === 'FATAL');
  const e = errors[0];
  return {
    searched: logs.sources.map((s) => s.label),
    firstError: e ? { timestamp: e.timestamp, level: e.level, message: e.message, stack: e.stack, source: e.source, location: lineLocation(e) } : null,
    errorCount: errors.length,
    problems: logs.sources.flatMap((s) => (s.error ? [s.error] : [])),
  };
}

/** The reporting database the engine reads, or null (production only). */
function reportingDb(engine: Engine): Db | null {
  return engine.primary.kind === 'reporting' ? engine.primary.db : null;
}

/**
 * A run's logs read by the analyses `a`: from the reporting schema when `a` reads it and its
 * log load holds the run's window, live otherwise (the RCA note).
 */
export async function collectLogsOf(a: Analyses, run: RunSummary, sources: readonly LogSource[], options: LogOptions = {}): Promise<RunLogs> {
  const query = runLogQuery(run, options.marginMinutes ?? DEFAULT_MARGIN_MINUTES, options.now);
  const chosen = await chooseLogSources(options.live || a.kind !== 'reporting' ? null : a.db, run, query, sources, options.only);
  const logs = await collectRunLogs(query, chosen.sources, { cap: options.cap ?? DEFAULT_LOG_CAP, signal: options.signal });
  return { ...logs, readFrom: chosen.readFrom };
}

/**
 * The run's log lines (the run must exist: unknown id → UserError, exit 1): from the
 * reporting schema for the kinds of source its log load holds for the run's window, live
 * from the sources otherwise (src/etl/logs/reportingSource.ts); `logs.readFrom` says which.
 */
export async function runLogs(engine: Engine, runId: string, sources: readonly LogSource[], options: LogOptions = {}): Promise<{ run: RunSummary; logs: RunLogs }> {
  const run = await engine.read((a) => a.requireRun(runId));
  const query = runLogQuery(run, options.marginMinutes ?? DEFAULT_MARGIN_MINUTES, options.now);
  const chosen = await chooseLogSources(options.live ? null : reportingDb(engine), run, query, sources, options.only);
  const logs = await collectRunLogs(query, chosen.sources, { cap: options.cap ?? DEFAULT_LOG_CAP, signal: options.signal });
  return { run, logs: { ...logs, readFrom: chosen.readFrom } };
}

/** Everything the Run Diagnostics panel shows. */
export async function runDiagnostics(engine: Engine, runId: string, sources: readonly LogSource[], options: LogOptions = {}): Promise<RunDiagnostics> {
  const { run, logs } = await runLogs(engine, runId, sources, options);
  const failed_nodes = (await engine.read((a) => a.calcs(run.run_id, run.scenario_id))).filter((c) => c.status === 'failed');
  const errors = errorTexts(logs.lines);
  const category = categorizeFailure({ status: run.run_status, fail_reason: run.fail_reason ?? failed_nodes[0]?.fail_reason ?? null, log_errors: errors });
  const first_error = logs.lines.find((l) => l.level === 'ERROR' || l.level === 'FATAL') ?? null;
  return { run, failed_nodes, category, logs, first_error };
}
