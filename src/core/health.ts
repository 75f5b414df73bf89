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
 *
 * The design's four metrics (`metrics`), each with its target and status; the verdict is the
 * worst of the checks and the metrics:
 * - etl_success_rate: succeeded / finished over the window, target > 99 % (warning below);
 *   critical after `failuresCritical` (2) failed runs in a row (the design's alert).
 * - data_freshness: minutes since the last successful load, target < 30 (`maxAgeMinutes`;
 *   warning beyond, critical beyond twice it or when the ETL never succeeded).
 * - row_count_growth: the rows a day added (the reporting tables' total after the day's last
 *   successful run, less the previous day's, plus what the retention moved out that day) on
 *   the last complete UTC day, against the average of the `growthWindowDays` (14) days
 *   before it: a warning beyond ±50 % (`growthDeviation`); judged with 3 days or more.
 * - etl_duration: the last successful incremental run < 2 min and full refresh < 30 min.
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
  /**
   * The design's four metrics, in this order: etl_success_rate, data_freshness,
   * row_count_growth, etl_duration.
   */
  metrics: HealthMetric[];
}

export type HealthMetricName = 'etl_success_rate' | 'data_freshness' | 'row_count_growth' | 'etl_duration';

/** One of the design's metrics: what was measured, against what target, and the status it earns. */
export interface HealthMetric {
  name: HealthMetricName;
  status: HealthStatus;
  /** The measure in `unit` (null: nothing to measure yet). */
  value: number | null;
  /** percent (success rate), minutes (freshness), percent_deviation (growth), seconds (duration). */
  unit: 'percent' | 'minutes' | 'percent_deviation' | 'seconds';
  /** The design's target, in words: "> 99 %", "< 30 min", "within ±50 % of the 14-day average", "incremental < 2 min, full < 30 min". */
  target: string;
  detail: string;
  /** What else the metric measured (per metric: the window and counts, the day and its average, the last durations). */
  facts: Record<string, number | string | null>;
}

/** A UTC day of the run log: the reporting tables' total rows after its last successful run, and the rows the retention moved out that day. */
export interface GrowthDay {
  day: string;
  total: number;
  pruned: number;
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
  /** etl_success_rate: the target, as a fraction (0.99: > 99 %). */
  successRateTarget: number;
  /** row_count_growth: a day deviating more than this fraction from the average is a warning. */
  growthDeviation: number;
  /** row_count_growth: the days before the judged day the average is taken over. */
  growthWindowDays: number;
  /** row_count_growth: days needed in the window to judge. */
  growthMinDays: number;
  /** etl_duration: the targets of an incremental run and a full refresh. */
  incrementalMaxMs: number;
  fullMaxMs: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  maxAgeMinutes: 30,
  failuresCritical: 2,
  durationFactor: 3,
  durationSlackMs: 60_000,
  rowCountFactor: 2,
  rowCountMinimum: 100,
  medianWindow: 10,
  successRateTarget: 0.99,
  growthDeviation: 0.5,
  growthWindowDays: 14,
  growthMinDays: 3,
  incrementalMaxMs: 2 * 60_000,
  fullMaxMs: 30 * 60_000,
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
  /** The run log's UTC days (oldest first) for row_count_growth; omitted: not judged. */
  growth?: readonly GrowthDay[];
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

// ---- The design's four metrics

const pct = (f: number): string => `${(f * 100).toFixed(1)} %`;

/** Failed runs since the last success, a retry counting once (as consecutive_failures). */
function failedInARow(runs: readonly HealthRun[]): number {
  let failed = 0;
  for (const r of runs) {
    if (r.status === 'success') break;
    if (r.status === 'failed' && (r.attempt ?? 1) <= 1) failed++;
  }
  return failed;
}

function successRateMetric(input: HealthInput, t: HealthThresholds): HealthMetric {
  const r = successRate(input.runs);
  const inARow = failedInARow(input.runs);
  const target = `> ${pct(t.successRateTarget).replace('.0 ', ' ')}`;
  const facts = { window: r.window, finished: r.succeeded + r.failed, succeeded: r.succeeded, failed: r.failed, failed_in_a_row: inARow, since: r.since };
  if (inARow >= t.failuresCritical) {
    return { name: 'etl_success_rate', status: 'critical', value: r.rate === null ? null : r.rate * 100, unit: 'percent', target, detail: `${inARow} failed runs in a row (critical from ${t.failuresCritical})`, facts };
  }
  if (r.rate === null) return { name: 'etl_success_rate', status: 'ok', value: null, unit: 'percent', target, detail: 'no finished run yet', facts };
  const status: HealthStatus = r.rate < t.successRateTarget ? 'warning' : 'ok';
  return { name: 'etl_success_rate', status, value: r.rate * 100, unit: 'percent', target, detail: `${r.succeeded} of ${r.succeeded + r.failed} runs succeeded (the last ${r.window} runs of the log)`, facts };
}

function freshnessMetric(input: HealthInput, t: HealthThresholds): HealthMetric {
  const target = `< ${t.maxAgeMinutes} min`;
  if (!input.schema || !input.lastSuccessAt) {
    return { name: 'data_freshness', status: 'critical', value: null, unit: 'minutes', target, detail: 'the ETL has never succeeded', facts: { last_success_at: null } };
  }
  const age = Math.max(0, Date.parse(input.now) - Date.parse(input.lastSuccessAt));
  const limit = t.maxAgeMinutes * 60_000;
  const status: HealthStatus = age > 2 * limit ? 'critical' : age > limit ? 'warning' : 'ok';
  return { name: 'data_freshness', status, value: Math.round(age / 600) / 100, unit: 'minutes', target, detail: `last successful load ${minutes(age)} ago`, facts: { last_success_at: input.lastSuccessAt } };
}

const previousDay = (day: string): string => new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

/** Rows each day added (a day needs the day before it in the log): day → rows. */
function dailyNewRows(days: readonly GrowthDay[]): Map<string, number> {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out = new Map<string, number>();
  for (const d of days) {
    const prev = byDay.get(previousDay(d.day));
    if (prev) out.set(d.day, d.total - prev.total + d.pruned);
  }
  return out;
}

function growthMetric(input: HealthInput, t: HealthThresholds): HealthMetric {
  const target = `within ±${Math.round(t.growthDeviation * 100)} % of the ${t.growthWindowDays}-day average`;
  const metric = (status: HealthStatus, value: number | null, detail: string, facts: HealthMetric['facts'] = {}): HealthMetric => ({ name: 'row_count_growth', status, value, unit: 'percent_deviation', target, detail, facts });
  if (!input.growth) return metric('ok', null, 'not measured (schema not migrated yet)');
  const today = input.now.slice(0, 10);
  const rows = dailyNewRows(input.growth);
  const judged = [...rows.keys()].filter((d) => d < today).sort().at(-1);
  if (!judged) return metric('ok', null, 'no complete day with a day before it in the run log yet');
  const earliest = new Date(Date.parse(`${judged}T00:00:00Z`) - t.growthWindowDays * 86_400_000).toISOString().slice(0, 10);
  const window = [...rows].filter(([d]) => d < judged && d >= earliest).map(([, n]) => n);
  const added = rows.get(judged)!;
  const facts = { day: judged, new_rows: added, average: null as number | null, days_averaged: window.length, window_days: t.growthWindowDays };
  if (window.length < t.growthMinDays) return metric('ok', null, `${judged}: ${added} new rows; too few days before it to compare (${window.length} of ${t.growthMinDays})`, facts);
  const average = window.reduce((a, b) => a + b, 0) / window.length;
  facts.average = Math.round(average * 100) / 100;
  if (average === 0) {
    const status: HealthStatus = added === 0 ? 'ok' : 'warning';
    return metric(status, added === 0 ? 0 : null, `${judged}: ${added} new rows against an average of 0 over the ${window.length} days before`, facts);
  }
  const deviation = (added - average) / average;
  const status: HealthStatus = Math.abs(deviation) > t.growthDeviation ? 'warning' : 'ok';
  return metric(status, Math.round(deviation * 1000) / 10, `${judged}: ${added} new rows, ${deviation >= 0 ? '+' : ''}${(deviation * 100).toFixed(1)} % against the average of the ${window.length} days before (${facts.average})`, facts);
}

function durationMetric(input: HealthInput, t: HealthThresholds): HealthMetric {
  const target = `incremental < ${minutes(t.incrementalMaxMs)}, full < ${minutes(t.fullMaxMs)}`;
  const lastOf = (mode: string): HealthRun | undefined => input.runs.find((r) => r.status === 'success' && r.mode === mode && r.duration_ms !== null);
  const inc = lastOf('incremental');
  const full = lastOf('full');
  const over: string[] = [];
  if (inc && Number(inc.duration_ms) > t.incrementalMaxMs) over.push(`the last incremental run took ${minutes(Number(inc.duration_ms))}`);
  if (full && Number(full.duration_ms) > t.fullMaxMs) over.push(`the last full refresh took ${minutes(Number(full.duration_ms))}`);
  const last = input.runs.find((r) => r.status === 'success' && r.duration_ms !== null);
  const secs = (r: HealthRun | undefined): number | null => (r ? Number(r.duration_ms) / 1000 : null);
  const facts = { last_mode: last?.mode ?? null, incremental_seconds: secs(inc), full_seconds: secs(full) };
  const detail = over.length
    ? over.join('; ')
    : !last
      ? 'no successful run yet'
      : [inc ? `incremental ${minutes(Number(inc.duration_ms))}` : null, full ? `full ${minutes(Number(full.duration_ms))}` : null].filter(Boolean).join(', ');
  return { name: 'etl_duration', status: over.length ? 'warning' : 'ok', value: secs(last), unit: 'seconds', target, detail, facts };
}

export function healthVerdict(input: HealthInput, thresholds: Partial<HealthThresholds> = {}): HealthReport {
  const t = { ...DEFAULT_THRESHOLDS };
  for (const [k, v] of Object.entries(thresholds)) if (typeof v === 'number' && Number.isFinite(v)) (t as Record<string, number>)[k] = v;
  const checks = [dataAge(input, t), consecutiveFailures(input, t), duration(input, t), rowCounts(input, t)];
  const metrics = [successRateMetric(input, t), freshnessMetric(input, t), growthMetric(input, t), durationMetric(input, t)];
  return { status: worst([...checks, ...metrics].map((c) => c.status)), checks, success_rate: successRate(input.runs), metrics };
}
