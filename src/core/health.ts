/**
 * The health verdict of the reporting data (pure): `clearsight-rca health`, `GET /health`,
 * `serve`'s alerts and the extension's status bar all judge with this one function.
 *
 * Checks (each ok / warning / critical; the verdict is the worst):
 * - data_age: time since the last successful ETL run, against `maxAgeMinutes` (warning
 *   beyond it, critical beyond twice it; critical when the ETL never succeeded).
 * - consecutive_failures: scheduled runs that failed since the last success (retries of
 *   one run count once): 1 is a warning, `failuresCritical` (2) or more critical.
 * - duration: the last successful run against the median of the previous successful runs
 *   of the same mode: a warning beyond `durationFactor` times it (and a minute more).
 * - row_counts: each table's rows after the last successful run against the run before it
 *   (rows the retention pruned added back): a drop below 1/`rowCountFactor` is critical, a
 *   jump beyond `rowCountFactor` times a warning.
 *
 * Beside the checks (judging nothing): the ETL's success rate over the runs read (the window).
 */
import type { Iso } from './types';

export type HealthStatus = 'ok' | 'warning' | 'critical';

export interface HealthCheck {
  name: 'data_age' | 'consecutive_failures' | 'duration' | 'row_counts';
  status: HealthStatus;
  detail: string;
}

export interface HealthReport {
  status: HealthStatus;
  checks: HealthCheck[];
  success_rate: SuccessRate;
}

/** Run-log rows the verdict reads, newest first: the window of the success rate (and the median's runs). */
export const HEALTH_WINDOW_RUNS = 60;

/** How the ETL fared over the newest `window` rows of the run log (each attempt of a retry is a row). */
export interface SuccessRate {
  window: number;
  /** Rows in the window (fewer than `window` while the log is young). */
  runs: number;
  succeeded: number;
  failed: number;
  /** Stopped on purpose: neither a success nor a failure, left out of the rate. */
  cancelled: number;
  /** succeeded / (succeeded + failed), from 0 to 1; null when no run finished either way. */
  rate: number | null;
  /** When the oldest run of the window started (null: no run yet). */
  since: Iso | null;
}

export interface HealthThresholds {
  maxAgeMinutes: number;
  failuresCritical: number;
  durationFactor: number;
  /** Added to the duration limit: a 2 s run taking 7 s is no incident. */
  durationSlackMs: number;
  rowCountFactor: number;
  /** Tables smaller than this before are not judged by growth (a first load, a tiny table). */
  rowCountMinimum: number;
  /** Previous successful runs the duration median is taken over. */
  medianWindow: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  maxAgeMinutes: 30,
  failuresCritical: 2,
  durationFactor: 3,
  durationSlackMs: 60_000,
  rowCountFactor: 2,
  rowCountMinimum: 100,
  medianWindow: 10,
};

/** One row of reporting.etl_run_log, as the verdict reads it. */
export interface HealthRun {
  id: number;
  mode: string;
  started_at: Iso;
  status: string;
  attempt: number | null;
  duration_ms: number | null;
  row_counts: Record<string, number> | null;
  pruned: Record<string, number> | null;
  error: string | null;
}

export interface HealthInput {
  /** The clock that wrote last_success_at (the reporting database's). */
  now: Iso;
  /** False when the reporting schema does not exist yet. */
  schema: boolean;
  lastSuccessAt: Iso | null;
  /** The newest runs, newest first. */
  runs: readonly HealthRun[];
}

const RANK: Record<HealthStatus, number> = { ok: 0, warning: 1, critical: 2 };

export function worst(statuses: readonly HealthStatus[]): HealthStatus {
  return statuses.reduce<HealthStatus>((w, s) => (RANK[s] > RANK[w] ? s : w), 'ok');
}

export function exitCodeOf(status: HealthStatus): 0 | 1 | 2 {
  return RANK[status] as 0 | 1 | 2;
}

function minutes(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`;
}

function median(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function dataAge(input: HealthInput, t: HealthThresholds): HealthCheck {
  if (!input.schema || !input.lastSuccessAt) {
    return { name: 'data_age', status: 'critical', detail: 'no reporting data: the ETL has never succeeded' };
  }
  const age = Math.max(0, Date.parse(input.now) - Date.parse(input.lastSuccessAt));
  const limit = t.maxAgeMinutes * 60_000;
  const status: HealthStatus = age > 2 * limit ? 'critical' : age > limit ? 'warning' : 'ok';
  return { name: 'data_age', status, detail: `last successful load ${minutes(age)} ago (limit ${t.maxAgeMinutes} min)` };
}

function consecutiveFailures(input: HealthInput, t: HealthThresholds): HealthCheck {
  let failed = 0;
  let attempts = 0;
  let lastError = '';
  for (const r of input.runs) {
    if (r.status === 'success') break;
    if (r.status !== 'failed') continue; // cancelled runs are neither
    attempts++;
    if ((r.attempt ?? 1) <= 1) failed++;
    if (!lastError && r.error) lastError = r.error.length > 200 ? `${r.error.slice(0, 199)}…` : r.error;
  }
  const status: HealthStatus = failed >= t.failuresCritical ? 'critical' : failed > 0 || attempts > 0 ? 'warning' : 'ok';
  const detail =
    failed === 0 && attempts === 0
      ? 'the last run succeeded'
      : `${failed} failed run${failed === 1 ? '' : 's'} in a row (${attempts} attempt${attempts === 1 ? '' : 's'}) since the last success`;
  return { name: 'consecutive_failures', status, detail: lastError ? `${detail}; last error: ${lastError}` : detail };
}

function duration(input: HealthInput, t: HealthThresholds): HealthCheck {
  const ok = input.runs.filter((r) => r.status === 'success' && r.duration_ms !== null);
  const last = ok[0];
  if (!last) return { name: 'duration', status: 'ok', detail: 'no successful run yet' };
  const previous = ok
    .slice(1)
    .filter((r) => r.mode === last.mode)
    .slice(0, t.medianWindow)
    .map((r) => Number(r.duration_ms));
  if (previous.length < 3) return { name: 'duration', status: 'ok', detail: `last ${last.mode} run took ${minutes(Number(last.duration_ms))} (too few earlier runs to compare)` };
  const m = median(previous);
  const took = Number(last.duration_ms);
  const status: HealthStatus = took > m * t.durationFactor + t.durationSlackMs ? 'warning' : 'ok';
  return {
    name: 'duration',
    status,
    detail: `last ${last.mode} run took ${minutes(took)}; median of the ${previous.length} before: ${minutes(m)}`,
  };
}

function rowCounts(input: HealthInput, t: HealthThresholds): HealthCheck {
  const counted = input.runs.filter((r) => r.status === 'success' && r.row_counts);
  const [last, before] = counted;
  if (!last || !before) return { name: 'row_counts', status: 'ok', detail: 'fewer than two counted runs to compare' };
  const drops: string[] = [];
  const jumps: string[] = [];
  for (const [table, nowRaw] of Object.entries(last.row_counts!)) {
    const prev = Number(before.row_counts![table] ?? 0);
    const now = Number(nowRaw) + Number(last.pruned?.[table] ?? 0);
    if (prev < t.rowCountMinimum) continue;
    if (now < prev / t.rowCountFactor) drops.push(`${table} ${prev} → ${Number(nowRaw)}`);
    else if (now > prev * t.rowCountFactor) jumps.push(`${table} ${prev} → ${Number(nowRaw)}`);
  }
  if (drops.length) return { name: 'row_counts', status: 'critical', detail: `rows dropped beyond a factor ${t.rowCountFactor}: ${drops.join(', ')}` };
  if (jumps.length) return { name: 'row_counts', status: 'warning', detail: `rows jumped beyond a factor ${t.rowCountFactor}: ${jumps.join(', ')}` };
  return { name: 'row_counts', status: 'ok', detail: `every table within a factor ${t.rowCountFactor} of the run before` };
}

export function successRate(runs: readonly HealthRun[], window = HEALTH_WINDOW_RUNS): SuccessRate {
  const read = runs.slice(0, window);
  const count = (status: string): number => read.filter((r) => r.status === status).length;
  const succeeded = count('success');
  const failed = count('failed');
  return {
    window,
    runs: read.length,
    succeeded,
    failed,
    cancelled: count('cancelled'),
    rate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    since: read.length > 0 ? read[read.length - 1].started_at : null,
  };
}

export function healthVerdict(input: HealthInput, thresholds: Partial<HealthThresholds> = {}): HealthReport {
  const t = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(thresholds)) if (typeof v === 'number' && Number.isFinite(v)) (t as Record<string, number>)[k] = v;
  const checks = [dataAge(input, t), consecutiveFailures(input, t), duration(input, t), rowCounts(input, t)];
  return { status: worst(checks.map((c) => c.status)), checks, success_rate: successRate(input.runs) };
}
