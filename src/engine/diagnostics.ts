/**
 * Run diagnostics: a run, its failed nodes, its error category and its log lines from every
 * configured source. Shared by `clearsight-rca logs`, the Run Diagnostics panel, the RCA
 * note and `serve`.
 */
import { categorizeFailure, type Categorized } from '../core/errorCategory';
import type { RcaLogs } from '../core/rcaNote';
import { isFailedRun } from '../core/runRules';
import type { Explanation, NodeCalc, RunSummary } from '../core/types';
import { lineLocation } from '../logs/format';
import { FileLogSource } from '../logs/fileSource';
import { collectRunLogs, errorTexts, runLogQuery, type RunLogs } from '../logs/search';
import type { LogLine, LogSource, LogSourceKind } from '../logs/types';
import { DEFAULT_LOG_CAP, DEFAULT_MARGIN_MINUTES } from '../logs/types';
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

/** The run's log lines (the run must exist: unknown id → UserError, exit 1). */
export async function runLogs(engine: Engine, runId: string, sources: readonly LogSource[], options: LogOptions = {}): Promise<{ run: RunSummary; logs: RunLogs }> {
  const run = await engine.read((a) => a.requireRun(runId));
  const query = runLogQuery(run, options.marginMinutes ?? DEFAULT_MARGIN_MINUTES, options.now);
  const logs = await collectRunLogs(query, sources, { cap: options.cap ?? DEFAULT_LOG_CAP, signal: options.signal });
  return { run, logs };
}

/** Everything the Run Diagnostics panel (and `serve`'s /runs/{id}/diagnostics) shows. */
export async function runDiagnostics(engine: Engine, runId: string, sources: readonly LogSource[], options: LogOptions = {}): Promise<RunDiagnostics> {
  const { run, logs } = await runLogs(engine, runId, sources, options);
  const failed_nodes = (await engine.read((a) => a.calcs(run.run_id, run.scenario_id))).filter((c) => c.status === 'failed');
  const errors = errorTexts(logs.lines);
  const category = categorizeFailure({ status: run.run_status, fail_reason: run.fail_reason ?? failed_nodes[0]?.fail_reason ?? null, log_errors: errors });
  const first_error = logs.lines.find((l) => l.level === 'ERROR' || l.level === 'FATAL') ?? null;
  return { run, failed_nodes, category, logs, first_error };
}

/** The verdict on a run's failure with its logs as evidence (none for a run that did not fail). */
export async function runVerdict(engine: Engine, d: RunDiagnostics, logsRead: boolean): Promise<Pick<Explanation, 'confidence' | 'verdict'>> {
  if (!isFailedRun(d.run.run_status)) {
    return { confidence: 'none', verdict: { kind: 'unknown', node_id: null, summary: `The run ${d.run.run_status === 'success' ? 'succeeded' : `is ${d.run.run_status}`}: there is no failure to explain.` } };
  }
  const x = await engine.read((a) => a.explain(d.run.run_id, logsRead ? { logErrors: errorTexts(d.logs.lines) } : {}));
  return { confidence: x.confidence, verdict: x.verdict };
}
